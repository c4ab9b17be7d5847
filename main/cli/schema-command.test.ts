// `acr-cache schema`: the JSON Schema generated from core/rule-set-schema.ts accepts the files the
// reader accepts (the examples and the export golden sample) and refuses what it refuses; a file
// may name the schema with `$schema` without a warning.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { memoryCliIo } from '../../test/support/memory-cli-io.ts';
import { runCli } from './acr-cache.ts';

async function cli(args: string[], files: Record<string, string> = {}) {
  const io = memoryCliIo(files);
  const code = await runCli(args, io);
  return { code, io };
}

async function validator() {
  const r = await cli(['schema']);
  expect(r.code).toBe(0);
  const schema = JSON.parse(r.io.stdout) as Record<string, unknown>;
  expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  return new Ajv2020({ allErrors: true, strict: false }).compile(schema);
}

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('acr-cache schema', () => {
  test('the schema accepts the repository example and the export golden sample', async () => {
    const validate = await validator();
    for (const file of ['examples/rules.yaml', 'core/export/__golden__/sample.yaml']) {
      expect(validate(parse(read(file))), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  test('it refuses what the reader refuses: a number as a name, an unknown field, missing rules', async () => {
    const validate = await validator();
    expect(validate({ rules: [{ name: 42, source: 'docker.io/library/*', target: 'library/*' }] })).toBe(false);
    expect(validate({ rules: [{ name: 'a-rule', source: 'docker.io/x', target: 'x', colour: 'red' }] })).toBe(false);
    expect(validate({ registry: 'contoso.azurecr.io' })).toBe(false);
  });

  test('-o yaml and --out-file work as on every command', async () => {
    const json = JSON.parse((await cli(['schema'])).io.stdout) as unknown;
    expect(parse((await cli(['schema', '-o', 'yaml'])).io.stdout)).toEqual(json);
    const written = await cli(['schema', '--out-file', 'acr-cache.schema.json']);
    expect(JSON.parse(written.io.files.get('acr-cache.schema.json') ?? '')).toEqual(json);
    expect((await cli(['schema', 'extra'])).code).toBe(2);
  });

  test('a file carrying $schema (and the modeline) lints without a warning', async () => {
    const file = '# yaml-language-server: $schema=./acr-cache.schema.json\n$schema: ./acr-cache.schema.json\nrules:\n  - name: dotnet-mcr\n    source: mcr.microsoft.com/dotnet/*\n    target: dotnet/*\n';
    const r = await cli(['lint', 'rules.yaml'], { 'rules.yaml': file });
    expect(r.code).toBe(0);
    expect(r.io.stderr).toBe('');
    expect(r.io.stdout).toBe('rules.yaml: no problems\n');
  });
});
