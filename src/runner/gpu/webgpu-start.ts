/**
 * Starts tfjs's webgpu backend on Dawn, on the adapter chooseAdapter picks, for the very tfjs-core the script
 * uses. Returns why it cannot, or the adapter (and a note when it is a software GPU).
 */
import type { GpuAdapter } from '../../core/events.ts';
import { firstLine, fromActLens, tryResolve, withRedirectedTfjs } from '../module-resolution.ts';
import type { TfjsNamespace } from '../tfjs-loader.ts';
import { chooseAdapter } from './adapter-choice.ts';
import { exposeAdapter, listAdapters, loadDawn } from './dawn.ts';
import { hasVulkanDriver, nvidiaDevice } from './vulkan-drivers.ts';

export type WebgpuStart =
  | { started: true; adapter: GpuAdapter; note: string | null }
  /** `quiet`: nothing the user would want to hear about (auto mode on a machine without a GPU). */
  | { started: false; problem: string; quiet: boolean };

export interface WebgpuRequest {
  /** `--backend webgpu` (accepts a software GPU) rather than auto. */
  explicit: boolean;
  /** `--gpu NAME`. */
  gpu: string | null;
  /** Asked once an adapter is chosen: a reason not to train on it after all. */
  refusal: () => string | null;
}

export async function startWebgpu(
  tf: TfjsNamespace,
  source: 'user' | 'bundled',
  fromScript: NodeJS.Require,
  request: WebgpuRequest,
): Promise<WebgpuStart> {
  const load = backendLoader(tf, source, fromScript);
  if (typeof load === 'string') return { started: false, problem: load, quiet: false };
  if (!request.explicit && !hasVulkanDriver()) return noGpu('no Vulkan driver is installed');
  let adapters: GpuAdapter[];
  let dawn: Awaited<ReturnType<typeof loadDawn>>;
  try {
    dawn = await loadDawn(request.explicit);
    adapters = await listAdapters(dawn);
  } catch (error) {
    return { started: false, problem: `Dawn (the webgpu package) could not start: ${firstLine(error)}`, quiet: false };
  }
  if (adapters.length === 0) return noGpu('Dawn found no GPU adapter');
  const choice = chooseAdapter(adapters, request.gpu, request.explicit);
  if ('problem' in choice) return { started: false, problem: choice.problem, quiet: false };
  const refused = request.refusal();
  if (refused) return { started: false, problem: refused, quiet: false };
  try {
    exposeAdapter(dawn, choice.adapter);
    load();
    if (!(await tf.setBackend('webgpu')))
      return { started: false, problem: 'tfjs could not initialise the webgpu backend', quiet: false };
    await tf.ready();
  } catch (error) {
    return { started: false, problem: `the webgpu backend could not be started (${firstLine(error)})`, quiet: false };
  }
  refuseSynchronousReads(tf);
  return { started: true, adapter: choice.adapter, note: choice.note };

  function noGpu(why: string): WebgpuStart {
    const device = nvidiaDevice();
    if (!device) return { started: false, problem: why, quiet: !request.explicit };
    return {
      started: false,
      problem: `${why}, although this machine has an NVIDIA GPU (${device}): install the Vulkan loader (libvulkan1) and the driver's Vulkan ICD (nvidia_icd.json); \`npm run check:gpu\` says what is missing`,
      quiet: false,
    };
  }
}

/** How to register tfjs-backend-webgpu with the script's tfjs, or why it cannot be. It must match tfjs-core exactly. */
function backendLoader(
  tf: TfjsNamespace,
  source: 'user' | 'bundled',
  fromScript: NodeJS.Require,
): (() => unknown) | string {
  if (source === 'bundled') return () => fromActLens('@tensorflow/tfjs-backend-webgpu');
  if (tryResolve(fromScript, '@tensorflow/tfjs-backend-webgpu'))
    return () => fromScript('@tensorflow/tfjs-backend-webgpu');
  const theirs = tf.version['tfjs-core'] ?? 'unknown';
  const ours = (fromActLens('@tensorflow/tfjs-backend-webgpu/package.json') as { version: string }).version;
  if (theirs === ours)
    return () => withRedirectedTfjs(fromScript, () => fromActLens('@tensorflow/tfjs-backend-webgpu'));
  return `it needs @tensorflow/tfjs-backend-webgpu of your tfjs's version (${theirs}; ActLens's is for ${ours}): install @tensorflow/tfjs-backend-webgpu@${theirs} next to your script to use it`;
}

/**
 * In Node, tfjs-backend-webgpu's synchronous read (dataSync, arraySync, print) fails deep inside with
 * "OffscreenCanvas is not defined". It fails here instead, with what to change, at the script's line.
 */
function refuseSynchronousReads(tf: TfjsNamespace): void {
  const backend = (tf as unknown as { backend(): { readSync: unknown } }).backend();
  backend.readSync = () => {
    throw new SynchronousGpuReadError();
  };
}

export class SynchronousGpuReadError extends Error {
  constructor() {
    super(
      'dataSync(), arraySync() and print() cannot read a tensor from the GPU in Node (webgpu backend): ' +
        'use `await tensor.data()` or `await tensor.array()`, or train on another backend (--backend wasm, setting actlens.backend).',
    );
    this.name = 'SynchronousGpuReadError';
  }
}
