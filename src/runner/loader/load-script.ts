/**
 * Runs the user's entry file the way `node script.js` runs it: through Node's own module loaders (never a
 * bundle), so `require.main === module`, `__dirname`, `import.meta.url` and CommonJS/ESM interop are Node's,
 * file by file. The two hook sets (commonjs-hooks.ts, esm-hooks.ts) add only what Node lacks: TypeScript,
 * babel-style modules, and the instrumented tfjs in place of the script's tfjs imports.
 *
 * The ES-module hooks run on a loader thread of their own, which took ~0.13 s to start before the script's first
 * line; they are registered only once a user file may go through Node's ES-module loader (esmLoaderAhead).
 */
import Module, { register } from 'node:module';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { installCommonJsHooks } from './commonjs-hooks.ts';
import { compileUserFile } from './compile.ts';
import type { EsmHooksData } from './esm-hooks.ts';
import { TFJS_GLOBAL, TFJS_NODE_IMPORT, type TfjsProvider } from './tfjs-module.ts';
import type { UserFiles } from './user-files.ts';

export interface LoaderOptions {
  /** Which files are the user's; ActLens's own folder (where the ES-module hooks bundle lies) is not. */
  userFiles: UserFiles;
  /** The instrumented tfjs namespace the script's tfjs imports get… */
  tfjs: Record<string, unknown>;
  /** …and what its tfjs-node imports get (the same, or with tfjs-node's extras standing in). */
  tfjsNode: Record<string, unknown>;
  /** Told the first time the script imports each tfjs package (e.g. `@tensorflow/tfjs-node`). */
  onTfjsImport: (specifier: string) => void;
}

/** The file name of the ES-module hooks bundle, beside dist/runner.js. */
export const ESM_HOOKS_BUNDLE = 'runner-hooks.mjs';

export interface Loaders {
  /** Starts the entry file as node would: CommonJS as the main module, an ES module by import. */
  runEntry(script: string): Promise<void>;
}

export function installLoaders(options: LoaderOptions): Loaders {
  if (typeof register !== 'function')
    throw new Error(
      `ActLens runs training scripts with Node 20.6 or newer (module.register); this is Node ${process.versions.node}. Install a newer Node or point the actlens.nodePath setting at one.`,
    );
  const { userFiles, tfjs, tfjsNode } = options;
  const seen = new Set<string>();
  const provide: TfjsProvider = (packageName) => {
    if (!seen.has(packageName)) options.onTfjsImport(packageName);
    seen.add(packageName);
    return TFJS_NODE_IMPORT.test(packageName) ? tfjsNode : tfjs;
  };
  (globalThis as Record<string, unknown>)[TFJS_GLOBAL] = provide;
  let esmHooksRegistered = false;
  const esmLoaderAhead = () => {
    if (esmHooksRegistered) return;
    esmHooksRegistered = true;
    const tfjsExportNames = [...new Set([...Object.keys(tfjs), ...Object.keys(tfjsNode)])];
    const data: EsmHooksData = { actlensDir: userFiles.actlensDir, tfjsExportNames };
    register(pathToFileURL(path.join(userFiles.actlensDir, ESM_HOOKS_BUNDLE)), { data });
  };
  installCommonJsHooks({ userFiles, provide, esmLoaderAhead });
  return {
    async runEntry(script) {
      const { format } = compileUserFile(script, readFileSync(script, 'utf8'));
      if (format === 'module') {
        esmLoaderAhead();
        await import(pathToFileURL(script).href);
        return;
      }
      // What Node's own start-up does for a CommonJS main module: require.main === module inside it.
      (Module as unknown as { _load(request: string, parent: null, isMain: boolean): unknown })._load(
        script,
        null,
        true,
      );
    },
  };
}
