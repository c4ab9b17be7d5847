// The job summary the GitHub Action posts: per file, lint counts and problems, and the plan
// against the registry as a table of operations (Markdown, GitHub-flavoured).

export interface LintJson {
  ok: boolean;
  problems: { severity: string; code: string; rule: string; with?: string; message: string; location?: { line: number; column: number } }[];
}

export interface PlanJsonView {
  ok: boolean;
  registry?: string;
  prune: boolean;
  summary: { create: number; update: number; replace: number; delete: number; operations: number };
  operations: { id: string; kind: string; name: string; change: string; heldBy?: string; reason?: string }[];
  problems: { severity: string; code: string; rule: string; message: string }[];
  conflicts: { id: string; message: string; resolution?: string }[];
}

/** Text inside a Markdown table cell: no pipes or line breaks. */
const cell = (s: string): string => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

export function lintSummaryMarkdown(file: string, lint: LintJson): string {
  const count = (s: string) => lint.problems.filter((p) => p.severity === s).length;
  const head = `### \`${file}\`\n\n${lint.ok ? '✅' : '❌'} lint: ${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} info\n`;
  if (lint.problems.length === 0) return head;
  const rows = lint.problems.map((p) => `| ${p.severity} | ${p.location ? `${p.location.line}:${p.location.column}` : ''} | \`${p.code}\` | ${cell(p.with ? `${p.rule} ↔ ${p.with}` : p.rule)} | ${cell(p.message)} |`);
  return `${head}\n| severity | line | code | rule | message |\n|---|---|---|---|---|\n${rows.join('\n')}\n`;
}

export function planSummaryMarkdown(file: string, plan: PlanJsonView): string {
  const s = plan.summary;
  const title = `#### Plan: \`${file}\` → \`${plan.registry ?? 'registry'}\` (prune ${plan.prune ? 'on' : 'off'})`;
  const counts = `${s.create} to create, ${s.update} to update, ${s.replace} to replace, ${s.delete} to delete`;
  const lines = [title, '', plan.operations.length === 0 ? 'No changes: the registry already matches the file.' : counts];
  if (plan.operations.length > 0) {
    lines.push('', '| # | operation | name | note |', '|---|---|---|---|');
    plan.operations.forEach((op, i) => lines.push(`| ${i + 1} | ${op.kind}${op.change === 'replace' ? ' (replace)' : ''} | ${cell(op.name)} | ${cell(op.heldBy ? `held by ${op.heldBy}` : (op.reason ?? ''))} |`));
  }
  const errors = plan.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) lines.push('', `**Blocked**: ${errors.length} error(s) in the result:`, ...errors.map((p) => `- \`${p.code}\` ${cell(p.rule)}: ${cell(p.message)}`));
  const open = plan.conflicts.filter((c) => c.resolution === undefined);
  if (open.length > 0) lines.push('', `**Conflicts**: ${open.length}`, ...open.map((c) => `- \`${c.id}\`: ${cell(c.message)}`));
  return lines.join('\n') + '\n';
}
