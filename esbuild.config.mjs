// One build for every part of ActLens. `node esbuild.config.mjs [--watch]`.
// - dist/cli.js        the `actlens` command (session + analysis + report), Node, CommonJS, TypeScript loaded lazily:
//                      dist/cli-bundle.js, started by dist/cli.js from V8's code cache (src/cli/cached-start.ts)
// - dist/runner.js     what runs inside the training process, Node, CommonJS
// - dist/run-host.js  owns a run the editor started, detached, so that it outlives the window
// - dist/runner-hooks.mjs  the runner's ES-module loader hooks (module.register loads them on Node's loader thread)
// - dist/extension.js  the VS Code extension host entry, CommonJS, `vscode` external
// - dist/webview.js    the panel UI, browser IIFE, with dist/webview.css (both also inlined into HTML reports)
// - dist/README.md    the extension's page as packaged: docs/marketplace/README.md with its images inlined
// - dist/typescript.js the TypeScript compiler (static checks, quick fixes), which the CLI and the extension load on
//   first use
// tfjs and esbuild stay external (TypeScript, used for source edits, is bundled into dist/typescript.js): and
// esbuild ships a native binary per platform.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const watch = process.argv.includes('--watch');
const common = { bundle: true, sourcemap: 'linked', logLevel: 'warning', target: 'node20' };
const nodeExternal = ['@tensorflow/*', 'esbuild', 'webgpu'];

/**
 * The CLI's and the extension's `typescript`: a stand-in that loads dist/typescript.js at the first `ts.…` it is asked for.
 * The compiler is 3.6 of the extension's 4.4 MB and compiling it took ~1 s, on every activation, i.e. on
 * opening any JavaScript file; now only a document that builds tfjs layers (or a quick fix) pays it, once.
 * Only property reads are forwarded: src/ uses `ts` as a namespace (`import ts from 'typescript'`), and reads
 * none of it while its modules load (tables of `ts.SyntaxKind` are switches for that reason).
 */
const lazyTypeScript = {
  name: 'lazy-typescript',
  setup(build) {
    build.onResolve({ filter: /^typescript$/ }, () => ({ path: 'typescript', namespace: 'lazy-typescript' }));
    build.onResolve({ filter: /^\.\/typescript\.js$/, namespace: 'lazy-typescript' }, () => ({
      path: './typescript.js',
      external: true,
    }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-typescript' }, () => ({
      loader: 'js',
      contents: `let compiler;
const load = () => (compiler ??= require('./typescript.js'));
export default new Proxy({}, { get: (_target, key) => load()[key], has: (_target, key) => key in load() });`,
    }));
  },
};
/**
 * zod's 40-odd message locales, which its namespace re-exports (`z.locales`), as an empty module: ActLens uses zod's
 * English messages only, which zod imports on its own. They were 258 of the runner's 645 kB minified; the runner's
 * start took ~23 ms less without them.
 */
const englishOnlyZod = {
  name: 'english-only-zod',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'english-only-zod' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'english-only-zod' }, () => ({ loader: 'js', contents: 'export {};' }));
  },
};
const builds = [
  {
    ...common,
    platform: 'node',
    format: 'cjs',
    // Minified, and TypeScript loaded on first use: `actlens run`'s own start-up is part of every run's wall time.
    minify: true,
    entryPoints: { 'cli-bundle': 'src/cli/main.ts' },
    outdir: 'dist',
    external: nodeExternal,
    plugins: [lazyTypeScript, englishOnlyZod],
  },
  {
    ...common,
    platform: 'node',
    format: 'cjs',
    // Minified: Node compiles it before every script's first line.
    minify: true,
    entryPoints: { runner: 'src/runner/main.ts' },
    outdir: 'dist',
    external: nodeExternal,
    plugins: [englishOnlyZod],
  },
  // What starts it: from V8's cached compile of an earlier start (src/cli/cached-start.ts).
  {
    ...common,
    platform: 'node',
    format: 'cjs',
    minify: true,
    entryPoints: { cli: 'src/cli/cached-start.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
  },

  {
    ...common,
    platform: 'node',
    format: 'cjs',
    minify: true,
    entryPoints: { typescript: 'node_modules/typescript/lib/typescript.js' },
    outdir: 'dist',
  },
  {
    ...common,
    platform: 'node',
    format: 'esm',
    entryPoints: { 'runner-hooks': 'src/runner/loader/esm-hooks.ts' },
    outExtension: { '.js': '.mjs' },
    outdir: 'dist',
    external: nodeExternal,
    // compile.ts loads esbuild on first use, with `require`, which an ES module has only when it makes one.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  },
];
if (existsSync('extension/main.ts')) {
  // Minified: it loads when VS Code opens a JavaScript/TypeScript file.
  builds.push(
    {
      ...common,
      platform: 'node',
      format: 'cjs',
      minify: true,
      entryPoints: { extension: 'extension/main.ts' },
      outdir: 'dist',
      external: ['vscode', ...nodeExternal],
      plugins: [lazyTypeScript, englishOnlyZod],
    },
    // Started by the extension for each run: it starts as fast as the extension, for the same reasons.
    {
      ...common,
      platform: 'node',
      format: 'cjs',
      minify: true,
      entryPoints: { 'run-host': 'src/run-host/main.ts' },
      outdir: 'dist',
      external: nodeExternal,
      plugins: [lazyTypeScript, englishOnlyZod],
    },
  );
}
if (existsSync('webview/main.ts')) {
  // Minified and with the codicon font inlined: HTML reports embed the script and the CSS whole, and a
  // report's CSP admits fonts only as data: URLs.
  builds.push({
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: { webview: 'webview/main.ts' },
    plugins: [englishOnlyZod],
    outdir: 'dist',
    loader: { '.ttf': 'dataurl' },
    minify: true,
  });
}

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map(buildAtomically));
}

/**
 * Each output replaces its file in one rename. The tests run in parallel and several build the panel (and the
 * integration tests start dist/cli.js meanwhile): a file written in place was seen half-written by a reader
 * (140 of 1,275 reads of dist/webview.js during one build), and a panel loaded from it never started.
 */
async function buildAtomically(options) {
  const { outputFiles } = await esbuild.build({ ...options, write: false });
  for (const file of outputFiles) writeAtomically(file.path, file.contents);
}

function writeAtomically(file, contents) {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

/**
 * dist/README.md, the extension's page as `npm run package` packages it: docs/marketplace/README.md with each
 * `![…](file.png)` inlined as a data: URL. VS Code shows an installed extension's README in a webview whose CSP
 * admits images from https: and data: only, so a path into the .vsix stays blank.
 */
if (!watch && existsSync('docs/marketplace/README.md')) {
  const page = readFileSync('docs/marketplace/README.md', 'utf8').replace(
    /(!\[[^\]]*\]\()([^)\s:]+\.png)\)/g,
    (_, head, file) => `${head}data:image/png;base64,${readFileSync(file).toString('base64')})`,
  );
  writeAtomically('dist/README.md', page);
}
