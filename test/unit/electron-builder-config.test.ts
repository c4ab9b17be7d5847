// electron-builder.yml as electron-builder reads it: valid against its own schema (what a typo'd
// key or a wrong type would fail at pack time), and the `.acrcache.*` file association the app
// handles at run time (main/shell/open-files.ts, main/drafts/file-import.ts).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { draftNameOfFile } from '../../main/drafts/file-import.ts';
import { filesInArgv } from '../../main/shell/open-files.ts';

const root = new URL('../..', import.meta.url).pathname;
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown> & {
  fileAssociations: Array<{ ext: unknown; name?: string; description?: string; mimeType?: string; role?: string; icon?: string }>;
};

describe('electron-builder.yml', () => {
  test("is valid against the schema of the electron-builder it is packed with (app-builder-lib's scheme.json)", () => {
    const schema = createRequire(import.meta.url)('app-builder-lib/scheme.json') as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(config) ? [] : validate.errors).toEqual([]);
    // the check itself can fail: a wrong type in an association is refused
    expect(validate({ ...config, fileAssociations: [{ ext: 'acrcache.yaml', role: 3 }] })).toBe(false);
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

  test('every associated file is one the app opens when launched with it, as a draft named without the suffix', () => {
    for (const { ext } of config.fileAssociations) {
      const file = `/home/ana/contoso-prod.${String(ext)}`;
      expect(filesInArgv(['/opt/ACR Cache Studio/acr-cache-studio', file], { defaultApp: false, workingDirectory: '/' })).toEqual([file]);
      expect(draftNameOfFile(file)).toBe('contoso-prod');
    }
  });
});
