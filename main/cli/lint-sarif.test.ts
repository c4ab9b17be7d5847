// lint's positions and CI formats: problems at the line and column of the offending value (YAML,
// JSON and az output), SARIF 2.1.0 validated against the schema (test/fixtures/sarif), and GitHub
// workflow annotations.
import { readFileSync } from 'node:fs';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, test } from 'vitest';
import { memoryCliIo } from '../../test/support/memory-cli-io.ts';
import { runCli } from './acr-cache.ts';

const YAML_SET = `# rules for contoso
registry: contoso.azurecr.io
rules:
  - name: hub-library
    source: docker.io/library/*
    target: library/*
  - name: dotnet
    source: mcr.microsoft.com/dotnet/*
    target: library/dotnet/*
credentialSets: []
`;

async function lint(args: string[], files: Record<string, string>) {
  const io = memoryCliIo(files);
  const code = await runCli(['lint', ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

function sarifValidator() {
  const schema = JSON.parse(readFileSync(new URL('../../test/fixtures/sarif/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8')) as object;
  // unicodeRegExp off: the schema's patterns are ECMAScript regexes without the u flag
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

describe('positions', () => {
  test('the table names file:line:column of the offending value', async () => {
    const r = await lint(['rules.yaml'], { 'rules.yaml': YAML_SET });
    expect(r.code).toBe(1);
    // credentials-required is about a field hub-library lacks: the rule itself (line 4, "name:")
    expect(r.stdout).toMatch(/^rules\.yaml:4:5  error {4}credentials-required {2}hub-library$/m);
    // the overlap is about dotnet's target (line 9)
    expect(r.stdout).toMatch(/^rules\.yaml:9:13  error {4}wildcard-overlap {2}dotnet ↔ hub-library$/m);
  });

  test('JSON input is placed too, and -o json carries the location', async () => {
    const json = JSON.stringify({ rules: [{ name: 'hub-library', source: 'docker.io/library/*', target: 'hub/*' }] }, null, 2);
    const r = await lint(['rules.json', '-o', 'json'], { 'rules.json': json });
    const out = JSON.parse(r.stdout) as { problems: { code: string; location?: Record<string, unknown> }[] };
    const source = json.split('\n').findIndex((l) => l.includes('"source"')) + 1;
    // library-remap: Docker Hub's library/ served under another target, about the source
    expect(out.problems.find((p) => p.code === 'library-remap')?.location).toEqual({ file: 'rules.json', line: source, column: 17, endLine: source, endColumn: 38 });
  });

  test("'az acr cache list' output: fields are found under their ARM names", async () => {
    const az = JSON.stringify([{ name: 'hub', sourceRepository: 'docker.io/library/*', targetRepository: 'x/*' }], null, 1);
    const r = await lint(['az.json', '-o', 'json'], { 'az.json': az });
    const problems = (JSON.parse(r.stdout) as { problems: { code: string; location?: { line: number } }[] }).problems;
    expect(problems.find((p) => p.code === 'invalid-name')?.location?.line).toBe(3);
    expect(problems.find((p) => p.code === 'library-remap')?.location?.line).toBe(4);
  });
});

describe('-o sarif', () => {
  test('is a valid SARIF 2.1.0 log with a result per problem at its region', async () => {
    const r = await lint(['rules.yaml', '-o', 'sarif'], { 'rules.yaml': YAML_SET });
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout) as { version: string; runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: Record<string, unknown>[] }[] };
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(log.version).toBe('2.1.0');
    const [run] = log.runs;
    expect(run?.tool.driver.name).toBe('acr-cache');
    expect(run?.results).toContainEqual(
      expect.objectContaining({
        ruleId: 'wildcard-overlap',
        level: 'error',
        locations: [{ physicalLocation: { artifactLocation: { uri: 'rules.yaml' }, region: { startLine: 9, startColumn: 13, endLine: 9, endColumn: 29 } } }],
      }),
    );
    for (const result of run?.results ?? []) expect(run?.tool.driver.rules[result.ruleIndex as number]?.id).toBe(result.ruleId);
  });

  test('the validator is not a rubber stamp: a log missing its version is refused', () => {
    const validate = sarifValidator();
    expect(validate({ runs: [] })).toBe(false);
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
  });

  test('a clean file gives a valid log with no results', async () => {
    const r = await lint(['ok.yaml', '-o', 'sarif'], { 'ok.yaml': 'rules:\n  - name: dotnet-mcr\n    source: mcr.microsoft.com/dotnet/*\n    target: dotnet/*\n' });
    expect(r.code).toBe(0);
    const log = JSON.parse(r.stdout) as { runs: { results: unknown[] }[] };
    expect(sarifValidator()(log)).toBe(true);
    expect(log.runs[0]?.results).toEqual([]);
  });
});

describe('-o github', () => {
  test('one workflow command per problem, at file, line and column; messages escaped', async () => {
    const r = await lint(['rules.yaml', '-o', 'github'], { 'rules.yaml': YAML_SET });
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.every((l) => /^::(error|warning|notice) file=rules\.yaml,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[^:]+::\S/.test(l))).toBe(true);
    expect(lines).toContainEqual(expect.stringMatching(/^::error file=rules\.yaml,line=9,col=13,endLine=9,endColumn=29,title=wildcard-overlap \(dotnet ↔ hub-library\)::/));
    expect(r.stdout).not.toMatch(/[^\n]\n[^:]/); // a message never breaks the line
  });

  test('info problems are notices', async () => {
    const set = 'rules:\n  - name: dotnet-mcr\n    source: mcr.microsoft.com/dotnet/*\n    target: dotnet/*\n  - name: dotnet-sdk\n    source: mcr.microsoft.com/dotnet/sdk\n    target: dotnet/sdk\n';
    const r = await lint(['s.yaml', '-o', 'github'], { 's.yaml': set });
    expect(r.stdout).toMatch(/^::notice file=s\.yaml,line=7,col=13,.*title=static-under-wildcard/m);
  });
});
