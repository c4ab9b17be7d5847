// `acr-cache pull --registry REG`: the registry's cache rules and credential sets as a rule-set
// file, read live with DefaultAzureCredential (main/cli/live/).
import type { CliCommand } from './cli-command.ts';
import { parseCommandArgs } from './cli-command.ts';
import { CliInputError, EXIT_OK, EXIT_PROBLEMS, type CliIo } from './cli-io.ts';
import { OUTPUT_OPTIONS, outputChoice, outputHelp, writeOutput, type OutputFormat } from './cli-output.ts';
import { AUTH_HELP } from './live-help.ts';

const FORMATS: readonly OutputFormat[] = ['yaml', 'json'];

const HELP = `Usage: acr-cache pull --registry REGISTRY [options]

Reads the registry's cache rules and credential sets and prints them as a
rule-set file (the format lint, plan and apply read), with every preview
setting. REGISTRY is the registry's resource ID or its login server.

Options:
  --registry REGISTRY    /subscriptions/…/registries/NAME, or NAME.azurecr.io
${outputHelp(FORMATS, 'yaml')}
  -h, --help             show this help
${AUTH_HELP}
Exit codes:
  0  written
  1  Azure refused or failed (sign-in, permissions, not found)
  2  bad usage, or --out-file cannot be written (message on stderr)
`;

export const pullCommand: CliCommand = {
  name: 'pull',
  help: HELP,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs('pull', args, { ...OUTPUT_OPTIONS, registry: { type: 'string' } });
    if (values.help === true) {
      io.out(HELP);
      return EXIT_OK;
    }
    if (positionals.length > 0) throw new CliInputError(`pull takes no positional arguments (got '${positionals[0]}'). See 'acr-cache pull --help'.`);
    if (values.registry === undefined) throw new CliInputError(`pull needs --registry. See 'acr-cache pull --help'.`);
    const output = outputChoice('pull', values, FORMATS, 'yaml');
    if (output.query !== undefined) throw new CliInputError(`pull writes a rule-set file; --query does not apply. See 'acr-cache pull --help'.`);
    const { connect, readRegistry, pulledText } = await import('./live/live-run.ts');
    const { azureFailure } = await import('./live/live-azure.ts');
    let text: string;
    try {
      const target = await connect(values.registry);
      const ruleSet = await readRegistry(target);
      text = pulledText(ruleSet, output.format === 'json' ? 'json' : 'yaml');
      io.err(`acr-cache pull: ${target.registry.loginServer}: ${ruleSet.rules.length} rule(s), ${ruleSet.credentialSets.length} credential set(s)\n`);
    } catch (error) {
      if (error instanceof CliInputError) throw error;
      io.err(`acr-cache pull: ${azureFailure(error)}\n`);
      return EXIT_PROBLEMS;
    }
    await writeOutput(io, output, text);
    return EXIT_OK;
  },
};
