// `acr-cache export FILE --kind az|bicep|arm|terraform`: a rule set as the files people deploy
// with. A rule set with errors is not exported (ACR would refuse part of it) unless --force.

import { EXPORT_FORMATS, exportRuleSet, type ExportFormat } from '../../core/export/index.ts';
import { validateRuleSet } from '../../core/validate.ts';
import type { CliCommand } from './cli-command.ts';
import { parseCommandArgs } from './cli-command.ts';
import { CliInputError, EXIT_OK, EXIT_PROBLEMS, type CliIo } from './cli-io.ts';
import { OUTPUT_OPTIONS, outputChoice, outputHelp, renderOutput, writeOutput, type OutputFormat } from './cli-output.ts';
import { displayName, inputFormat, readRuleSetInput } from './rule-set-input.ts';

const FORMATS: readonly OutputFormat[] = ['table', 'json', 'yaml'];

const HELP = `Usage: acr-cache export FILE --kind az|bicep|arm|terraform [options]

Writes a rule set as
  az         a bash script of 'az acr credential-set' and 'az acr cache'
             commands (credential sets first; REGISTRY variable)
  bicep      a Bicep file for an existing registry
  arm        an ARM deployment template (JSON)
  terraform  Terraform for the azurerm provider (>= 4.16)
Each includes the hint for granting the credential sets' identities access to
their Key Vault secrets.

FILE is a rule-set file (YAML or JSON) or 'az acr cache list -o json' output;
'-' reads standard input. The rule set is checked first, as 'acr-cache lint'
does; with an error-severity problem nothing is written.

-o table (the default) prints the exported file as it is; -o json and -o yaml
print { "kind", "fileName", "content", "warnings" }.

Options:
  --kind KIND            az, bicep, arm or terraform (required; --format is its
                         old name)
  --registry NAME        the registry name (or login server) the export
                         defaults to (default: the file's registry)
  --api-version VERSION  api-version of the ARM resources in bicep and arm
                         (default 2023-07-01)
${outputHelp(FORMATS, 'table')}
  --input-format FORMAT  auto (default), yaml, json or az-cache-list
  --force                export even when the rule set has errors
  -h, --help             show this help

Exit codes:
  0  exported (warnings, if any, on stderr)
  1  the rule set has error-severity problems; nothing was written
  2  bad usage, or FILE cannot be read or --out-file written (message on stderr)
`;

function exportKind(value: string | undefined): ExportFormat {
  if (value === undefined) throw new CliInputError(`export needs --kind, one of ${EXPORT_FORMATS.join(', ')}. See 'acr-cache export --help'.`);
  if ((EXPORT_FORMATS as readonly string[]).includes(value)) return value as ExportFormat;
  throw new CliInputError(`--kind must be one of ${EXPORT_FORMATS.join(', ')}, not '${value}'. See 'acr-cache export --help'.`);
}

export const exportCommand: CliCommand = {
  name: 'export',
  help: HELP,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs('export', args, {
      kind: { type: 'string' },
      format: { type: 'string' },
      registry: { type: 'string' },
      'api-version': { type: 'string' },
      ...OUTPUT_OPTIONS,
      'input-format': { type: 'string' },
      force: { type: 'boolean' },
    });
    if (values.help === true) {
      io.out(HELP);
      return EXIT_OK;
    }
    if (positionals.length !== 1) {
      throw new CliInputError(`${positionals.length === 0 ? 'export needs a FILE' : `export takes one FILE, got ${positionals.length}`}. See 'acr-cache export --help'.`);
    }
    if (values.format !== undefined) {
      if (values.kind !== undefined) throw new CliInputError(`--format is the old name of --kind; pass only --kind. See 'acr-cache export --help'.`);
      io.err(`acr-cache export: warning: --format is now --kind (-o/--output is the output format, --out-file the file written).\n`);
    }
    const format = exportKind(values.kind ?? values.format);
    const output = outputChoice('export', values, FORMATS);
    const apiVersion = values['api-version'];
    if (apiVersion !== undefined && !/^\d{4}-\d{2}-\d{2}(-preview)?$/.test(apiVersion)) {
      throw new CliInputError(`--api-version must look like 2023-07-01 or 2025-03-01-preview, not '${apiVersion}'. See 'acr-cache export --help'.`);
    }
    const file = positionals[0] as string;
    const input = await readRuleSetInput(file, io, inputFormat(values['input-format'], 'export'));
    const errors = validateRuleSet(input.ruleSet, { credentialSetsListed: input.credentialSetsListed }).filter((p) => p.severity === 'error');
    if (errors.length > 0) {
      for (const p of errors) io.err(`${displayName(file)}: error: ${p.code} ${p.rule}: ${p.message}\n`);
      if (values.force !== true) {
        io.err(`acr-cache export: ${displayName(file)} has ${errors.length} error(s); ACR would refuse part of the export. Fix them ('acr-cache lint'), or pass --force.\n`);
        return EXIT_PROBLEMS;
      }
    }
    const result = exportRuleSet(input.ruleSet, format, {
      ...(values.registry === undefined ? {} : { registry: values.registry }),
      ...(apiVersion === undefined ? {} : { apiVersion }),
    });
    for (const w of result.warnings) io.err(`acr-cache export: warning: ${w.message}\n`);
    const text = await renderOutput(output, {
      data: () => ({ kind: format, fileName: result.fileName, content: result.content, warnings: result.warnings.map((w) => w.message) }),
      table: () => result.content,
    });
    await writeOutput(io, output, text);
    if (output.outFile !== undefined) io.err(`acr-cache export: wrote ${output.outFile} (${format})\n`);
    return EXIT_OK;
  },
};
