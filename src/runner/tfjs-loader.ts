/**
 * Finds the TensorFlow.js the script should train with and the fastest backend it can use.
 * Preference: the user's own packages (resolved from the script's folder) over ActLens's bundled
 * `@tensorflow/tfjs`; backends in the order tensorflow-gpu → tensorflow → wasm → cpu.
 */
import Module, { createRequire } from 'node:module';
import * as path from 'node:path';
import type { BackendChoice, BackendName } from '../core/events.ts';
import { bridgeMissingWasmKernels } from './wasm-kernel-bridge.ts';

/** The part of the tfjs namespace the loader needs; the instrumentation types the rest. */
export interface TfjsNamespace {
  version: Record<string, string>;
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  getBackend(): string;
  [key: string]: unknown;
}

export interface LoadedTfjs {
  tf: TfjsNamespace;
  backend: BackendName;
  source: 'user' | 'bundled';
  version: string;
  entry: string;
}

/** Receives what the user should read once: fallbacks taken, limitations met (also later, at first use). */
export type NoteSink = (message: string) => void;

/** A backend the user asked for by name cannot be had: a usage problem, not a crash. */
export class BackendUnavailableError extends Error {}

/** Resolves from ActLens's own folder: its bundled tfjs and wasm backend. */
const fromActLens = createRequire(__filename);

const NODE_PACKAGES: Partial<Record<BackendName, string>> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
};

export async function loadTfjs(choice: BackendChoice, scriptDir: string, note: NoteSink): Promise<LoadedTfjs> {
  const fromScript = createRequire(path.join(scriptDir, '__actlens__.js'));
  const order: BackendName[] = choice === 'auto' ? ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] : [choice];

  for (const backend of order) {
    const nodePackage = NODE_PACKAGES[backend];
    if (nodePackage) {
      const entry = tryResolve(fromScript, nodePackage);
      if (!entry) {
        if (choice !== 'auto')
          throw new BackendUnavailableError(
            `--backend ${backend} needs ${nodePackage}, which is not installed for ${scriptDir}. Install it there (npm install ${nodePackage}) or use --backend auto.`,
          );
        continue;
      }
      try {
        const tf = fromScript(nodePackage) as TfjsNamespace;
        await tf.setBackend('tensorflow');
        await tf.ready();
        return { tf, backend, source: 'user', version: tf.version['tfjs-core'] ?? 'unknown', entry };
      } catch (error) {
        const reason = firstLine(error);
        if (choice !== 'auto')
          throw new BackendUnavailableError(`${nodePackage} is installed but could not be loaded: ${reason}`);
        note(`${nodePackage} is installed but could not be loaded (${reason}); trying the next backend.`);
      }
      continue;
    }
    const { tf, source, entry } = loadPlainTfjs(fromScript, note);
    if (backend === 'wasm') {
      const wasmError = registerWasmBackend(tf, source, fromScript);
      if (wasmError) {
        if (choice !== 'auto') throw new BackendUnavailableError(`the wasm backend could not be loaded: ${wasmError}`);
        note(`The wasm backend could not be loaded (${wasmError}); using the slower cpu backend.`);
        continue;
      }
    }
    if (!(await tf.setBackend(backend))) {
      if (choice !== 'auto') throw new BackendUnavailableError(`tfjs could not initialise the ${backend} backend.`);
      continue;
    }
    await tf.ready();
    if (backend === 'wasm') {
      bridgeMissingWasmKernels(tf, (kernel) =>
        note(`The wasm backend has no ${kernel} kernel; ActLens runs it on the cpu backend.`),
      );
    }
    return { tf, backend, source, version: tf.version['tfjs-core'] ?? 'unknown', entry };
  }
  throw new BackendUnavailableError('no TensorFlow.js backend could be initialised.');
}

let bundledNoted = false;

/** The user's `@tensorflow/tfjs` when it resolves from the script's folder, else ActLens's own. */
function loadPlainTfjs(
  fromScript: NodeJS.Require,
  note: NoteSink,
): { tf: TfjsNamespace; source: 'user' | 'bundled'; entry: string } {
  const userEntry = tryResolve(fromScript, '@tensorflow/tfjs');
  if (userEntry) return { tf: fromScript('@tensorflow/tfjs') as TfjsNamespace, source: 'user', entry: userEntry };
  const entry = fromActLens.resolve('@tensorflow/tfjs');
  const tf = fromActLens('@tensorflow/tfjs') as TfjsNamespace;
  if (!bundledNoted)
    note(`Using ActLens's bundled @tensorflow/tfjs ${tf.version['tfjs-core']}: none is installed for your script.`);
  bundledNoted = true;
  return { tf, source: 'bundled', entry };
}

/**
 * Registers the wasm backend with the very tfjs-core the script uses. The user's own
 * `@tensorflow/tfjs-backend-wasm` wins; otherwise ActLens's copy is loaded with its tfjs imports
 * redirected to the user's tfjs, which works within one major version.
 */
function registerWasmBackend(tf: TfjsNamespace, source: 'user' | 'bundled', fromScript: NodeJS.Require): string | null {
  try {
    if (source === 'bundled') {
      fromActLens('@tensorflow/tfjs-backend-wasm');
      return null;
    }
    if (tryResolve(fromScript, '@tensorflow/tfjs-backend-wasm')) {
      fromScript('@tensorflow/tfjs-backend-wasm');
      return null;
    }
    const ours = fromActLens('@tensorflow/tfjs-core/package.json') as { version: string };
    const theirs = tf.version['tfjs-core'] ?? '';
    if (theirs.split('.')[0] !== ours.version.split('.')[0]) {
      return `your @tensorflow/tfjs ${theirs} is a different major version from ActLens's wasm backend (${ours.version}); install @tensorflow/tfjs-backend-wasm ${theirs} next to it`;
    }
    withRedirectedTfjs(fromScript, () => fromActLens('@tensorflow/tfjs-backend-wasm'));
    return null;
  } catch (error) {
    return firstLine(error);
  }
}

/** Runs `load` while `@tensorflow/tfjs-core` and `-backend-cpu` resolve to the user's copies. */
function withRedirectedTfjs(fromScript: NodeJS.Require, load: () => unknown): void {
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

function tryResolve(from: NodeJS.Require, id: string): string | null {
  try {
    return from.resolve(id);
  } catch {
    return null;
  }
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0] ?? 'unknown error';
}
