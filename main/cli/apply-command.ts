// `acr-cache apply --registry REG FILE`: plans FILE against the live registry and applies it with
// the app's executor (same ordering, retries, pacing, read-back verification and journal). On a
// terminal it shows the plan, asks, and reports progress; elsewhere (CI) it needs --auto-approve
// and writes JSON lines: { "event": "plan" | "progress" | "result", … }.
import type { CliCommand } from './cli-command.ts';
import { parseCommandArgs } from './cli-command.ts';
import { CliInputError, EXIT_OK, EXIT_PROBLEMS, type CliIo } from './cli-io.ts';
import { AUTH_HELP } from './live-help.ts';
import { planJson, planReport } from './plan-command.ts';
import { displayName, INPUT_FORMAT_OPTIONS, inputFormatOf, readRuleSetInput } from './rule-set-input.ts';

const HELP = `Usage: acr-cache apply --registry REGISTRY FILE [options]

Makes the registry hold what FILE (a rule-set file) describes: plans it
against the live registry (as 'acr-cache plan --registry' shows it), then
creates, updates, replaces and (with --prune) deletes rules and credential
sets in dependency order, retrying throttled and failed writes, reading each
item back, and reads the registry again at the end to check it converged.

On a terminal the plan is shown and 'yes' confirms it; progress goes to
stderr. Otherwise --auto-approve is required, and stdout gets JSON lines:
{ "event": "plan", … }, { "event": "progress", … } per operation, and
{ "event": "result", "converged", "succeeded", "failed", … }.

Options:
  --registry REGISTRY    /subscriptions/…/registries/NAME, or NAME.azurecr.io
  --prune                delete rules and credential sets FILE lacks
  --auto-approve         apply without asking (required when not on a terminal)
  -o, --output FORMAT    table (the plan, progress on stderr, a summary) or json
                         (JSON lines); default table on a terminal, json
                         otherwise. Progress is a stream: no --query or
                         --out-file here
  --journal-dir DIR      where the apply journal is kept while it runs (and
                         after a failure, so that the next apply finishes
                         what it left, such as a rule it deleted to create
                         again); default: the temp folder
  --input-format FORMAT  auto (default), yaml, json or az-cache-list
  -h, --help             show this help
${AUTH_HELP}
Exit codes:
  0  applied (or nothing to do), and the registry now equals FILE
  1  the plan is blocked or has conflicts, an operation failed, the registry
     did not converge, or Azure refused (sign-in, permissions, not found)
  2  bad usage, or FILE cannot be read (message on stderr)
`;

export const applyCommand: CliCommand = {
  name: 'apply',
  help: HELP,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs('apply', args, {
      registry: { type: 'string' },
      prune: { type: 'boolean' },
      'auto-approve': { type: 'boolean' },
      'journal-dir': { type: 'string' },
      output: { type: 'string', short: 'o' },
      ...INPUT_FORMAT_OPTIONS,
    });
    if (values.help === true) {
      io.out(HELP);
      return EXIT_OK;
    }
    if (values.registry === undefined) throw new CliInputError(`apply needs --registry. See 'acr-cache apply --help'.`);
    if (positionals.length !== 1) throw new CliInputError(`apply takes one FILE, got ${positionals.length}. See 'acr-cache apply --help'.`);
    const file = positionals[0] as string;
    if (values.output !== undefined && values.output !== 'table' && values.output !== 'json') throw new CliInputError(`apply's -o takes table or json, not '${values.output}'. See 'acr-cache apply --help'.`);
    const terminal = values.output === undefined ? io.isTerminal === true : values.output === 'table';
    if (io.isTerminal !== true && values['auto-approve'] !== true) throw new CliInputError(`apply is not on a terminal and cannot ask: pass --auto-approve to apply without confirmation. See 'acr-cache apply --help'.`);
    const draft = await readRuleSetInput(file, io, inputFormatOf(values, 'apply', io));
    const prune = values.prune === true;
    const { connect, readRegistry, livePlan, applyPlan, earlierApply, journalDirOf } = await import('./live/live-run.ts');
    const { azureFailure } = await import('./live/live-azure.ts');
    const journalDir = journalDirOf(values['journal-dir']);
    try {
      const target = await connect(values.registry);
      const earlier = await earlierApply(target, journalDir);
      const plan = livePlan(await readRegistry(target), draft.ruleSet, prune, earlier);
      if (terminal) io.out(planReport(plan, target.registry.loginServer, displayName(file)));
      else io.out(JSON.stringify({ event: 'plan', registry: target.registry.loginServer, ...planJson(plan) }) + '\n');
      if (plan.blocked || plan.unresolved > 0) {
        io.err(`acr-cache apply: nothing was applied: ${plan.blocked ? 'the result would have errors' : 'the plan has unresolved conflicts'}.\n`);
        return EXIT_PROBLEMS;
      }
      if (plan.operations.length === 0) {
        if (!terminal) io.out(JSON.stringify({ event: 'result', registry: target.registry.loginServer, converged: true, succeeded: 0, failed: 0 }) + '\n');
        return EXIT_OK;
      }
      if (values['auto-approve'] !== true) {
        const answer = (await io.ask?.(`\nApply ${plan.operations.length} operation(s) to ${target.registry.loginServer}? Only 'yes' applies: `)) ?? '';
        if (answer.trim() !== 'yes') {
          io.err('acr-cache apply: not applied.\n');
          return EXIT_PROBLEMS;
        }
      }
      const result = await applyPlan(target, plan, draft.ruleSet, io, { prune, journalDir, earlier, jsonLines: !terminal });
      if (terminal) {
        const s = result.summary;
        io.out(`\n${String(s.registry)}: ${String(s.succeeded)} succeeded, ${String(s.failed)} failed, ${String(s.skipped)} skipped, ${String(s.retries)} retries — ${s.converged ? 'the registry now equals the file' : 'the registry does NOT equal the file yet'}\n`);
      } else {
        io.out(JSON.stringify({ event: 'result', ...result.summary }) + '\n');
      }
      if (result.journal) io.err(`acr-cache apply: the apply journal is kept in ${result.journal}; planning again shows what is left.\n`);
      return result.ok ? EXIT_OK : EXIT_PROBLEMS;
    } catch (error) {
      if (error instanceof CliInputError) {
        io.err(`acr-cache: ${error.message}\n`);
        return EXIT_PROBLEMS;
      }
      io.err(`acr-cache apply: ${azureFailure(error)}\n`);
      return EXIT_PROBLEMS;
    }
  },
};
