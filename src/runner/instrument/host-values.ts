/**
 * A tensor's values where the backend keeps them in this process's memory, for reducing at once (host-reduction.ts)
 * or reading the loss. On wasm, `dataSync` copies the values out of the module's memory into a new ArrayBuffer: for a
 * watched layer's outputs and gradients, a copy of every value at every watched step (reading through a view halved
 * the runner's own share over a 784-256×4 MLP's run, whose first window watches every step; docs/performance.md).
 * There the values are read through a view of the module's memory instead. A view is valid only until the next tfjs
 * op, which may grow that memory and so detach it: callers are done with it before they run one. cpu's `dataSync`
 * already returns the backend's own array; anything else is read with `dataSync`.
 */
import type { Tensor, Tf } from './tfjs-types.ts';

/** What of tfjs-backend-wasm's backend a view needs (the same since its first releases). */
interface WasmBackendInternals {
  dataIdMap?: { has?(dataId: object): boolean; get(dataId: object): { memoryOffset?: unknown } | undefined };
  wasm?: { HEAPU8?: unknown };
}

/** A tensor's values, read as above. */
export type HostRead = (tensor: Tensor) => ArrayLike<number>;

/**
 * The reader for one tfjs namespace. `tf.backend` is looked up once, not at every read: the union package re-exports
 * each function through a getter on an object of a thousand properties, and inside a training step — whose kernels
 * have pushed that object out of the caches — calling `tf.backend()` took 2.6–3.3 µs of the ~3.5 µs a loss read took.
 */
export function hostReader(tf: Tf): HostRead {
  const backend = tf.backend;
  return (tensor) => (tensor.dtype === 'float32' && wasmView(backend(), tensor)) || tensor.dataSync();
}

function wasmView(backend: unknown, tensor: Tensor): Float32Array | null {
  const { dataIdMap, wasm } = backend as WasmBackendInternals;
  // `has` first: tfjs's DataStorage.get moves a tensor held by another backend into this one.
  if (typeof dataIdMap?.has !== 'function' || !dataIdMap.has(tensor.dataId)) return null;
  const offset = dataIdMap.get(tensor.dataId)?.memoryOffset;
  const heap = wasm?.HEAPU8;
  if (typeof offset !== 'number' || offset % Float32Array.BYTES_PER_ELEMENT !== 0 || !(heap instanceof Uint8Array))
    return null;
  return new Float32Array(heap.buffer, heap.byteOffset + offset, tensor.size);
}
