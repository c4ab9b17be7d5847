// `acr-cache plan --registry REG DRAFT`: the plan against the live registry, with exit codes as
// `terraform plan -detailed-exitcode`: 0 no changes, 2 changes, 1 error (usage errors too, so a
// pipeline never mistakes a typo for "changes").
import { exportPlanAzScript } from '../../core/export/index.ts';
import { parseCommandArgs } from './cli-command.ts';
import { CliInputError, EXIT_PROBLEMS, type CliIo } from './cli-io.ts';
import { emit, OUTPUT_OPTIONS, outputChoice, writeOutput } from './cli-output.ts';
import { AUTH_HELP } from './live-help.ts';
import { planJson, planReport } from './plan-command.ts';
import { displayName, INPUT_FORMAT_OPTIONS, inputFormatOf, readRuleSetInput } from './rule-set-input.ts';

export const EXIT_NO_CHANGES = 0;
export const EXIT_CHANGES = 2;

export const LIVE_PLAN_HELP = `With --registry REGISTRY (its resource ID or login server) and one DRAFT file,
LIVE is read from the registry itself, and the exit codes are those of
'terraform plan -detailed-exitcode':
  0  no changes
  1  an error: bad usage, DRAFT unreadable, Azure refused, or the plan is
     blocked or has conflicts
  2  changes to apply (then run 'acr-cache apply')
--journal-dir DIR (as apply's) is read for an earlier apply that did not
finish: a rule it deleted to create again is planned to be created.
${AUTH_HELP}`;

/** `--registry` without `--from`/`--to`: the live form. */
export function isLivePlan(args: readonly string[]): boolean {
  const has = (flag: string) => args.some((a) => a === flag || a.startsWith(`${flag}=`));
  return has('--registry') && !has('--from') && !has('--to');
}

export async function runLivePlan(args: readonly string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseCommandArgs('plan', args, {
      registry: { type: 'string' },
      prune: { type: 'boolean' },
      'az-script': { type: 'boolean' },
      'journal-dir': { type: 'string' },
      ...OUTPUT_OPTIONS,
      ...INPUT_FORMAT_OPTIONS,
    });
    if (positionals.length !== 1) throw new CliInputError(`plan --registry takes one DRAFT file, got ${positionals.length}. See 'acr-cache plan --help'.`);
    const file = positionals[0] as string;
    const output = outputChoice('plan', values, ['table', 'json', 'yaml']);
    const draft = await readRuleSetInput(file, io, inputFormatOf(values, 'plan', io));
    const { connect, readRegistry, livePlan, earlierApply, journalDirOf } = await import('./live/live-run.ts');
    const { azureFailure } = await import('./live/live-azure.ts');
    let plan;
    let loginServer: string;
    let name: string;
    try {
      const target = await connect(values.registry as string);
      loginServer = target.registry.loginServer;
      name = target.registry.name;
      // an earlier apply's journal (kept after a failure) says which rules it deleted to create again
      const earlier = await earlierApply(target, journalDirOf(values['journal-dir']));
      plan = livePlan(await readRegistry(target), draft.ruleSet, values.prune === true, earlier);
    } catch (error) {
      if (error instanceof CliInputError) throw error;
      io.err(`acr-cache plan: ${azureFailure(error)}\n`);
      return EXIT_PROBLEMS;
    }
    if (values['az-script'] === true) {
      const script = exportPlanAzScript(plan, { registry: name });
      for (const w of script.warnings) io.err(`acr-cache plan: warning: ${w.message}\n`);
      await writeOutput(io, output, script.content);
    } else {
      const result = plan;
      await emit(io, output, { data: () => ({ registry: loginServer, ...planJson(result) }), table: () => planReport(result, loginServer, displayName(file)) });
    }
    if (plan.blocked || plan.unresolved > 0) return EXIT_PROBLEMS;
    return plan.operations.length === 0 ? EXIT_NO_CHANGES : EXIT_CHANGES;
  } catch (error) {
    if (!(error instanceof CliInputError)) throw error;
    io.err(`acr-cache: ${error.message}\n`);
    return EXIT_PROBLEMS;
  }
}
