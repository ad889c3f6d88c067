/**
 * Turns the user's entry file (JS/TS, ESM/CJS, extensionless relative imports, top-level await) into one
 * ES module with a source map, without touching the original. Every `@tensorflow/tfjs*` import is pointed
 * at the single tfjs copy the runner instrumented; other packages stay external and resolve from the
 * script's own folder, exactly as they would without ActLens.
 */
import * as esbuild from 'esbuild';
import { builtinModules } from 'node:module';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SourceLocation } from '../core/events.ts';

/** Imports that all mean "the tfjs the script trains with". */
export const TFJS_IMPORT = /^@tensorflow\/tfjs(-node|-node-gpu|-core|-layers)?$/;
/** The global the prepared module reads the instrumented tfjs namespace from. */
export const TFJS_GLOBAL = '__actlensTfjs';

export interface PreparedScript {
  /** file:// URL of the bundled module to import. */
  url: string;
  /** Packages the script imports under a tfjs name, e.g. `@tensorflow/tfjs-node`. */
  tfjsImports: string[];
  /** Absolute paths of the user's files in the bundle: the frames a stack is mapped back to. */
  sourceFiles: Set<string>;
}

export class ScriptPrepareError extends Error {
  constructor(
    message: string,
    readonly location: SourceLocation | null,
  ) {
    super(message);
  }
}

export async function prepareScript(
  script: string,
  workDir: string,
  tfjsExportNames: string[],
): Promise<PreparedScript> {
  mkdirSync(workDir, { recursive: true });
  const outfile = path.join(workDir, 'script.mjs');
  const scriptUrl = pathToFileURL(script).href;
  const tfjsImports = new Set<string>();
  const resolvePlugin: esbuild.Plugin = {
    name: 'actlens-resolve',
    setup(build) {
      build.onResolve({ filter: TFJS_IMPORT }, (args) => {
        tfjsImports.add(args.path);
        return { path: 'tfjs', namespace: 'actlens-tfjs' };
      });
      build.onLoad({ filter: /.*/, namespace: 'actlens-tfjs' }, () => ({
        contents: tfjsShimSource(tfjsExportNames),
        loader: 'js',
      }));
      // Packages resolve from the script's folder (esbuild knows the `exports` conditions), then stay external
      // under their absolute path so the bundle can live anywhere.
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === 'actlens-bare' || isBuiltin(args.path)) return undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: 'actlens-bare',
        });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        return { path: resolved.path, external: true };
      });
    },
  };
  let result: esbuild.BuildResult<{ metafile: true }>;
  try {
    result = await esbuild.build({
      metafile: true,
      absWorkingDir: path.dirname(script),
      entryPoints: [script],
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: 'linked',
      sourcesContent: false,
      logLevel: 'silent',
      resolveExtensions: ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.jsx', '.json'],
      // The bundle lives elsewhere; these keep meaning the user's file.
      define: {
        'import.meta.url': JSON.stringify(scriptUrl),
        'import.meta.filename': JSON.stringify(script),
        'import.meta.dirname': JSON.stringify(path.dirname(script)),
      },
      plugins: [resolvePlugin],
    });
  } catch (error) {
    throw toPrepareError(error, script);
  }
  const sourceFiles = new Set(
    Object.keys(result.metafile.inputs)
      .filter((input) => !input.includes(':'))
      .map((input) => path.resolve(path.dirname(script), input)),
  );
  return { url: pathToFileURL(outfile).href, tfjsImports: [...tfjsImports], sourceFiles };
}

/** ES module that re-exports the instrumented namespace under every name tfjs has, plus a default export. */
function tfjsShimSource(exportNames: string[]): string {
  const lines = [`const tf = globalThis[${JSON.stringify(TFJS_GLOBAL)}];`, 'export default tf;'];
  for (const name of exportNames) {
    if (/^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default')
      lines.push(`export const ${name} = tf[${JSON.stringify(name)}];`);
  }
  return lines.join('\n');
}

function isBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0] ?? specifier);
}

function toPrepareError(error: unknown, script: string): Error {
  const failure = error as Partial<esbuild.BuildFailure>;
  const first = failure.errors?.[0];
  if (!first) return error as Error;
  const location = first.location
    ? {
        file: path.resolve(path.dirname(script), first.location.file),
        line: first.location.line,
        column: first.location.column + 1,
      }
    : null;
  const where = location ? `${location.file}:${location.line}:${location.column}: ` : '';
  return new ScriptPrepareError(`${where}${first.text}`, location);
}
