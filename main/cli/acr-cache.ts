// The `acr-cache` CLI: the rule engine of core/ for CI pipelines that keep rule sets in git.
// cli/build.mjs bundles it (cli/dist/acr-cache.mjs, what bin/acr-cache.mjs and the npm package run);
// in a dev checkout bin/acr-cache.mjs falls back to these sources through tsx.

import type { CliCommand } from './cli-command.ts';
import { CliInputError, EXIT_OK, EXIT_USAGE, processIo, type CliIo } from './cli-io.ts';
import { escapeControlsKeepingLayout } from '../../core/input-text.ts';
import { cliVersion } from './version.ts';

/** A command as the top level knows it: its name, its help line, and how to load it. */
export interface CommandEntry {
  readonly name: string;
  /** One line for the top-level help. */
  readonly summary: string;
  load(): Promise<CliCommand>;
}

/**
 * Every command, in the order the help lists them. Each is imported only when it runs: `lint` in
 * CI must not pay for compiling plan, export, the Azure SDK or JMESPath (cold start, issue 14).
 */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'lint', summary: 'check a rule set the way ACR would', load: async () => (await import('./lint-command.ts')).lintCommand },
  { name: 'resolve', summary: 'show which rule serves a pull and what it fetches upstream', load: async () => (await import('./resolve-command.ts')).resolveCommand },
  { name: 'plan', summary: 'plan the operations that turn a registry into a draft', load: async () => (await import('./plan-command.ts')).planCommand },
  { name: 'export', summary: 'write a rule set as an az script, Bicep, an ARM template or Terraform', load: async () => (await import('./export-command.ts')).exportCommand },
  { name: 'schema', summary: "print the rule-set file's JSON Schema", load: async () => (await import('./schema-command.ts')).schemaCommand },
  { name: 'pull', summary: "write a registry's live rule set to a file", load: async () => (await import('./pull-command.ts')).pullCommand },
  { name: 'apply', summary: 'apply a rule-set file to a live registry', load: async () => (await import('./apply-command.ts')).applyCommand },
  { name: 'rewrite', summary: 'rewrite manifests to pull through the cache', load: async () => (await import('./rewrite-command.ts')).rewriteCommand },
];

function topLevelHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: acr-cache COMMAND [options]

Checks and explains Azure Container Registry artifact-cache rule sets offline,
and plans and applies them to live registries (pull, plan --registry, apply).

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Options:
  -h, --help     show this help ('acr-cache COMMAND --help' for a command)
  -v, --version  print the version

Exit codes: 0 success, 1 the input has problems, 2 bad usage or unreadable
input (message on stderr). Each command's help says what 1 means for it.
`;
}

/** Runs the CLI with `argv` (the arguments after the program name); resolves to the exit code. */
export async function runCli(argv: readonly string[], given: CliIo = processIo): Promise<number> {
  const [first, ...rest] = argv;
  // Messages on stderr quote the input (file names, keys, values): never its control characters raw.
  const io: CliIo = Object.assign(Object.create(given) as CliIo, { err: (text: string) => given.err(escapeControlsKeepingLayout(text)) });
  try {
    if (first === undefined || first === '-h' || first === '--help') {
      io.out(topLevelHelp());
      return first === undefined ? EXIT_USAGE : EXIT_OK;
    }
    if (first === '-v' || first === '--version') {
      io.out(`${await cliVersion()}\n`);
      return EXIT_OK;
    }
    if (first === 'help') {
      const command = COMMANDS.find((c) => c.name === rest[0]);
      io.out(command === undefined ? topLevelHelp() : (await command.load()).help);
      return EXIT_OK;
    }
    const command = COMMANDS.find((c) => c.name === first);
    if (command === undefined) {
      throw new CliInputError(`unknown command '${first}'; the commands are ${COMMANDS.map((c) => c.name).join(', ')}. See 'acr-cache --help'.`);
    }
    return await (await command.load()).run(rest, io);
  } catch (error) {
    if (error instanceof CliInputError) {
      io.err(`acr-cache: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
