// The options every command shares (-o/--output, --json, --query, --out-file, --input-format),
// run in-process through runCli with files in memory.
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { memoryCliIo } from '../../test/support/memory-cli-io.ts';
import { COMMANDS, runCli } from './acr-cache.ts';

const RULES = `registry: contoso.azurecr.io
rules:
  - name: dotnet-mcr
    source: mcr.microsoft.com/dotnet/*
    target: dotnet/*
  - name: hub-library
    source: docker.io/library/*
    target: library/*
`;

async function cli(args: string[], files: Record<string, string> = { 'rules.yaml': RULES }) {
  const io = memoryCliIo(files);
  const code = await runCli(args, io);
  return { code, io };
}

describe('-o/--output', () => {
  test('-o json and --json print the same result', async () => {
    const a = await cli(['lint', 'rules.yaml', '-o', 'json']);
    const b = await cli(['lint', 'rules.yaml', '--json']);
    expect(a.code).toBe(1);
    expect(a.io.stdout).toBe(b.io.stdout);
    expect(JSON.parse(a.io.stdout)).toMatchObject({ ok: false, problems: [{ code: 'credentials-required', rule: 'hub-library' }] });
  });

  test('-o yaml prints the JSON result as YAML, for every command that reads a rule set', async () => {
    const lint = await cli(['lint', 'rules.yaml', '-o', 'yaml']);
    expect(parse(lint.io.stdout)).toEqual(JSON.parse((await cli(['lint', 'rules.yaml', '-o', 'json'])).io.stdout));
    const resolve = await cli(['resolve', 'rules.yaml', 'contoso.azurecr.io/dotnet/sdk:8.0', '--output', 'yaml']);
    expect(parse(resolve.io.stdout)).toMatchObject({ results: [{ rule: 'dotnet-mcr', upstream: 'mcr.microsoft.com/dotnet/sdk:8.0' }] });
    const plan = await cli(['plan', '--from', 'empty.yaml', '--to', 'rules.yaml', '-o', 'yaml'], { 'rules.yaml': RULES, 'empty.yaml': 'rules: []\n' });
    expect(parse(plan.io.stdout)).toMatchObject({ summary: { create: 2 } });
  });

  test('a format a command has not, an unknown one, and --json against -o table are usage errors (exit 2)', async () => {
    for (const [args, message] of [
      [['resolve', 'rules.yaml', 'x', '-o', 'sarif'], /resolve has no sarif output; -o takes table, json, yaml/],
      [['lint', 'rules.yaml', '-o', 'xml'], /-o\/--output takes .*not 'xml' \(the file written is --out-file\)/],
      [['lint', 'rules.yaml', '--json', '-o', 'table'], /--json and -o table disagree/],
    ] as const) {
      const r = await cli([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.io.stderr).toMatch(message);
      expect(r.io.stdout).toBe('');
    }
  });
});

describe('--query', () => {
  test('selects from the JSON result with JMESPath, as az --query', async () => {
    const r = await cli(['lint', 'rules.yaml', '--query', 'problems[].rule']);
    expect(r.code).toBe(1); // the exit code is the command's, not the query's
    expect(JSON.parse(r.io.stdout)).toEqual(['hub-library']);
    const plan = await cli(['plan', '--from', 'empty.yaml', '--to', 'rules.yaml', '--query', "operations[?kind=='create-rule'].name", '-o', 'yaml'], { 'rules.yaml': RULES, 'empty.yaml': 'rules: []\n' });
    expect(parse(plan.io.stdout)).toEqual(['dotnet-mcr', 'hub-library']);
  });

  test('an invalid expression, or --query with -o table, is a usage error', async () => {
    const bad = await cli(['lint', 'rules.yaml', '--query', 'problems[?']);
    expect(bad.code).toBe(2);
    expect(bad.io.stderr).toMatch(/--query 'problems\[\?' is not a JMESPath expression/);
    const table = await cli(['lint', 'rules.yaml', '--query', 'ok', '-o', 'table']);
    expect(table.code).toBe(2);
    expect(table.io.stderr).toMatch(/use it with -o json or -o yaml/);
  });
});

describe('--out-file and --input-format', () => {
  test('--out-file writes what stdout would have shown; an unwritable path exits 2', async () => {
    const shown = await cli(['lint', 'rules.yaml', '-o', 'json']);
    const written = await cli(['lint', 'rules.yaml', '-o', 'json', '--out-file', 'report.json']);
    expect(written.io.stdout).toBe('');
    expect(written.io.files.get('report.json')).toBe(shown.io.stdout);
    const bad = await cli(['lint', 'rules.yaml', '--out-file', '/no-such-dir/x']);
    expect(bad.code).toBe(2);
    expect(bad.io.stderr).toMatch(/cannot write '\/no-such-dir\/x': no such directory/);
  });

  test('--input-format everywhere; --format, its old name in lint/resolve/plan, still works with a note', async () => {
    const json = { 'rules.json': JSON.stringify({ rules: [{ name: 'dotnet-mcr', source: 'mcr.microsoft.com/dotnet/*', target: 'dotnet/*' }] }) };
    expect((await cli(['lint', 'rules.json', '--input-format', 'json'], json)).code).toBe(0);
    const yamlAsJson = await cli(['lint', 'rules.yaml', '--input-format', 'json']);
    expect(yamlAsJson.code).toBe(2);
    expect(yamlAsJson.io.stderr).toMatch(/not valid JSON/);
    const old = await cli(['lint', 'rules.json', '--format', 'json'], json);
    expect(old.code).toBe(0);
    expect(old.io.stderr).toBe('acr-cache lint: warning: --format is now --input-format (-o/--output is the output format).\n');
    expect((await cli(['lint', 'rules.json', '--format', 'json', '--input-format', 'json'], json)).code).toBe(2);
  });
});

test('every command documents -o, --query and --out-file in its --help, and its exit codes', async () => {
  for (const command of COMMANDS) {
    const r = await cli([command.name, '--help']);
    expect(r.code, command.name).toBe(0);
    // apply streams its progress: -o picks table or JSON lines, and --query / --out-file do not apply
    const options = command.name === 'apply' ? ['-o, --output FORMAT', 'Exit codes:'] : ['-o, --output FORMAT', '--query JMESPATH', '--out-file PATH', 'Exit codes:'];
    for (const option of options) expect(r.io.stdout, `${command.name} ${option}`).toContain(option);
  }
});
