// `acr-cache resolve FILE IMAGE...`: which rule serves each pull and what it fetches upstream,
// offline — the pull tester for scripts.

import { extractReferences } from '../../core/extract/index.ts';
import { createResolver, type Resolution } from '../../core/resolve.ts';
import type { CliCommand } from './cli-command.ts';
import { parseCommandArgs } from './cli-command.ts';
import { CliInputError, EXIT_OK, EXIT_PROBLEMS, type CliIo } from './cli-io.ts';
import { formatPattern, parseTargetRepository } from '../../core/repository.ts';
import { emit, OUTPUT_OPTIONS, outputChoice, outputHelp, type OutputFormat } from './cli-output.ts';
import { INPUT_FORMAT_OPTIONS, inputFormatOf, readRuleSetInput, readText } from './rule-set-input.ts';

const FORMATS: readonly OutputFormat[] = ['table', 'json', 'yaml'];

const HELP = `Usage: acr-cache resolve FILE IMAGE... [options]

Shows, for each image reference, the cache rule that serves a pull of it (an
exact static target wins, otherwise the wildcard whose prefix covers it), the
exact upstream reference ACR fetches, the credential set, and warnings.

FILE is a rule-set file (YAML, JSON, or 'az acr cache list -o json' output).
IMAGE is a reference as docker reads it, e.g. 'myreg.azurecr.io/library/python:3.12';
a whole 'docker pull …' command is accepted too. A reference without the
registry's host ('nginx:1.27', 'docker.io/…', 'ghcr.io/…') is pulled from the
upstream directly, bypassing the cache: resolve says so and shows the reference
that would go through the cache. IMAGE '-' reads standard input the way the
app's pull tester does: Kubernetes manifests, compose files (with \${VAR:-default}),
Dockerfiles, 'docker pull' lines or plain references.

The JSON result is { "results": [ { "image", "verdict", "rule", "upstream",
"throughCache", "credentialSet", "warnings" } ] } (verdict: served, unserved,
bypass, elsewhere, unresolved or invalid).

Options:
${outputHelp(FORMATS, 'table')}
  --registry HOST        the registry's login server (default: the file's registry)
  --input-format FORMAT  auto (default), yaml, json or az-cache-list
  -h, --help             show this help

Exit codes:
  0  every reference is served through the cache by a rule
  1  some reference is served by no rule, bypasses the cache, or cannot be read
  2  bad usage, or FILE cannot be read (message on stderr)
`;

function target(rule: { target: string }): string {
  const parsed = parseTargetRepository(rule.target);
  return parsed.ok ? formatPattern(parsed.value) : rule.target;
}

function describe(r: Resolution): string {
  const lines = [r.image];
  if (r.error !== undefined) {
    lines.push(`  error:       ${r.error}`);
  } else if (r.verdict === 'bypass' || r.verdict === 'elsewhere' || r.verdict === 'unresolved') {
    lines.push(`  verdict:     ${r.verdict}`, `  why:         ${r.explanation}`);
    if (r.throughCache) lines.push(`  use:         ${r.throughCache.reference}`);
  } else if (r.rule === null) {
    lines.push('  rule:        none', `  why:         ${r.explanation}`);
    if (r.candidates !== undefined && r.candidates.length > 0) {
      lines.push(`  nearest:     ${r.candidates.map((c) => `${c.name} ('${target(c)}')`).join(', ')}`);
    }
  } else {
    lines.push(
      `  rule:        ${r.rule.name} (${r.matchedBy} '${target(r.rule)}')`,
      `  upstream:    ${r.upstream ?? '(none: the rule has no usable source)'}`,
      `  credentials: ${r.credentialSet ?? 'none (anonymous pull)'}`,
      `  why:         ${r.explanation}`,
    );
  }
  for (const w of r.warnings) lines.push(`  warning:     ${w}`);
  return lines.join('\n');
}

export const resolveCommand: CliCommand = {
  name: 'resolve',
  help: HELP,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs('resolve', args, {
      ...OUTPUT_OPTIONS,
      ...INPUT_FORMAT_OPTIONS,
      registry: { type: 'string' },
    });
    if (values.help === true) {
      io.out(HELP);
      return EXIT_OK;
    }
    if (positionals.length < 2) {
      throw new CliInputError(`resolve needs a FILE and at least one IMAGE. See 'acr-cache resolve --help'.`);
    }
    const [file, ...images] = positionals as [string, ...string[]];
    if (file === '-' && images.includes('-')) throw new CliInputError(`only one of FILE and IMAGE can be '-' (standard input)`);
    const output = outputChoice('resolve', values, FORMATS);
    const input = await readRuleSetInput(file, io, inputFormatOf(values, 'resolve', io));
    const references: string[] = [];
    for (const image of images) {
      if (image !== '-') {
        references.push(image);
        continue;
      }
      // the same extractor as the app's pull tester
      const extraction = extractReferences(await readText('-', io, 'references'));
      for (const note of extraction.notes) io.err(`<stdin>: note: ${note}\n`);
      references.push(...extraction.references.map((r) => r.text));
    }
    const resolver = createResolver(input.ruleSet);
    const results = resolver.resolveMany(references, values.registry === undefined ? undefined : { registry: values.registry });
    await emit(io, output, {
      data: () => ({
        results: results.map((r) => ({
          image: r.image,
          verdict: r.verdict,
          rule: r.rule?.name ?? null,
          upstream: r.upstream,
          throughCache: r.throughCache?.reference ?? null,
          credentialSet: r.credentialSet,
          // The JSON shape has no error field: an unreadable reference says why among its warnings.
          warnings: r.error === undefined ? r.warnings : [r.error, ...r.warnings],
        })),
      }),
      table: () => results.map(describe).join('\n\n') + '\n',
    });
    return results.every((r) => r.rule !== null) ? EXIT_OK : EXIT_PROBLEMS;
  },
};
