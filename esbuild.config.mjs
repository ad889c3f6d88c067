// One build for every part of ActLens. `node esbuild.config.mjs [--watch]`.
// - dist/cli.js        the `actlens` command (session + analysis + report), Node, CommonJS
// - dist/runner.js     what runs inside the training process, Node, CommonJS
// - dist/runner-hooks.mjs  the runner's ES-module loader hooks (module.register loads them on Node's loader thread)
// - dist/extension.js  the VS Code extension host entry, CommonJS, `vscode` external
// - dist/webview.js    the panel UI, browser IIFE, with dist/webview.css (both also inlined into HTML reports)
// tfjs and esbuild stay external (TypeScript, used for source edits, is bundled):
// and esbuild ships a native binary per platform.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const common = { bundle: true, sourcemap: 'linked', logLevel: 'warning', target: 'node20' };
const nodeExternal = ['@tensorflow/*', 'esbuild', 'webgpu'];

const builds = [
  {
    ...common,
    platform: 'node',
    format: 'cjs',
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    external: nodeExternal,
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    platform: 'node',
    format: 'cjs',
    entryPoints: { runner: 'src/runner/main.ts' },
    outdir: 'dist',
    external: nodeExternal,
  },
  {
    ...common,
    platform: 'node',
    format: 'esm',
    entryPoints: { 'runner-hooks': 'src/runner/loader/esm-hooks.ts' },
    outExtension: { '.js': '.mjs' },
    outdir: 'dist',
    external: nodeExternal,
  },
];
if (existsSync('extension/main.ts')) {
  // Minified: it bundles the TypeScript compiler (for quick fixes) and loads on every VS Code start.
  builds.push({
    ...common,
    platform: 'node',
    format: 'cjs',
    minify: true,
    entryPoints: { extension: 'extension/main.ts' },
    outdir: 'dist',
    external: ['vscode', ...nodeExternal],
  });
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
    outdir: 'dist',
    loader: { '.ttf': 'dataurl' },
    minify: true,
  });
}

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
