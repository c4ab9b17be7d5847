// electron-builder.yml as electron-builder itself loads it (its getConfig, which also reads
// package.json's "build") and checks it (its validateConfiguration, which refuses an unknown or
// misplaced key, as a pack would), and the `.acrcache.*` file association the app handles at run
// time (main/shell/open-files.ts, main/drafts/file-import.ts).
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { draftNameOfFile } from '../../main/drafts/file-import.ts';
import { filesInArgv } from '../../main/shell/open-files.ts';

type Association = { ext: unknown; name?: string; description?: string; mimeType?: string; role?: string; icon?: string };
type BuilderConfig = Record<string, unknown> & { fileAssociations: Association[] };

const root = new URL('../..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const builderConfig = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: object | null): Promise<BuilderConfig>;
  validateConfiguration(config: object, debugLogger: object): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => object };

let config: BuilderConfig;
beforeAll(async () => {
  // electron-builder logs "loaded configuration" on stdout
  const info = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    config = await builderConfig.getConfig(root, null, null);
  } finally {
    info.mockRestore();
  }
});

describe('electron-builder.yml', () => {
  test('passes the configuration check of the electron-builder it is packed with; the check itself refuses a wrong association', async () => {
    await expect(builderConfig.validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    for (const fileAssociations of [[{ ext: 'acrcache.yaml', colour: 'red' }], [{ name: 'no extension' }]]) {
      await expect(builderConfig.validateConfiguration({ ...config, fileAssociations }, new DebugLogger(false))).rejects.toThrow(/does not match the API schema/);
    }
  });

  test('associates .acrcache.yaml, .acrcache.yml and .acrcache.json, one extension an entry, as an Editor with a MIME type', () => {
    const associations = config.fileAssociations;
    expect(associations.map((a) => a.ext)).toEqual(['acrcache.yaml', 'acrcache.yml', 'acrcache.json']);
    for (const association of associations) {
      // a list in `ext` would become one broken Linux glob (`*.a,b`): electron-builder writes it as is
      expect(typeof association.ext).toBe('string');
      expect(association).toMatchObject({ name: expect.stringMatching(/\S/), description: expect.stringMatching(/\S/), role: 'Editor' });
      expect(association.mimeType).toMatch(/^application\/x-acrcache\+(yaml|json)$/);
      expect(association.mimeType!.endsWith(String(association.ext).includes('json') ? 'json' : 'yaml')).toBe(true);
      // a document icon named here must exist in build/ (electron-builder looks for .icns / .ico)
      if (association.icon) expect(['icns', 'ico'].some((kind) => existsSync(join(root, 'build', `${association.icon}.${kind}`)))).toBe(true);
    }
  });

  test("a Linux package's MIME file, as electron-builder writes it from them, has one glob for each double extension", async () => {
    // LinuxTargetHelper is what the deb target uses (internal to app-builder-lib 26: a stand-in packager
    // gives it only what computing the MIME file reads)
    const { LinuxTargetHelper } = require('app-builder-lib/out/targets/LinuxTargetHelper.js') as {
      LinuxTargetHelper: new (packager: object) => { mimeTypeFiles: Promise<string | null> };
    };
    const folder = await mkdtemp(join(tmpdir(), 'acs-mime-'));
    try {
      const helper = new LinuxTargetHelper({ fileAssociations: config.fileAssociations, getTempFile: async (suffix: string) => join(folder, `mime${suffix}`) });
      const xml = await readFile((await helper.mimeTypeFiles)!, 'utf8');
      const types = [...xml.matchAll(/<mime-type type="([^"]+)">\s*<glob pattern="([^"]+)"\/>/g)].map((m) => [m[1], m[2]]);
      expect(types).toEqual([
        ['application/x-acrcache+yaml', '*.acrcache.yaml'],
        ['application/x-acrcache+yaml', '*.acrcache.yml'],
        ['application/x-acrcache+json', '*.acrcache.json'],
      ]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  test('every associated file is one the app opens when launched with it, as a draft named without the suffix', () => {
    for (const { ext } of config.fileAssociations) {
      const file = `/home/ana/contoso-prod.${String(ext)}`;
      expect(filesInArgv(['/opt/ACR Cache Studio/acr-cache-studio', file], { defaultApp: false, workingDirectory: '/' })).toEqual([file]);
      expect(draftNameOfFile(file)).toBe('contoso-prod');
    }
  });
});
