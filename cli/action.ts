// Entry of the GitHub Action (action.yml): lints each rule-set file with annotations on the
// offending lines (-o github), and, given a registry, plans each file against it and posts the plan
// as the job summary ($GITHUB_STEP_SUMMARY). Inputs come as INPUT_* environment variables, which
// action.yml maps from its inputs. Runs the same runCli as the CLI, in-process.
import { appendFile } from 'node:fs/promises';
import { runCli } from '../main/cli/acr-cache.ts';
import { processIo, type CliIo } from '../main/cli/cli-io.ts';
import { planSummaryMarkdown, lintSummaryMarkdown, type LintJson, type PlanJsonView } from './action-summary.ts';

const env = process.env;
const input = (name: string): string => (env[`INPUT_${name.toUpperCase()}`] ?? '').trim();
const bool = (name: string): boolean => /^(true|yes|1)$/i.test(input(name));

async function capture(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { ...processIo, isTerminal: false, out: (t) => void (stdout += t), err: (t) => void (stderr += t) };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

async function main(): Promise<number> {
  const files = input('files').split(/\s+/).filter((f) => f !== '');
  if (files.length === 0) {
    process.stdout.write('::error title=acr-cache::the action needs the input files (one or more rule-set files)\n');
    return 1;
  }
  const registry = input('registry');
  const extra = [...(input('repositories') ? ['--repositories', input('repositories')] : [])];
  const summary: string[] = [];
  let failed = false;
  let changes = false;
  for (const file of files) {
    // annotations: GitHub reads the workflow commands from stdout
    const annotations = await capture(['lint', file, '-o', 'github', ...extra]);
    process.stdout.write(annotations.stdout);
    process.stderr.write(annotations.stderr);
    if (annotations.code === 2) {
      process.stdout.write(`::error file=${file},title=acr-cache lint::${annotations.stderr.trim().replaceAll('%', '%25').replaceAll('\n', '%0A')}\n`);
      summary.push(`### \`${file}\`\n\nCould not be read:\n\n\`\`\`\n${annotations.stderr.trim()}\n\`\`\`\n`);
      failed = true;
      continue;
    }
    const lint = await capture(['lint', file, '-o', 'json', ...extra]);
    summary.push(lintSummaryMarkdown(file, JSON.parse(lint.stdout) as LintJson));
    if (lint.code !== 0) failed = true;
    if (registry !== '') {
      const plan = await capture(['plan', '--registry', registry, file, '-o', 'json', ...(bool('prune') ? ['--prune'] : [])]);
      process.stderr.write(plan.stderr);
      if (plan.code === 1 && plan.stdout === '') {
        summary.push(`#### Plan against \`${registry}\`\n\nFailed:\n\n\`\`\`\n${plan.stderr.trim()}\n\`\`\`\n`);
        failed = true;
        continue;
      }
      summary.push(planSummaryMarkdown(file, JSON.parse(plan.stdout) as PlanJsonView));
      if (plan.code === 1) failed = true;
      if (plan.code === 2) changes = true;
    }
  }
  if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, `## ACR cache rules\n\n${summary.join('\n')}\n`);
  if (env.GITHUB_OUTPUT) await appendFile(env.GITHUB_OUTPUT, `changes=${changes}\nfailed=${failed}\n`);
  return failed ? 1 : 0;
}

process.exitCode = await main().catch((error: unknown) => {
  process.stdout.write(`::error title=acr-cache::internal error: ${String(error instanceof Error ? error.message : error).replaceAll('\n', '%0A')}\n`);
  return 70;
});
