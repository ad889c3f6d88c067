/**
 * Runs the user's entry file the way `node script.js` runs it: through Node's own module loaders (never a
 * bundle), so `require.main === module`, `__dirname`, `import.meta.url` and CommonJS/ESM interop are Node's,
 * file by file. The two hook sets (commonjs-hooks.ts, esm-hooks.ts) add only what Node lacks: TypeScript,
 * babel-style modules, and the instrumented tfjs in place of the script's tfjs imports.
 */
import Module, { register } from 'node:module';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { installCommonJsHooks } from './commonjs-hooks.ts';
import { compileUserFile } from './compile.ts';
import type { EsmHooksData } from './esm-hooks.ts';
import { TFJS_IMPORTED_GLOBAL } from './tfjs-module.ts';
import type { UserFiles } from './user-files.ts';

export interface LoaderOptions {
  /** Which files are the user's; ActLens's own folder (where the ES-module hooks bundle lies) is not. */
  userFiles: UserFiles;
  /** The instrumented tfjs namespace the script's tfjs imports get. */
  tfjs: Record<string, unknown>;
  /** Told the first time the script imports each tfjs package (e.g. `@tensorflow/tfjs-node`). */
  onTfjsImport: (specifier: string) => void;
}

/** The file name of the ES-module hooks bundle, beside dist/runner.js. */
export const ESM_HOOKS_BUNDLE = 'runner-hooks.mjs';

export function installLoaders(options: LoaderOptions): void {
  const { userFiles } = options;
  const seen = new Set<string>();
  const onTfjsImport = (specifier: string) => {
    if (!seen.has(specifier)) options.onTfjsImport(specifier);
    seen.add(specifier);
  };
  installCommonJsHooks({ userFiles, tfjs: options.tfjs, onTfjsImport });
  (globalThis as Record<string, unknown>)[TFJS_IMPORTED_GLOBAL] = onTfjsImport;
  const data: EsmHooksData = { actlensDir: userFiles.actlensDir, tfjsExportNames: Object.keys(options.tfjs) };
  register(pathToFileURL(path.join(userFiles.actlensDir, ESM_HOOKS_BUNDLE)), { data });
}

/** Starts the entry file as node would: CommonJS as the main module, an ES module by import. */
export async function runEntry(script: string): Promise<void> {
  const { format } = compileUserFile(script, readFileSync(script, 'utf8'));
  if (format === 'module') {
    await import(pathToFileURL(script).href);
    return;
  }
  // What Node's own start-up does for a CommonJS main module: require.main === module inside it.
  (Module as unknown as { _load(request: string, parent: null, isMain: boolean): unknown })._load(script, null, true);
}
