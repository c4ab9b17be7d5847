// `acr-cache lint FILE`: everything ACR would refuse (and what it would accept but probably
// should not), for CI pipelines that keep rule sets in git.

import { parseJsonStrict } from '../../core/rule-set-json.ts';
import { validateRuleSet } from '../../core/validate.ts';
import type { CliCommand } from './cli-command.ts';
import { parseCommandArgs } from './cli-command.ts';
import { CliInputError, EXIT_OK, EXIT_PROBLEMS, type CliIo } from './cli-io.ts';
import { lintGithub, lintJson, lintSarif, lintTable, reportUri, type LintReport } from './lint-formats.ts';
import { problemLocator } from './source-positions.ts';
import { cliVersion } from './version.ts';
import { emit, OUTPUT_OPTIONS, outputChoice, outputHelp, type OutputFormat } from './cli-output.ts';
import { displayName, INPUT_FORMAT_OPTIONS, inputFormatOf, readRuleSetInput, readText } from './rule-set-input.ts';

const FORMATS: readonly OutputFormat[] = ['table', 'json', 'yaml', 'sarif', 'github'];

const HELP = `Usage: acr-cache lint FILE [options]

Checks a rule set the way ACR would: names, repository grammar, wildcard
placement and overlaps, duplicate targets, supported upstreams and their
credentials, credential sets and their Key Vault secret URIs, Docker Hub's
library/ remapping, and the 1,000-rule limit.

FILE is the project's rule-set file (YAML or JSON), or the output of
'az acr cache list -o json'; '-' reads standard input.

Each problem is placed at the line and column of the offending value. The
JSON result is { "ok": boolean, "problems": [ { "severity", "code", "rule",
"with"?, "message", "location"?: { "file", "line", "column", "endLine",
"endColumn" } } ] }. -o sarif prints a SARIF 2.1.0 log (for code scanning);
-o github prints GitHub workflow commands, which annotate the lines of a pull
request: ::error file=F,line=L,col=C,…::message.

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
    // read as strictly as rule sets: duplicate keys and over-deep nesting named, input echoed cut
    const parsed = parseJsonStrict(trimmed);
    if (!parsed.ok) throw new CliInputError(`cannot read repositories ${name}: ${parsed.errors[0]?.message ?? 'not valid JSON'}`);
    const data = parsed.data;
    if (!Array.isArray(data) || !data.every((r) => typeof r === 'string')) {
      throw new CliInputError(`cannot read repositories ${name}: expected a JSON array of repository names`);
    }
    return data as string[];
  }
  return trimmed.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}

export const lintCommand: CliCommand = {
  name: 'lint',
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
    // Positions come from the document the reader parsed (YAML), or a parse of the text (JSON),
    // and only when there is a problem to place.
    const locate = problems.length === 0 ? undefined : await problemLocator(input.document ?? input.text);
    const report: LintReport = { file: displayName(file), uri: reportUri(file), ok, problems: problems.map((problem) => ({ problem, at: locate?.(problem) })) };
    const version = await cliVersion();
    await emit(io, output, {
      data: () => lintJson(report),
      table: () => lintTable(report),
      sarif: () => lintSarif(report, version),
      github: () => lintGithub(report),
    });
    return ok ? EXIT_OK : EXIT_PROBLEMS;
  },
};
