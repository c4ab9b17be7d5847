// Entry point of the bundled CLI (cli/dist/acr-cache.mjs, built by cli/build.mjs). The same
// runCli as the dev path through bin/acr-cache.mjs; an unexpected throw is an internal error
// (exit 70, as sysexits' EX_SOFTWARE), never a silent success.
//
// It imports nothing but runCli: zod and yaml are loaded by the commands that need them, and
// lint of a valid plain block-YAML file needs neither (cold start, issue 14). (This file used to
// turn zod's JIT on with z.config({ jitless: false }); zod 4 reads that setting when a schema is
// built, and the rule-set schemas are built on import, under core/zod-config.ts's jitless: true,
// so it never took effect for them.)
import { runCli } from '../main/cli/acr-cache.ts';

try {
  process.exitCode = await runCli(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`acr-cache: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 70;
}
