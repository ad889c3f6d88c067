import js from '@eslint/js';
import { builtinModules } from 'node:module';
import path from 'node:path';
import tseslint from 'typescript-eslint';

// Layering (docs/architecture.md, "TypeScript projects"). Each folder is its own TypeScript project, so an
// import in the wrong direction already fails to compile (TS6307 "not listed within the file list of
// project", or "Cannot find module 'node:fs'"); these rules say why, at the import. A relative import leaves
// a folder by climbing above it, so what `../x` reaches depends on how deep the importing file is: `layer`
// writes one config per depth, up to MAX_DEPTH folders below the layer's folder (deeper files: the compiler).
const MAX_DEPTH = 5;
const NODE = `^(node:|(${builtinModules.join('|')})(/|$))`;
const VSCODE = '^vscode(/|$)';
const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Configs for the .ts files under `folder` (repo-relative; `src/*` = every folder of src/ but those in
 * `except`) that report, with `message`: specifiers matching one of `packages` (regexes); relative imports
 * of the folders in `forbid`; with `only`, relative imports that leave `folder` for anything but `only`.
 */
function layer({ folder, except = [], packages = [], forbid = [], only, message }) {
  return Array.from({ length: MAX_DEPTH + 1 }, (_, depth) => {
    const from = path.posix.join(folder.replace('*', '_'), ...Array(depth).fill('_'));
    const regexes = [...packages, ...forbid.map((target) => `^${escapeRegex(path.posix.relative(from, target))}(/|$)`)];
    if (only) {
      const parent = path.posix.dirname(folder);
      const allowed = [folder, ...only].map((target) => escapeRegex(path.posix.relative(parent, target)));
      regexes.push(`^(\\.\\./){${depth + 1}}(?!(${allowed.join('|')})(/|$))`);
    }
    return {
      files: [`${folder}/${'*/'.repeat(depth)}*.{ts,mts,cts}`],
      ignores: except.map((name) => `src/${name}/**`),
      rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: regexes.join('|'), message }] }] },
    };
  });
}

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'test-results/',
      '.actlens/',
      'examples/',
      'test/fixtures/',
      'bench/fixtures/',
      'scenarios/**/*.js',
      '.cache/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
      // Patched tfjs methods need both their own `this` and the observer that patched them.
      '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['observer'] }],
    },
  },
  { files: ['**/*.mjs', '**/*.cjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
  ...layer({
    folder: 'src/core',
    packages: ['^(?![./]|zod(/|$))'],
    only: [],
    message:
      'src/core is shared by the browser panel and every host: no node:*, vscode or packages other than zod, and no imports from other ActLens folders (they import core, never the other way).',
  }),
  ...layer({
    folder: 'src/runner',
    packages: [VSCODE],
    only: ['src/core'],
    message:
      "src/runner runs inside the user's training process (dist/runner.js): it may import src/core, never the engine (session, analysis, fixes, compare, cli, report, …), the extension, the panel or vscode; it reaches the host only through its events.",
  }),
  ...layer({
    folder: 'src/*',
    except: ['core', 'runner'],
    packages: [VSCODE],
    forbid: ['src/runner', 'extension', 'webview'],
    message:
      'the engine (src/ but core and runner) is shared by the CLI and the extension: it may import src/core and other engine folders, never vscode, the extension, the panel (browser code) or src/runner (a separate process, heard through its events).',
  }),
  ...layer({
    folder: 'extension',
    forbid: ['src/runner', 'webview'],
    message:
      'the extension may import src/core and the engine; the runner is a separate process (started from dist/runner.js) and the panel a browser page it talks to through messages, so no imports from src/runner or webview.',
  }),
  ...layer({
    folder: 'webview',
    packages: [NODE, VSCODE],
    only: ['src/core'],
    message:
      'the panel runs in a browser sandbox and talks to the host only through messages: import from src/core only (no node:*, vscode, or other ActLens folders).',
  }),
);
