/**
 * CommonJS's side of loading the user's files (Node's documented extension points, as ts-node and babel's
 * register hook use them): user files are compiled when they need it (compile.ts), their tfjs requires get
 * the instrumented namespace, and a package that is not installed is named with the command that installs it.
 */
import Module from 'node:module';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { COMPILED_EXTENSIONS, compileUserFile } from './compile.ts';
import { TFJS_IMPORT, type TfjsProvider } from './tfjs-module.ts';
import type { UserFiles } from './user-files.ts';

interface LoadingModule {
  filename: string;
  _compile(code: string, filename: string): unknown;
}
type ExtensionHandler = (module: LoadingModule, filename: string) => void;
interface ModuleInternals {
  _load(request: string, parent: LoadingModule | null | undefined, isMain: boolean): unknown;
  _resolveFilename(request: string, parent: LoadingModule | undefined, ...rest: unknown[]): string;
  _extensions: Record<string, ExtensionHandler>;
}

export interface CommonJsHooksOptions {
  userFiles: UserFiles;
  /** The instrumented tfjs namespace for a tfjs package name. */
  provide: TfjsProvider;
  /**
   * Called before a user file with a dynamic `import(` in its text runs (in a string or a comment too: a needless
   * call costs only time). A required ES module (Node ≥ 20.19) needs no hooks: Node loads its imports through
   * CommonJS's, above.
   */
  esmLoaderAhead(): void;
}

const DYNAMIC_IMPORT = /\bimport\s*\(/;

export function installCommonJsHooks({ userFiles, provide, esmLoaderAhead }: CommonJsHooksOptions): void {
  const internals = Module as unknown as ModuleInternals;
  // At load, not at resolution: Node caches resolutions per folder, and the runner resolved the real tfjs
  // from the script's folder before the script ran.
  const load = internals._load;
  internals._load = function (request, parent, isMain) {
    if (!parent || !TFJS_IMPORT.test(request) || !userFiles.has(parent.filename))
      return load.call(this, request, parent, isMain);
    return provide(request);
  };
  const resolveFilename = internals._resolveFilename;
  internals._resolveFilename = function (request, parent, ...rest) {
    if (!parent || !userFiles.has(parent.filename)) return resolveFilename.call(this, request, parent, ...rest);
    try {
      return resolveFilename.call(this, request, parent, ...rest);
    } catch (error) {
      const typeScriptTwin = /^\.\.?\//.test(request) ? request.replace(/\.([cm]?)js$/, '.$1ts') : request;
      if (typeScriptTwin !== request) {
        try {
          return resolveFilename.call(this, typeScriptTwin, parent, ...rest);
        } catch {
          // Not a TypeScript file either: report the request as written.
        }
      }
      throw withInstallHint(error, request);
    }
  };

  const loadJavaScript = internals._extensions['.js']!;
  const compileOrLoad =
    (fallback: ExtensionHandler | undefined): ExtensionHandler =>
    (module, filename) => {
      if (!userFiles.has(filename)) return fallback?.(module, filename);
      const source = readFileSync(filename, 'utf8');
      if (DYNAMIC_IMPORT.test(source)) esmLoaderAhead();
      const compiled = compileUserFile(filename, source, true);
      if (compiled.code === null && fallback) return fallback(module, filename);
      module._compile(compiled.code ?? source, filename);
    };
  internals._extensions['.js'] = compileOrLoad(loadJavaScript);
  for (const extension of COMPILED_EXTENSIONS) internals._extensions[extension] = compileOrLoad(undefined);
}

/** "Cannot find module 'x'" for a package becomes what to do about it; the error's code stays for scripts that check it. */
function withInstallHint(error: unknown, request: string): unknown {
  const failure = error as NodeJS.ErrnoException;
  if (failure?.code !== 'MODULE_NOT_FOUND' || /^[./]/.test(request) || path.isAbsolute(request)) return error;
  const name = request.startsWith('@') ? request.split('/').slice(0, 2).join('/') : request.split('/')[0]!;
  failure.message = `Cannot find package '${name}'. Install it next to your script (npm install ${name}) or fix the import.`;
  return failure;
}
