// `acr-cache plan --from LIVE --to DRAFT`: the operations that turn a registry into a draft,
// offline, in the order (and with the dependencies) the app's apply uses — for review in a pull
// request, or as a script of az commands.

import { parseJsonStrict } from '../../core/rule-set-text.ts';
import { baselineOf, type Baseline } from '../../core/fingerprint.ts';
import { exportPlanAzScript } from '../../core/export/index.ts';
import type { CacheRule, CredentialSet } from '../../core/model.ts';
import { planChanges, resolveConflict, type Plan, type PlanOperation, type Resolution } from '../../core/plan.ts';
import { readRuleSet } from '../../core/rule-set-file.ts';
import type { Problem } from '../../core/validate.ts';
import type { CliCommand } from './cli-command.ts';
import { parseCommandArgs } from './cli-command.ts';
import { CliInputError, EXIT_OK, EXIT_PROBLEMS, type CliIo } from './cli-io.ts';
import { parseRepositoryList } from './lint-command.ts';
import { problemSubject } from './lint-formats.ts';
import { emit, OUTPUT_OPTIONS, outputChoice, outputHelp, writeOutput, type OutputFormat } from './cli-output.ts';
import { isLivePlan, LIVE_PLAN_HELP, runLivePlan } from './live-plan.ts';
import { displayName, INPUT_FORMAT_OPTIONS, inputFormatOf, readRuleSetInput, readText } from './rule-set-input.ts';

const FORMATS: readonly OutputFormat[] = ['table', 'json', 'yaml'];

const HELP = `Usage: acr-cache plan --from LIVE --to DRAFT [options]
       acr-cache plan --registry REGISTRY DRAFT [--prune] [options]

Plans, offline, the operations that turn the registry described by LIVE into
DRAFT: create rule, update a rule's credential set (PATCH), replace (delete and
create, as ACR cannot change a source or target), delete (with --prune only),
and create / update / replace / delete of credential sets. Operations are
ordered so that ACR never sees overlapping rules or a missing credential set
on the way; each lists the operations it waits for. The result is checked by
the rule engine (as 'acr-cache lint' would) before anything could be sent.

LIVE and DRAFT are rule-set files (YAML or JSON) or 'az acr cache list -o json'
output; '-' reads one of them from standard input.

Options:
  --from LIVE            the registry as it is now
  --to DRAFT             what it should hold
  --prune                delete rules and credential sets that DRAFT lacks
                         (without it they are left alone)
  --baseline FILE        the registry as it was when DRAFT was made from it (a
                         rule-set file, or fingerprints as JSON { "rules": {…},
                         "credentialSets": {…} }): items changed, deleted or
                         added in LIVE since are conflicts, their operations held
  --resolve ID=CHOICE    resolve conflict ID (e.g. rule:nginx) with mine or
                         theirs; may be repeated
  --repositories FILE    the registry's repositories ('az acr repository list
                         -o json', or one per line): new rules whose target
                         exists are errors
${outputHelp(FORMATS, 'table')}
                         JSON: { "ok", "prune", "summary", "operations": [ {
                         "id", "kind", "name", "change", "dependsOn", … } ],
                         "order", "waves", "problems", "conflicts", "notes" }
  --az-script            print the plan as a bash script of az commands
  --registry NAME        the registry name the script defaults to
  --input-format FORMAT  input format of LIVE and DRAFT: auto (default), yaml,
                         json or az-cache-list
  -h, --help             show this help

${LIVE_PLAN_HELP}
Exit codes:
  0  the plan can be applied as it is (it may be empty); with --registry, see
     above (0 no changes, 2 changes, 1 error)
  1  the plan has blocking problems (error-severity findings on the result),
     or conflicts that are not resolved
  2  bad usage, or a file cannot be read (message on stderr)
`;

const KIND_LABEL: Record<PlanOperation['kind'], string> = {
  'create-rule': 'create rule',
  'update-rule': 'update rule',
  'delete-rule': 'delete rule',
  'create-credential-set': 'create credential set',
  'update-credential-set': 'update credential set',
  'delete-credential-set': 'delete credential set',
};

function subjectOf(op: PlanOperation): CacheRule | CredentialSet {
  return 'rule' in op ? op.rule : op.credentialSet;
}

function setLabel(name: string | undefined): string {
  return name === undefined || name === '' ? 'none' : name;
}

function details(op: PlanOperation): string {
  switch (op.kind) {
    case 'create-rule':
    case 'delete-rule':
      return `${op.rule.target} ← ${op.rule.source}${op.rule.credentialSet ? ` (credential set ${op.rule.credentialSet})` : ''}`;
    case 'update-rule':
      return `credential set ${setLabel(op.before.credentialSet)} → ${setLabel(op.rule.credentialSet)}`;
    case 'create-credential-set':
    case 'delete-credential-set':
      return `login server ${op.credentialSet.loginServer}`;
    case 'update-credential-set':
      return 'new Key Vault secret identifiers';
  }
}

function table(rows: readonly (readonly string[])[]): string {
  // A loop, not Math.max(...column): spreading 100,000 rows as arguments overflows the stack.
  const widths = rows[0]?.map((_, i) => rows.reduce((max, r) => Math.max(max, (r[i] ?? '').length), 0)) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd()).join('\n');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function summaryOf(plan: Plan): Record<'create' | 'update' | 'replace' | 'delete', number> & { operations: number; waves: number } {
  const count = (change: string): number => plan.changes.filter((c) => c.change === change).length;
  return { create: count('create'), update: count('update'), replace: count('replace'), delete: count('delete'), operations: plan.operations.length, waves: plan.waves.length };
}

function problemLines(problems: readonly Problem[]): string[] {
  return problems.flatMap((p) => [`  ${p.severity.padEnd(7)}  ${p.code}  ${problemSubject(p)}`, `           ${p.message}`]);
}

export function planReport(plan: Plan, from: string, to: string): string {
  const s = summaryOf(plan);
  const lines = [
    `Plan: ${from} → ${to} (prune ${plan.prune ? 'on' : 'off'})`,
    `  ${s.create} to create, ${s.update} to update, ${s.replace} to replace, ${s.delete} to delete — ${plural(s.operations, 'operation')} in ${plural(s.waves, 'wave')}`,
  ];
  if (plan.operations.length > 0) {
    const step = new Map(plan.operations.map((op, i) => [op.id, i + 1]));
    const wave = new Map(plan.waves.flatMap((ids, w) => ids.map((id) => [id, w + 1] as const)));
    const rows: string[][] = [['#', 'wave', 'operation', 'name', 'details', 'after']];
    for (const op of plan.operations) {
      const after = op.dependsOn.map((d) => String(step.get(d))).join(',');
      const change = op.change === 'replace' ? ' (replace)' : '';
      rows.push([
        String(step.get(op.id)),
        String(wave.get(op.id)),
        KIND_LABEL[op.kind] + change,
        subjectOf(op).name,
        details(op) + (op.heldBy === undefined ? '' : `  [HELD by ${op.heldBy}]`),
        after === '' ? '-' : after,
      ]);
    }
    lines.push('', table(rows).split('\n').map((l) => `  ${l}`).join('\n'));
    const reasons = plan.changes.filter((c) => c.reason !== undefined);
    if (reasons.length > 0) lines.push('', '  Replacements:', ...reasons.map((c) => `    ${c.name}: ${c.reason}`));
  }
  if (plan.conflicts.length > 0) {
    lines.push('', 'Conflicts (the registry changed since the draft was made from it):');
    for (const c of plan.conflicts) {
      lines.push(`  ${c.id}  ${c.drift}${c.resolution === undefined ? '  UNRESOLVED' : `  resolved: ${c.resolution}`}`, `    ${c.message}`);
      if (c.resolution === undefined) lines.push(`    Resolve with --resolve ${c.id}=mine or --resolve ${c.id}=theirs.`);
    }
  }
  if (plan.problems.length > 0) {
    lines.push('', 'Problems of the result:');
    // one push per line: spreading every problem's lines as arguments overflows the stack
    for (const line of problemLines(plan.problems)) lines.push(line);
  }
  if (plan.notes.length > 0) lines.push('', 'Notes:', ...plan.notes.map((n) => `  ${n.severity.padEnd(7)}  ${n.message}`));
  const errors = plan.problems.filter((p) => p.severity === 'error').length;
  const verdict =
    errors > 0
      ? `blocked: ${plural(errors, 'error')} in the result`
      : plan.unresolved > 0
        ? `waiting: ${plural(plan.unresolved, 'unresolved conflict')}`
        : plan.operations.length === 0
          ? 'nothing to do'
          : 'ready to apply';
  lines.push('', `${to}: ${verdict}`);
  return lines.join('\n') + '\n';
}

function operationJson(op: PlanOperation): Record<string, unknown> {
  const out: Record<string, unknown> = { id: op.id, kind: op.kind, name: subjectOf(op).name, change: op.change, dependsOn: op.dependsOn };
  if (op.reason !== undefined) out.reason = op.reason;
  if (op.heldBy !== undefined) out.heldBy = op.heldBy;
  if ('rule' in op) out.rule = op.rule;
  else out.credentialSet = op.credentialSet;
  if (op.kind === 'update-rule' || op.kind === 'update-credential-set') out.before = op.before;
  return out;
}

export function planJson(plan: Plan): Record<string, unknown> {
  return {
    ok: !plan.blocked && plan.unresolved === 0,
    prune: plan.prune,
    summary: summaryOf(plan),
    operations: plan.operations.map(operationJson),
    order: plan.operations.map((op) => op.id),
    waves: plan.waves,
    changes: plan.changes,
    problems: plan.problems.map((p) => ({
      severity: p.severity,
      code: p.code,
      rule: p.rule,
      ...(p.with === undefined ? {} : { with: p.with }),
      ...(p.rules === undefined ? {} : { rules: p.rules }),
      message: p.message,
    })),
    conflicts: plan.conflicts,
    notes: plan.notes,
  };
}

function isFingerprintMap(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}

/** `--baseline`: fingerprints as JSON, or a rule-set file to fingerprint. */
async function readBaseline(path: string, io: CliIo): Promise<Baseline> {
  const text = await readText(path, io, 'baseline file');
  try {
    const data: unknown = JSON.parse(text);
    // JSON that parses is read as strictly as a rule set: a repeated key or deep nesting is named
    const strict = parseJsonStrict(text);
    if (!strict.ok) throw new CliInputError(`cannot read baseline ${displayName(path)}: ${strict.errors[0]?.message ?? 'not valid JSON'}`);
    if (typeof data === 'object' && data !== null && !Array.isArray(data) && 'rules' in data && isFingerprintMap((data as { rules: unknown }).rules)) {
      const sets = (data as { credentialSets?: unknown }).credentialSets ?? {};
      if (!isFingerprintMap(sets)) throw new CliInputError(`cannot read baseline ${displayName(path)}: credentialSets must map names to fingerprints`);
      const lower = (m: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(m).map(([k, v]) => [k.toLowerCase(), v]));
      return { rules: lower((data as { rules: Record<string, string> }).rules), credentialSets: lower(sets) };
    }
  } catch (error) {
    if (error instanceof CliInputError) throw error;
    // Not JSON fingerprints: read it as a rule-set file below.
  }
  const read = readRuleSet(text);
  if (!read.ok) throw new CliInputError(`cannot read baseline ${displayName(path)}: it is neither fingerprints nor a rule set (${read.errors[0]?.message ?? 'unreadable'})`);
  return baselineOf(read.ruleSet);
}

function parseResolutions(values: readonly string[]): [string, Resolution][] {
  return values.map((value) => {
    const match = /^(rule|credential-set):([^=]+)=(mine|theirs)$/.exec(value);
    if (match === null) throw new CliInputError(`--resolve takes ID=mine or ID=theirs with ID like rule:NAME or credential-set:NAME, not '${value}'. See 'acr-cache plan --help'.`);
    return [`${match[1]}:${(match[2] as string).toLowerCase()}`, match[3] as Resolution];
  });
}

export const planCommand: CliCommand = {
  name: 'plan',
  help: HELP,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    if (isLivePlan(args)) return runLivePlan(args, io);
    const { values, positionals } = parseCommandArgs('plan', args, {
      from: { type: 'string' },
      to: { type: 'string' },
      prune: { type: 'boolean' },
      baseline: { type: 'string' },
      resolve: { type: 'string', multiple: true },
      repositories: { type: 'string' },
      ...OUTPUT_OPTIONS,
      ...INPUT_FORMAT_OPTIONS,
      'az-script': { type: 'boolean' },
      registry: { type: 'string' },
    });
    if (values.help === true) {
      io.out(HELP);
      return EXIT_OK;
    }
    if (positionals.length > 0) throw new CliInputError(`plan takes no positional arguments (got '${positionals[0]}'); name the files with --from and --to. See 'acr-cache plan --help'.`);
    if (values.from === undefined || values.to === undefined) throw new CliInputError(`plan needs --from LIVE and --to DRAFT. See 'acr-cache plan --help'.`);
    if (values.from === '-' && values.to === '-') throw new CliInputError(`only one of --from and --to can read standard input. See 'acr-cache plan --help'.`);
    if ((values.json === true || values.output !== undefined || values.query !== undefined) && values['az-script'] === true) {
      throw new CliInputError(`--az-script is an output of its own; it takes no -o, --json or --query. See 'acr-cache plan --help'.`);
    }
    const output = outputChoice('plan', values, FORMATS);
    const format = inputFormatOf(values, 'plan', io);
    const resolutions = parseResolutions(values.resolve ?? []);
    const live = await readRuleSetInput(values.from, io, format);
    const draft = await readRuleSetInput(values.to, io, format);
    const baseline = values.baseline === undefined ? undefined : await readBaseline(values.baseline, io);
    const repositories =
      values.repositories === undefined ? undefined : parseRepositoryList(await readText(values.repositories, io, 'repositories file'), displayName(values.repositories));

    let plan = planChanges(live.ruleSet, draft.ruleSet, {
      prune: values.prune === true,
      liveCredentialSetsListed: live.credentialSetsListed,
      ...(baseline === undefined ? {} : { baseline }),
      ...(repositories === undefined ? {} : { existingRepositories: repositories }),
    });
    for (const [id, choice] of resolutions) {
      if (!plan.conflicts.some((c) => c.id === id)) {
        throw new CliInputError(`--resolve ${id}: the plan has no such conflict (${plan.conflicts.length === 0 ? 'it has none' : `its conflicts are ${plan.conflicts.map((c) => c.id).join(', ')}`}).`);
      }
      plan = resolveConflict(plan, id, choice);
    }

    if (values['az-script'] === true) {
      const script = exportPlanAzScript(plan, values.registry === undefined ? {} : { registry: values.registry });
      for (const w of script.warnings) io.err(`acr-cache plan: warning: ${w.message}\n`);
      await writeOutput(io, output, script.content);
    } else {
      const from = values.from;
      const to = values.to;
      await emit(io, output, { data: () => planJson(plan), table: () => planReport(plan, displayName(from), displayName(to)) });
    }
    return plan.blocked || plan.unresolved > 0 ? EXIT_PROBLEMS : EXIT_OK;
  },
};
