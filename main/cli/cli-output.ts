// The options every command shares, as `az` has them: `-o/--output FORMAT` (json, table, yaml,
// sarif, github; `--json` is `-o json`), `--query JMESPATH` on the JSON result, `--out-file PATH`
// for where the output goes, and `--input-format` for how the input is read. One parser and one
// writer, so the commands cannot drift apart again.
//
// --query uses @jmespath-community/jmespath: maintained (the original `jmespath` package had its
// last release in 2024), typed, no dependencies, and a superset of the JMESPath that `az` uses,
// so a query copied from an az command line works here. It, and yaml's writer, are imported only
// when --query or -o yaml asks for them: the other outputs must not pay for compiling them (the
// CLI's cold start in CI, issue 14).
import { CliInputError, type CliIo } from './cli-io.ts';
import { escapeControlsKeepingLayout } from '../../core/input-text.ts';

export const OUTPUT_FORMATS = ['json', 'table', 'yaml', 'sarif', 'github'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** parseArgs declarations of the shared options; commands spread them into their own. */
export const OUTPUT_OPTIONS = {
  output: { type: 'string', short: 'o' },
  json: { type: 'boolean' },
  query: { type: 'string' },
  'out-file': { type: 'string' },
} as const;

/** The shared options' lines of a command's --help, for the formats it supports. */
export function outputHelp(formats: readonly OutputFormat[], fallback: OutputFormat): string {
  const list = formats.join(', ');
  return `  -o, --output FORMAT    ${list} (default ${fallback})
  --json                 the same as -o json
  --query JMESPATH       JMESPath query on the JSON result (as az --query), printed
                         as JSON, or YAML with -o yaml
  --out-file PATH        write the output to PATH instead of standard output`;
}

export interface OutputChoice {
  readonly format: OutputFormat;
  readonly query: string | undefined;
  readonly outFile: string | undefined;
}

interface OutputValues {
  output?: string | undefined;
  json?: boolean | undefined;
  query?: string | undefined;
  'out-file'?: string | undefined;
}

export function outputChoice(command: string, values: OutputValues, formats: readonly OutputFormat[], fallback: OutputFormat = 'table'): OutputChoice {
  const see = ` See 'acr-cache ${command} --help'.`;
  const requested = values.output;
  if (requested !== undefined && !(formats as readonly string[]).includes(requested)) {
    const known = (OUTPUT_FORMATS as readonly string[]).includes(requested);
    throw new CliInputError(
      known
        ? `${command} has no ${requested} output; -o takes ${formats.join(', ')}.${see}`
        : `-o/--output takes ${formats.join(', ')}, not '${requested}' (the file written is --out-file).${see}`,
    );
  }
  if (values.json === true && requested !== undefined && requested !== 'json') throw new CliInputError(`--json and -o ${requested} disagree; pass one of them.${see}`);
  const query = values.query;
  let format: OutputFormat = values.json === true ? 'json' : ((requested as OutputFormat | undefined) ?? (query !== undefined ? 'json' : fallback));
  if (query !== undefined) {
    if (format !== 'json' && format !== 'yaml') throw new CliInputError(`--query selects from the JSON result; use it with -o json or -o yaml, not -o ${format}.${see}`);
    if (query.trim() === '') throw new CliInputError(`--query needs a JMESPath expression.${see}`);
    if (!formats.includes(format)) format = 'json';
  }
  const outFile = values['out-file'];
  if (outFile === '') throw new CliInputError(`--out-file needs a path.${see}`);
  return { format, query, outFile: outFile === '-' ? undefined : outFile };
}

/** What a command can render; only the formats it declared are asked for. */
export interface Rendering {
  /** The JSON result (json, yaml and --query work on it). */
  data(): unknown;
  table(): string;
  sarif?(): unknown;
  github?(): string;
}

async function applyQuery(data: unknown, query: string): Promise<unknown> {
  const { jmespathSearch } = await import('./cli-query.ts');
  try {
    return jmespathSearch(data, query);
  } catch (error) {
    throw new CliInputError(`--query '${query}' is not a JMESPath expression that works on this result: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function renderOutput(choice: OutputChoice, rendering: Rendering): Promise<string> {
  // Input echoed in output (rule names, targets, messages) never reaches a terminal raw: text
  // formats have control characters escaped, JSON the C1 ones JSON.stringify leaves (core/input-text.ts).
  const text = await renderRaw(choice, rendering);
  if (choice.format === 'json' || choice.format === 'sarif') return escapeJsonControls(text);
  // YAML's own writer double-quotes and escapes strings with non-printable characters
  return choice.format === 'yaml' ? text : escapeControlsKeepingLayout(text);
}

/** In JSON text these characters only occur inside strings, where \u escapes mean the same. */
function escapeJsonControls(text: string): string {
  return text.replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

async function renderRaw(choice: OutputChoice, rendering: Rendering): Promise<string> {
  switch (choice.format) {
    case 'json':
    case 'yaml': {
      const data = choice.query === undefined ? rendering.data() : await applyQuery(rendering.data(), choice.query);
      if (choice.format === 'json') return JSON.stringify(data, null, 2) + '\n';
      return (await import('./cli-query.ts')).yamlText(data);
    }
    case 'table':
      return rendering.table();
    case 'sarif':
      if (!rendering.sarif) throw new Error('sarif output requested from a command that has none');
      return JSON.stringify(rendering.sarif(), null, 2) + '\n';
    case 'github':
      if (!rendering.github) throw new Error('github output requested from a command that has none');
      return rendering.github();
  }
}

/** Writes `text` where the choice says: standard output, or --out-file. */
export async function writeOutput(io: CliIo, choice: OutputChoice, text: string): Promise<void> {
  if (choice.outFile === undefined) {
    io.out(text);
    return;
  }
  try {
    await io.writeFile(choice.outFile, text);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason = code === 'ENOENT' ? 'no such directory' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : error instanceof Error ? error.message : String(error);
    throw new CliInputError(`cannot write '${choice.outFile}': ${reason}`);
  }
}

export async function emit(io: CliIo, choice: OutputChoice, rendering: Rendering): Promise<void> {
  await writeOutput(io, choice, await renderOutput(choice, rendering));
}
