// `acr-cache rewrite` on a folder, as a pipeline runs it: the golden inputs of core/migrate spread
// over subfolders, rewritten in place (--write must give the golden .expected files), as a diff
// that `git apply` accepts, and as a JSON report.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cliSandbox } from '../../test/support/cli-runner.ts';

const GOLDEN = resolve(import.meta.dirname, '../../core/migrate/__golden__');
const RULES = join(GOLDEN, 'rewrite-rules.yaml');
const PLACES: Record<string, string> = { 'deployment.yaml': 'k8s', 'values.yaml': 'k8s/chart', 'compose.yaml': 'app', Dockerfile: 'app' };

function tree(box: ReturnType<typeof cliSandbox>, name: string): string {
  const root = join(box.dir, name);
  for (const [file, folder] of Object.entries(PLACES)) {
    mkdirSync(join(root, folder), { recursive: true });
    cpSync(join(GOLDEN, 'rewrite', file), join(root, folder, file));
  }
  // not a manifest: left alone
  cpSync(join(GOLDEN, 'rewrite-rules.yaml'), join(root, 'app', 'README.txt'));
  return root;
}

describe('acr-cache rewrite DIR', () => {
  const box = cliSandbox('acr-cache-rewrite-');

  test('--write rewrites every manifest of the folder into the golden result; uncovered references exit 1', async () => {
    const root = tree(box, 'write');
    const r = await box.run(['rewrite', root, '--registry', 'contoso.azurecr.io', '--rules', RULES, '--write']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1); // quay.io/prometheus/node-exporter is covered by no rule
    expect(r.stdout).toMatch(/not-covered: no rule's source covers quay\.io\/prometheus\/node-exporter/);
    expect(r.stdout).toMatch(/11 reference\(s\) in 4 of 4 file\(s\) rewritten/);
    for (const [file, folder] of Object.entries(PLACES)) {
      expect(readFileSync(join(root, folder, file), 'utf8'), file).toBe(readFileSync(join(GOLDEN, 'rewrite', `${file}.expected`), 'utf8'));
    }
  });

  test('--diff prints a patch that git apply turns into the same files', async () => {
    const root = tree(box, 'diff');
    // run from inside the folder, so the patch's paths are relative to it
    const r = spawnSync(process.execPath, [resolve(import.meta.dirname, '../../bin/acr-cache.mjs'), 'rewrite', '.', '--registry', 'contoso.azurecr.io', '--rules', RULES, '--diff'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(1);
    const inside = r.stdout;
    expect(inside).toMatch(/^--- a\/app\/Dockerfile\n\+\+\+ b\/app\/Dockerfile\n@@ /m);
    execFileSync('git', ['apply', '-'], { cwd: root, input: inside });
    for (const [file, folder] of Object.entries(PLACES)) {
      expect(readFileSync(join(root, folder, file), 'utf8'), file).toBe(readFileSync(join(GOLDEN, 'rewrite', `${file}.expected`), 'utf8'));
    }
  });

  test('-o json reports each file; nothing is written without --write', async () => {
    const root = tree(box, 'json');
    const r = await box.run(['rewrite', root, '--registry', 'contoso.azurecr.io', '--rules', RULES, '-o', 'json']);
    const out = JSON.parse(r.stdout) as { files: { file: string; changed: boolean; changes: { to: string }[]; uncovered: string[] }[] };
    expect(out.files).toHaveLength(4);
    expect(out.files.flatMap((f) => f.uncovered)).toEqual(['quay.io/prometheus/node-exporter:v1.8.2']);
    expect(out.files.flatMap((f) => f.changes.map((c) => c.to))).toContain('contoso.azurecr.io/docker-hub/library/nginx:1.27');
    expect(readFileSync(join(root, 'k8s', 'deployment.yaml'), 'utf8')).toBe(readFileSync(join(GOLDEN, 'rewrite', 'deployment.yaml'), 'utf8'));
    expect((await box.run(['rewrite', root, '--rules', RULES])).code).toBe(2);
  });
});
