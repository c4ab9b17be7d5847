// Entry point of the bundled CLI (cli/dist/acr-cache.mjs, built by cli/build.mjs). The same
// runCli as the dev path through bin/acr-cache.mjs; an unexpected throw is an internal error
// (exit 70, as sysexits' EX_SOFTWARE), never a silent success.
import { z } from 'zod';
import { runCli } from '../main/cli/acr-cache.ts';

// core/zod-config.ts turns zod's JIT off for the renderer's CSP (no eval there). A CLI has no
// such policy, and the compiled parsers read a 1,000-rule file in a fraction of the time.
z.config({ jitless: false });

try {
  process.exitCode = await runCli(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`acr-cache: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 70;
}
