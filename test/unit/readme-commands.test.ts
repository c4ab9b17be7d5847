// The README promises that every `acr-cache` command it shows runs as written from a fresh clone.
// This reads those commands out of README.md itself (so an edited README is what gets checked),
// runs each through a shell from a copy of the repository's examples, and checks the exit code
// the line's comment announces (0 when it announces none).
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

interface ReadmeCommand {
  line: string;
  expectedExit: number;
}

/** `npx acr-cache …` lines of the README's sh blocks, with the exit code their comment names as `exit N:`. */
export function readmeCliCommands(markdown: string): ReadmeCommand[] {
  const commands: ReadmeCommand[] = [];
  for (const block of markdown.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const raw of block[1]!.split('\n')) {
      const line = raw.trim();
      if (!line.startsWith('npx acr-cache ')) continue;
      const comment = /#\s*(.*)$/.exec(line)?.[1] ?? '';
      const announced = /\bexit (\d):/.exec(comment);
      commands.push({ line, expectedExit: announced ? Number(announced[1]) : 0 });
    }
  }
  return commands;
}

function runShell(command: string, cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn('sh', ['-c', command], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

describe('README commands', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const commands = readmeCliCommands(readme);

  it('shows acr-cache commands for lint, resolve, plan and export', () => {
    const verbs = new Set(commands.map((c) => c.line.split(/\s+/)[2]));
    for (const verb of ['lint', 'resolve', 'plan', 'export']) expect(verbs).toContain(verb);
  });

  it('reads the exit code a command line announces', () => {
    expect(readmeCliCommands('```sh\nnpx acr-cache lint a.yaml   # exit 0 clean, 1 errors\nnpx acr-cache resolve a - < b   # exit 1: bypass\n```')).toEqual([
      { line: 'npx acr-cache lint a.yaml   # exit 0 clean, 1 errors', expectedExit: 0 },
      { line: 'npx acr-cache resolve a - < b   # exit 1: bypass', expectedExit: 1 },
    ]);
  });

  // A copy of the repository's examples with node_modules linked in, so that `npx acr-cache`
  // resolves to this checkout's bin exactly as it does from the root of a fresh clone.
  const work = mkdtempSync(join(tmpdir(), 'readme-commands-'));
  cpSync(join(root, 'examples'), join(work, 'examples'), { recursive: true });
  cpSync(join(root, 'package.json'), join(work, 'package.json'));
  cpSync(join(root, 'bin'), join(work, 'bin'), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'));
  symlinkSync(join(root, 'main'), join(work, 'main'));
  symlinkSync(join(root, 'core'), join(work, 'core'));
  // the CLI bundle (cli/dist) and its entry, which bin/acr-cache.mjs runs
  symlinkSync(join(root, 'cli'), join(work, 'cli'));

  for (const command of commands) {
    it(`runs as written: ${command.line}`, { timeout: 60_000 }, async () => {
      const { code, output } = await runShell(command.line, work);
      expect({ code, output }).toMatchObject({ code: command.expectedExit });
    });
  }
});
