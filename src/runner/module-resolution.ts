/** Resolving and loading packages for the script's tfjs: ActLens's copies, the script's copies, and the two joined. */
import Module, { createRequire } from 'node:module';

/** Resolves from ActLens's own folder: its bundled tfjs and backends. */
export const fromActLens = createRequire(__filename);

export function tryResolve(from: NodeJS.Require, id: string): string | null {
  try {
    return from.resolve(id);
  } catch {
    return null;
  }
}

/**
 * Runs `load` (which requires one of ActLens's backend packages) while `@tensorflow/tfjs-core` and
 * `-backend-cpu` resolve to the script's copies: the backend then registers with the tfjs the script uses.
 */
export function withRedirectedTfjs(fromScript: NodeJS.Require, load: () => unknown): void {
  const moduleInternals = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = moduleInternals._resolveFilename;
  moduleInternals._resolveFilename = function (request: string, ...rest: unknown[]) {
    if (request === '@tensorflow/tfjs-core' || request === '@tensorflow/tfjs-backend-cpu') {
      const redirected = tryResolve(fromScript, request);
      if (redirected) return redirected;
    }
    return original.call(this, request, ...rest);
  };
  try {
    load();
  } finally {
    moduleInternals._resolveFilename = original;
  }
}

/** An error's first line, for notes that quote why something could not be used. */
export function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0] ?? 'unknown error';
}
