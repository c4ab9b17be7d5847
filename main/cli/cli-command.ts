// The shape every `acr-cache` command has. Commands are modules of their own (lint, resolve, and
// later plan and export), listed once in acr-cache.ts (with their help line, and loaded on use).

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliInputError, type CliIo } from './cli-io.ts';

export interface CliCommand {
  readonly name: string;
  /** The command's full `--help` text. */
  readonly help: string;
  /** Runs the command with the arguments after its name; resolves to the exit code. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * node's parseArgs in strict mode, with its errors turned into usage errors that name the
 * command, so that `acr-cache lint --jsn` says what is wrong and where to look.
 */
export function parseCommandArgs<T extends Options>(command: string, args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CliInputError(`${message.replace(/\.?$/, '')}. See 'acr-cache ${command} --help'.`);
  }
}
