// `acr-cache lint FILE`: everything ACR would refuse (and what it would accept but probably
// should not), for CI pipelines that keep rule sets in git.

import { validateRuleSet, type Problem, type Severity } from '../../core/validate.ts';
import type { CliCommand } from './cli-command.ts';
import { parseCommandArgs } from './cli-command.ts';
import { CliInputError, EXIT_OK, EXIT_PROBLEMS, type CliIo } from './cli-io.ts';
import { emit, OUTPUT_OPTIONS, outputChoice, outputHelp, type OutputFormat } from './cli-output.ts';
import { displayName, INPUT_FORMAT_OPTIONS, inputFormatOf, readRuleSetInput, readText } from './rule-set-input.ts';

const FORMATS: readonly OutputFormat[] = ['table', 'json', 'yaml'];

const HELP = `Usage: acr-cache lint FILE [options]

Checks a rule set the way ACR would: names, repository grammar, wildcard
placement and overlaps, duplicate targets, supported upstreams and their
credentials, credential sets and their Key Vault secret URIs, Docker Hub's
library/ remapping, and the 1,000-rule limit.

FILE is the project's rule-set file (YAML or JSON), or the output of
'az acr cache list -o json'; '-' reads standard input.

The JSON result is { "ok": boolean, "problems": [ { "severity", "code",
"rule", "with"?, "message" } ] }.

Options:
${outputHelp(FORMATS, 'table')}
  --repositories FILE    the registry's existing repositories (a JSON array as
                         'az acr repository list -o json' prints it, or one per
                         line): targets that would hit one are errors
  --input-format FORMAT  auto (default), yaml, json or az-cache-list
  -h, --help             show this help

Exit codes:
  0  no error-severity problem (warnings and info may be present)
  1  at least one error-severity problem
  2  bad usage, or FILE cannot be read (message on stderr)
`;

/** The `--repositories` file: a JSON array of names, or one name per line. */
export function parseRepositoryList(text: string, name: string): string[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch (error) {
      throw new CliInputError(`cannot read repositories ${name}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    if (!Array.isArray(data) || !data.every((r) => typeof r === 'string')) {
      throw new CliInputError(`cannot read repositories ${name}: expected a JSON array of repository names`);
    }
    return data as string[];
  }
  return trimmed.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}

const LABEL: Record<Severity, string> = { error: 'error  ', warning: 'warning', info: 'info   ' };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function report(file: string, problems: readonly Problem[]): string {
  const lines: string[] = [];
  for (const p of problems) {
    const who = p.with === undefined ? p.rule : `${p.rule} ↔ ${p.with}`;
    lines.push(`${LABEL[p.severity]}  ${p.code}  ${who}`);
    lines.push(`         ${p.message}`);
  }
  const count = (s: Severity): number => problems.filter((p) => p.severity === s).length;
  const summary =
    problems.length === 0
      ? `${file}: no problems`
      : `${file}: ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info`;
  return (lines.length > 0 ? lines.join('\n') + '\n\n' : '') + summary + '\n';
}

export const lintCommand: CliCommand = {
  name: 'lint',
  summary: 'check a rule set the way ACR would',
  help: HELP,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs('lint', args, {
      ...OUTPUT_OPTIONS,
      ...INPUT_FORMAT_OPTIONS,
      repositories: { type: 'string' },
    });
    if (values.help === true) {
      io.out(HELP);
      return EXIT_OK;
    }
    if (positionals.length !== 1) {
      throw new CliInputError(`${positionals.length === 0 ? 'lint needs a FILE' : `lint takes one FILE, got ${positionals.length}`}. See 'acr-cache lint --help'.`);
    }
    const file = positionals[0] as string;
    const output = outputChoice('lint', values, FORMATS);
    const format = inputFormatOf(values, 'lint', io);
    const input = await readRuleSetInput(file, io, format);
    const repositories =
      values.repositories === undefined ? undefined : parseRepositoryList(await readText(values.repositories, io, 'repositories file'), displayName(values.repositories));
    const problems = validateRuleSet(input.ruleSet, {
      credentialSetsListed: input.credentialSetsListed,
      ...(repositories === undefined ? {} : { existingRepositories: repositories }),
    });
    const ok = !problems.some((p) => p.severity === 'error');
    await emit(io, output, {
      data: () => ({
        ok,
        problems: problems.map((p) => (p.with === undefined ? { severity: p.severity, code: p.code, rule: p.rule, message: p.message } : { severity: p.severity, code: p.code, rule: p.rule, with: p.with, message: p.message })),
      }),
      table: () => report(displayName(file), problems),
    });
    return ok ? EXIT_OK : EXIT_PROBLEMS;
  },
};
