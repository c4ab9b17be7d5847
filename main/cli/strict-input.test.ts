// Issue 11.6 through the real CLI: UTF-16 files (PowerShell's `>`) are linted, a duplicate JSON key
// stops lint with the key and line, and input escape sequences never reach the terminal raw.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cliSandbox } from '../../test/support/cli-runner.ts';

const { dir, file, run } = cliSandbox('acr-cache-strict-');
const RULES = 'rules:\n  - name: dotnet\n    source: mcr.microsoft.com/dotnet/*\n    target: dotnet/*\n';

function utf16(text: string, endian: 'le' | 'be', bom: boolean): Buffer {
  const le = Buffer.from((bom ? '\ufeff' : '') + text, 'utf16le');
  return endian === 'le' ? le : le.swap16();
}

describe('acr-cache lint reads strictly', () => {
  test.each([
    ['LE', 'le', true],
    ['LE, no BOM', 'le', false],
    ['BE', 'be', true],
    ['BE, no BOM', 'be', false],
  ] as const)('a UTF-16 %s file is decoded and linted', async (_name, endian, bom) => {
    const path = join(dir, `utf16-${endian}-${String(bom)}.yaml`);
    writeFileSync(path, utf16(RULES, endian, bom));
    const result = await run(['lint', path, '-o', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  test('a UTF-16 JSON file (az acr cache list > rules.json in PowerShell) is decoded too', async () => {
    const path = join(dir, 'stdin-utf16.json');
    writeFileSync(path, utf16('[{"name": "dotnet", "sourceRepository": "mcr.microsoft.com/dotnet/*", "targetRepository": "dotnet/*"}]', 'le', true));
    const result = await run(['lint', path]);
    expect(result.stderr).not.toMatch(/not valid|UTF-16/);
    expect(result.code).toBe(0);
  });

  test('a duplicate key in a JSON file is exit 2 naming the key and its lines', async () => {
    const path = file('dup.json', '{\n  "rules": [\n    { "name": "a", "source": "mcr.microsoft.com/a", "target": "a" }\n  ],\n  "rules": []\n}\n');
    const result = await run(['lint', path]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/the key 'rules' appears twice in one object \(line 2 and line 5, column 3\)/);
  });

  test('escape sequences in the input are escaped on stderr and in text output', async () => {
    const path = file('esc.yaml', 'rules:\n  - name: "a\\e]0;owned\\a"\n    source: mcr.microsoft.com/a\n    target: a\n    "\\e[2Jx": 1\n');
    const result = await run(['lint', path]);
    expect(result.stderr + result.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(result.stderr).toContain('\\x1b[2Jx');
  });
});

describe('the other JSON inputs are read as strictly', () => {
  test('lint --repositories refuses a JSON list with a key given twice, naming it', async () => {
    const rules = file('rules.yaml', 'registry: contoso.azurecr.io\nrules:\n  - name: hub-nginx\n    source: docker.io/library/nginx\n    target: hub/nginx\n    credentialSet: hub\ncredentialSets:\n  - name: hub\n    loginServer: docker.io\n    usernameSecret: https://kv.vault.azure.net/secrets/u\n    passwordSecret: https://kv.vault.azure.net/secrets/p\n');
    const repositories = file('repos.json', '[{"a": 1, "a": 2}]');
    const result = await run(['lint', rules, '--repositories', repositories]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/repositories .*the key 'a' appears twice/);
  });

  test('plan --baseline refuses fingerprints with a rule given twice, naming it', async () => {
    const rules = file('rules2.yaml', 'registry: contoso.azurecr.io\nrules:\n  - name: mcr-dotnet\n    source: mcr.microsoft.com/dotnet/*\n    target: dotnet/*\n');
    const baseline = file('baseline.json', '{"rules": {"mcr-dotnet": "x", "mcr-dotnet": "y"}}');
    const result = await run(['plan', '--from', rules, '--to', rules, '--baseline', baseline]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/baseline .*the key 'mcr-dotnet' appears twice/);
  });
});
