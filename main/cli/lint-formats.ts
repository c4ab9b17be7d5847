// How `acr-cache lint` reports: the readable table (each problem at `file:line:column`), the JSON
// result, SARIF 2.1.0 for code-scanning tools, and GitHub workflow commands (annotations on the
// offending line of a pull request).
import { relative, resolve, sep } from 'node:path';
import type { Problem, Severity } from '../../core/validate.ts';
import type { SourceRange } from './source-positions.ts';

export interface LocatedProblem {
  readonly problem: Problem;
  readonly at: SourceRange | undefined;
}

export interface LintReport {
  /** The file as the user named it (`<stdin>` for `-`). */
  readonly file: string;
  /** The path for SARIF and annotations: relative to the working directory, `/`-separated; null for stdin. */
  readonly uri: string | null;
  readonly problems: readonly LocatedProblem[];
  readonly ok: boolean;
}

/** The path as CI tools want it: relative to the working directory (the checkout), with `/`. */
export function reportUri(path: string, cwd: string = process.cwd()): string | null {
  if (path === '-') return null;
  const rel = relative(cwd, resolve(cwd, path));
  return (rel.startsWith('..') ? resolve(cwd, path) : rel).split(sep).join('/');
}

const LABEL: Record<Severity, string> = { error: 'error  ', warning: 'warning', info: 'info   ' };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Who a problem is about: a rule, a pair `a ↔ b`, or a group `a +999 more` (the message names them all). */
export function problemSubject(p: Problem): string {
  if (p.rules !== undefined) return `${p.rule} +${(p.rules.length - 1).toLocaleString('en-US')} more`;
  return p.with === undefined ? p.rule : `${p.rule} ↔ ${p.with}`;
}
const who = problemSubject;

export function lintTable(report: LintReport): string {
  const lines: string[] = [];
  for (const { problem: p, at } of report.problems) {
    const where = at === undefined ? '' : `${report.file}:${at.line}:${at.column}  `;
    lines.push(`${where}${LABEL[p.severity]}  ${p.code}  ${who(p)}`);
    lines.push(`         ${p.message}`);
  }
  const count = (s: Severity): number => report.problems.filter((p) => p.problem.severity === s).length;
  const summary =
    report.problems.length === 0
      ? `${report.file}: no problems`
      : `${report.file}: ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info`;
  return (lines.length > 0 ? lines.join('\n') + '\n\n' : '') + summary + '\n';
}

export function lintJson(report: LintReport): unknown {
  return {
    ok: report.ok,
    problems: report.problems.map(({ problem: p, at }) => ({
      severity: p.severity,
      code: p.code,
      rule: p.rule,
      ...(p.with === undefined ? {} : { with: p.with }),
      ...(p.rules === undefined ? {} : { rules: p.rules }),
      message: p.message,
      ...(at === undefined ? {} : { location: { file: report.file, line: at.line, column: at.column, endLine: at.endLine, endColumn: at.endColumn } }),
    })),
  };
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** A SARIF 2.1.0 log with one run (validated against the schema in main/cli/lint-sarif.test.ts). */
export function lintSarif(report: LintReport, version: string): unknown {
  const codes = [...new Set(report.problems.map((p) => p.problem.code))].sort();
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'acr-cache',
            version,
            informationUri: 'https://github.com/acr-cache-studio/acr-cache-studio/blob/main/main/cli/README.md',
            rules: codes.map((code) => ({ id: code, name: code, shortDescription: { text: `ACR Cache Studio rule-set check '${code}'` } })),
          },
        },
        results: report.problems.map(({ problem: p, at }) => ({
          ruleId: p.code,
          ruleIndex: codes.indexOf(p.code),
          level: SARIF_LEVEL[p.severity],
          message: { text: `${who(p)}: ${p.message}` },
          ...(report.uri === null
            ? {}
            : {
                locations: [
                  {
                    physicalLocation: {
                      artifactLocation: { uri: report.uri },
                      ...(at === undefined ? {} : { region: { startLine: at.line, startColumn: at.column, endLine: at.endLine, endColumn: at.endColumn } }),
                    },
                  },
                ],
              }),
        })),
      },
    ],
  };
}

// Workflow command escaping (@actions/core's escapeData / escapeProperty).
const escapeData = (s: string): string => s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
const escapeProperty = (s: string): string => escapeData(s).replaceAll(':', '%3A').replaceAll(',', '%2C');

const GITHUB_LEVEL: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice' };

/** `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`, one line per problem. */
export function lintGithub(report: LintReport): string {
  return report.problems
    .map(({ problem: p, at }) => {
      const props: string[] = [];
      if (report.uri !== null) props.push(`file=${escapeProperty(report.uri)}`);
      if (at !== undefined && report.uri !== null) {
        props.push(`line=${at.line}`, `col=${at.column}`, `endLine=${at.endLine}`, `endColumn=${at.endColumn}`);
      }
      props.push(`title=${escapeProperty(`${p.code} (${who(p)})`)}`);
      return `::${GITHUB_LEVEL[p.severity]} ${props.join(',')}::${escapeData(p.message)}\n`;
    })
    .join('');
}
