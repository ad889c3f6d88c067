/**
 * Finds the TensorFlow.js the script should train with and the fastest backend it can use.
 * Preference: the user's own packages (resolved from the script's folder) over ActLens's bundled
 * `@tensorflow/tfjs`; backends in the order of BACKENDS: tensorflow-gpu → webgpu (a hardware adapter) →
 * tensorflow → wasm → cpu.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { BackendChoice, BackendName, GpuAdapter } from '../core/events.ts';
import { BACKENDS } from '../core/protocol.ts';
import { registerFileSystemRouters } from './file-system-io.ts';
import { findSynchronousRead } from './gpu/sync-reads.ts';
import { startWebgpu } from './gpu/webgpu-start.ts';
import { missingNativeBinding } from './native-binding.ts';
import { bridgeMissingWasmKernels } from './wasm-kernel-bridge.ts';
import { startWasmBackend } from './wasm-start.ts';
import { firstLine, fromActLens, tryResolve, withRedirectedTfjs } from './module-resolution.ts';
import { FIRST_TRAINING_WASM, majorOf, suggestedWasmFor3x, wasmTrainsWith } from './wasm-versions.ts';

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
  /** The GPU, on the webgpu backend. */
  adapter?: GpuAdapter;
}

export interface BackendRequest {
  choice: BackendChoice;
  /** The script's entry file. */
  script: string;
  /** `--gpu NAME`: the webgpu adapter whose name contains it. */
  gpu: string | null;
}

/** Receives what the user should read once: fallbacks taken, limitations met (also later, at first use). */
export type NoteSink = (message: string) => void;

/** A backend the user asked for by name cannot be had: a usage problem, not a crash. */
export class BackendUnavailableError extends Error {}

const NODE_PACKAGES: Partial<Record<BackendName, string>> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
};

export async function loadTfjs(request: BackendRequest, note: NoteSink): Promise<LoadedTfjs> {
  const { choice } = request;
  const scriptDir = path.dirname(request.script);
  const fromScript = createRequire(path.join(scriptDir, '__actlens__.js'));
  const order: BackendName[] = choice === 'auto' ? [...BACKENDS] : [choice];

  for (const backend of order) {
    const nodePackage = NODE_PACKAGES[backend];
    if (nodePackage) {
      const loaded = await loadNodeBackend(backend, nodePackage, choice, scriptDir, fromScript, note);
      if (loaded) return loaded;
      continue;
    }
    const { tf, source, entry } = loadPlainTfjs(fromScript, note);
    let adapter: GpuAdapter | undefined;
    if (backend === 'webgpu') {
      const started = await startGpu(tf, source, fromScript, request, note);
      if (!started) continue;
      adapter = started;
    } else if (backend === 'wasm') {
      const problem = await startWasm(tf, source, fromScript);
      if (problem) {
        if (choice !== 'auto') throw new BackendUnavailableError(`the wasm backend ${problem}.`);
        note(`The wasm backend ${problem}; using the slower cpu backend.`);
        continue;
      }
      bridgeMissingWasmKernels(tf, (kernel) =>
        note(`The wasm backend has no ${kernel} kernel; ActLens runs it on the cpu backend.`),
      );
    } else {
      if (!(await tf.setBackend(backend))) {
        if (choice !== 'auto') throw new BackendUnavailableError(`tfjs could not initialise the ${backend} backend.`);
        continue;
      }
      await tf.ready();
    }
    // A script written for tfjs-node saves and loads with file:// URLs; plain tfjs has no handler for them.
    registerFileSystemRouters(tf);
    const loaded: LoadedTfjs = { tf, backend, source, version: tf.version['tfjs-core'] ?? 'unknown', entry };
    if (adapter) loaded.adapter = adapter;
    return loaded;
  }
  throw new BackendUnavailableError('no TensorFlow.js backend could be initialised.');
}

/** The webgpu backend on a GPU adapter, or null (with a note when there is something to say) to try the next backend. */
async function startGpu(
  tf: TfjsNamespace,
  source: 'user' | 'bundled',
  fromScript: NodeJS.Require,
  request: BackendRequest,
  note: NoteSink,
): Promise<GpuAdapter | null> {
  const explicit = request.choice === 'webgpu';
  // Asked only once a GPU is there to use: on other machines the script's reads concern nobody.
  const refusal = (): string | null => {
    const read = explicit ? null : findSynchronousRead(request.script);
    return (
      read &&
      `${path.basename(read.file)}:${read.line} calls ${read.call}, a synchronous read the webgpu backend cannot do in Node; use \`await tensor.data()\` / \`await tensor.array()\` there to train on the GPU`
    );
  };
  const started = await startWebgpu(tf, source, fromScript, { explicit, gpu: request.gpu, refusal });
  if (started.started) {
    if (started.note) note(started.note);
    return started.adapter;
  }
  if (explicit) throw new BackendUnavailableError(`--backend webgpu cannot be used: ${started.problem}.`);
  if (!started.quiet) note(`Not training on the GPU: ${started.problem}.`);
  return null;
}

/** tfjs-node(-gpu) from the script's folder on its tensorflow backend, or null (with a note) to try the next backend. */
async function loadNodeBackend(
  backend: BackendName,
  nodePackage: string,
  choice: BackendChoice,
  scriptDir: string,
  fromScript: NodeJS.Require,
  note: NoteSink,
): Promise<LoadedTfjs | null> {
  const entry = tryResolve(fromScript, nodePackage);
  if (!entry) {
    if (choice !== 'auto')
      throw new BackendUnavailableError(
        `--backend ${backend} needs ${nodePackage}, which is not installed for ${scriptDir}. Install it there (npm install ${nodePackage}) or use --backend auto.`,
      );
    return null;
  }
  // Checked before loading it: a tfjs-node without its binding would still load its own tfjs copy first.
  const missing = missingNativeBinding(nodePackage, entry);
  if (missing) {
    if (choice !== 'auto') throw new BackendUnavailableError(`${missing}.`);
    note(`${missing}. Until then ActLens trains with @tensorflow/tfjs.`);
    return null;
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
    return null;
  }
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
 * Starts the wasm backend on the very tfjs-core the script uses; returns why it cannot be used, or null. The
 * user's own `@tensorflow/tfjs-backend-wasm` wins; otherwise ActLens's copy is loaded with its tfjs imports
 * redirected to the user's tfjs, which works within one major version. Older tfjs gets no wasm backend it
 * cannot train with, and a suggestion only of a version that exists and trains (wasm-versions.ts).
 */
async function startWasm(
  tf: TfjsNamespace,
  source: 'user' | 'bundled',
  fromScript: NodeJS.Require,
): Promise<string | null> {
  const load = wasmLoader(tf, source, fromScript);
  if (typeof load === 'string') return load;
  const start = await startWasmBackend(tf, load);
  return start.started ? null : `could not be started (${firstLine(start.reason)})`;
}

/** How to register the wasm backend for this tfjs, or why there is none to register. */
function wasmLoader(
  tf: TfjsNamespace,
  source: 'user' | 'bundled',
  fromScript: NodeJS.Require,
): (() => unknown) | string {
  if (source === 'bundled') return () => fromActLens('@tensorflow/tfjs-backend-wasm');
  const theirs = tf.version['tfjs-core'] ?? '';
  if (!wasmTrainsWith(theirs))
    return `is not used with your tfjs ${theirs}: tfjs-backend-wasm before ${FIRST_TRAINING_WASM} does not train correctly (kernels missing in 1.x, wrong losses up to 3.1.0); upgrade @tensorflow/tfjs to ${FIRST_TRAINING_WASM} or later to use it`;
  if (tryResolve(fromScript, '@tensorflow/tfjs-backend-wasm')) return () => fromScript('@tensorflow/tfjs-backend-wasm');
  const ours = (fromActLens('@tensorflow/tfjs-core/package.json') as { version: string }).version;
  if (majorOf(theirs) === majorOf(ours))
    return () => withRedirectedTfjs(fromScript, () => fromActLens('@tensorflow/tfjs-backend-wasm'));
  const missing = `is not installed for your tfjs ${theirs} (ActLens's own is for tfjs ${majorOf(ours)}.x)`;
  if (majorOf(theirs) > majorOf(ours))
    return `${missing}; install the @tensorflow/tfjs-backend-wasm of your tfjs's version next to your script to use it`;
  const suggested = suggestedWasmFor3x(theirs);
  return suggested
    ? `${missing}; install @tensorflow/tfjs-backend-wasm@${suggested} next to your script to use it`
    : `${missing}, and no @tensorflow/tfjs-backend-wasm ${theirs} was published; @tensorflow/tfjs ${majorOf(ours)}.x runs on ActLens's`;
}
