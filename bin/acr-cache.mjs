#!/usr/bin/env node
// Entry point of the `acr-cache` bin. The CLI is TypeScript (main/cli/acr-cache.ts) on the same
// core/ as the app; tsx's loader compiles it on the fly, so `npx acr-cache` works right after
// `npm ci` without a build step.
import { register } from 'tsx/esm/api';

// tsconfig: false — transpiling needs no project settings, and the caller's working directory
// (whose tsconfig tsx would otherwise look up) may be any repository.
register({ tsconfig: false });

try {
  const { runCli } = await import('../main/cli/acr-cache.ts');
  process.exitCode = await runCli(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`acr-cache: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 70;
}
