#!/usr/bin/env node
// Builds the `acr-cache` CLI into cli/dist/: one self-contained ESM bundle (every dependency
// inlined, so the npm package has no runtime dependencies and installs offline), split so that
// the live commands' Azure SDK chunk is only loaded by pull/plan --registry/apply. Writes
// cli/dist/.sources.json, the inputs of the bundle, which bin/acr-cache.mjs uses in a dev checkout
// to fall back to the sources when one of them is newer than the bundle.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const dist = join(here, 'dist');
const pkg = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
const appPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
if (pkg.version !== appPkg.version) {
  // One version for the app and its CLI: `acr-cache --version` must name the release it came from.
  console.error(`cli/build.mjs: cli/package.json has version ${pkg.version} but package.json has ${appPkg.version}; make them equal.`);
  process.exit(1);
}

const REQUIRE_BANNER = "import { createRequire as __acrCreateRequire } from 'node:module';\nconst require = __acrCreateRequire(import.meta.url);\n";

/**
 * A file's text without the require() banner when nothing in it names `require` (esbuild's
 * CommonJS shims and inlined CommonJS code do): lint's cold start loads 14 files, and each
 * createRequire costs a few hundred microseconds there (issue 14).
 */
function withoutUnusedBanner(contents) {
  const text = Buffer.from(contents).toString('utf8');
  if (!text.startsWith(REQUIRE_BANNER)) return contents;
  const rest = text.slice(REQUIRE_BANNER.length);
  return /\brequire\b/.test(rest) ? contents : Buffer.from(rest);
}

const started = performance.now();
mkdirSync(dist, { recursive: true });
const result = await build({
  // the CLI, and the GitHub Action's entry (action.yml), sharing chunks
  entryPoints: { 'acr-cache': join(here, 'entry.ts'), action: join(here, 'action.ts') },
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  // Whitespace and syntax only: smaller to parse, while stack traces keep their names.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'external',
  metafile: true,
  write: false,
  logLevel: 'warning',
  define: { __ACR_CACHE_VERSION__: JSON.stringify(pkg.version) },
  // CommonJS dependencies (msal-node, …) call require() for node built-ins; an ESM bundle has none.
  // (Taken off again below from the files that never use it.)
  banner: { js: REQUIRE_BANNER.trimEnd() },
  // Electron is never part of the CLI: importing it would mean a module of the app leaked in.
  external: ['electron', 'keytar'],
});
// Each file is written beside its place and renamed into it: tests build when the bundle is stale,
// several at once, and a reader must never see half a file.
function writeAtomic(path, contents, mode = 0o644) {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents, { mode });
  renameSync(temporary, path);
}
const entry = join(dist, 'acr-cache.mjs');
const written = new Set();
for (const file of result.outputFiles) {
  // The shebang goes on the entry only (esbuild's banner would put it on every chunk too).
  const contents = file.path.endsWith('.mjs') ? withoutUnusedBanner(file.contents) : file.contents;
  const output = file.path === entry ? Buffer.concat([Buffer.from('#!/usr/bin/env node\n'), contents]) : contents;
  writeAtomic(file.path, output, file.path === entry ? 0o755 : 0o644);
  written.add(file.path);
}
writeAtomic(join(dist, 'README.md'), readFileSync(join(root, 'main/cli/README.md')));
written.add(join(dist, 'README.md'));
const inputs = Object.keys(result.metafile.inputs)
  .map((p) => relative(root, join(process.cwd(), p)))
  .filter((p) => !p.startsWith('node_modules/') && !p.includes('/node_modules/'));
writeAtomic(join(dist, '.sources.json'), JSON.stringify({ inputs }) + '\n');
written.add(join(dist, '.sources.json'));
// chunks of earlier builds
for (const name of readdirSync(dist, { recursive: true })) {
  const path = join(dist, String(name));
  if (!written.has(path) && statSync(path).isFile() && !path.endsWith('.tmp')) rmSync(path);
}
const bytes = Object.entries(result.metafile.outputs).reduce((n, [, o]) => n + o.bytes, 0);
console.log(`cli: built ${relative(root, entry)} (${Object.keys(result.metafile.outputs).length} files, ${(bytes / 1024).toFixed(0)} KiB) in ${Math.round(performance.now() - started)} ms`);
