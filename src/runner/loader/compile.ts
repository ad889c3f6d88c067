/**
 * Turns one user file into what Node can run, by the rule in module-format.ts: TypeScript/JSX stripped,
 * babel-style modules compiled to CommonJS, everything else left exactly as written. Compiled code carries an
 * inline source map, so stacks (and every layer's creation line) name the user's own file and line. What esbuild
 * compiled is kept for the next run (compile-cache.ts).
 */
import type * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { actlensCacheFolder } from '../actlens-cache.ts';
import { CompileCache } from './compile-cache.ts';
import type { SourceLocation } from '../../core/events.ts';
import { EditorLines } from '../editor-lines.ts';
import { chooseFormat, moduleSyntax, type ModuleFormat } from './module-format.ts';
import { packageTypeOf } from './package-type.ts';

/** Extensions the runner can load on top of Node's own; CommonJS's require resolves them without one. */
export const COMPILED_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.jsx'] as const;

const LOADERS: Record<string, esbuild.Loader> = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
  '.jsx': 'jsx',
};

export interface CompiledFile {
  format: ModuleFormat;
  /** What to run instead of the file's text; null to run the file as written. */
  code: string | null;
}

/** A user file that cannot be compiled; `code` and `location` survive the loader thread's error copy. */
export class ScriptLoadError extends Error {
  readonly code = SCRIPT_LOAD_ERROR;
  constructor(
    message: string,
    readonly location: SourceLocation | null,
  ) {
    super(message);
    this.name = 'ScriptLoadError';
  }
}
export const SCRIPT_LOAD_ERROR = 'ACTLENS_SCRIPT_LOAD';

/**
 * @param required the file is being `require`d: an ES module is then compiled to CommonJS, the one way Node 20
 * can require it (Node ≥ 22 loads it as it is; the result is the same).
 */
export function compileUserFile(file: string, source: string, required = false): CompiledFile {
  const extension = path.extname(file);
  const loader = LOADERS[extension];
  // Types stripped first: the module-system decision reads JavaScript.
  const javascript = loader ? transform(file, source, loader, undefined) : source;
  let syntax: ReturnType<typeof moduleSyntax> | undefined;
  const facts = () => (syntax ??= moduleSyntax(javascript));
  const format = required ? 'commonjs' : chooseFormat(extension, packageTypeOf(file), facts);
  if (format === 'commonjs' && (facts().esm || facts().esmOnly))
    return { format, code: transform(file, source, loader ?? 'js', 'cjs') };
  return { format, code: loader ? javascript : null };
}

/** esbuild's own message and position for a file that does not parse; null when it parses. */
export function syntaxErrorOf(file: string, source: string): ScriptLoadError | null {
  try {
    transform(file, source, LOADERS[path.extname(file)] ?? 'js', undefined);
    return null;
  } catch (error) {
    return error instanceof ScriptLoadError ? error : null;
  }
}

function transform(file: string, source: string, loader: esbuild.Loader, format: esbuild.Format | undefined): string {
  const options: esbuild.TransformOptions = {
    loader,
    format,
    sourcefile: file,
    sourcemap: 'inline',
    sourcesContent: false,
    logLevel: 'silent',
  };
  return compileCache().compiled([esbuildVersion(), JSON.stringify(options), source], () => {
    // Loaded on first use: most scripts are plain JavaScript, and loading esbuild costs every run ~25 ms before its first line.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- synchronous, in both the CommonJS and the ES-module bundle
    const { transformSync } = require('esbuild') as typeof esbuild;
    try {
      return transformSync(source, options).code;
    } catch (error) {
      throw toLoadError(error, file, source);
    }
  });
}

let cache: CompileCache | undefined;
function compileCache(): CompileCache {
  return (cache ??= new CompileCache(actlensCacheFolder('compiled')));
}

let version: string | undefined;
/** The version of the esbuild a miss would load, read from its package.json without loading esbuild. */
function esbuildVersion(): string {
  if (version === undefined) {
    const packageJson = path.join(path.dirname(require.resolve('esbuild')), '..', 'package.json');
    version = (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
  }
  return version;
}

function toLoadError(error: unknown, file: string, source: string): Error {
  const first = (error as Partial<esbuild.TransformFailure>).errors?.[0];
  if (!first) return error as Error;
  // esbuild counts columns in UTF-8 bytes of its line, and lines as V8 does (editor-lines.ts): moved to the editor's.
  const at = first.location;
  const column = at ? Buffer.from(at.lineText).subarray(0, at.column).toString().length + 1 : 0;
  const location = at ? { file, ...new EditorLines(source).fromEngine({ line: at.line, column }) } : null;
  const where = location ? `${file}:${location.line}:${location.column}: ` : `${file}: `;
  return new ScriptLoadError(`${where}${first.text}`, location);
}
