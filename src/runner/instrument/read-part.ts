/**
 * One part of a window's read-back: reduced on the backend (a tensor, read back with every other at once) or already
 * reduced in JavaScript (host-reduction.ts: cpu, wasm). Whoever decodes the read-back sees one array of values, the
 * parts one after another, whichever way each was reduced.
 *
 * The host's parts stay plain arrays, and a read-back that is decoded at once is assembled in an array kept for the
 * next one: no new typed array between training steps (see KeptArray for why).
 */
import type { Tensor } from './tfjs-types.ts';

export type ReadPart = Tensor | readonly number[];

export function isHostPart(part: ReadPart): part is readonly number[] {
  return Array.isArray(part);
}

export function partSize(part: ReadPart): number {
  return isHostPart(part) ? part.length : part.size;
}

/**
 * The read-back of `parts` as one array: the backend's parts taken in order from `backendValues` (their tensors
 * concatenated, in the same order), the host's copied as they are. `room`: the array to assemble them in, given how
 * many values they hold (a new one by default).
 */
export function assembled(
  parts: readonly ReadPart[],
  backendValues: ArrayLike<number>,
  room: (size: number) => Float64Array = (size) => new Float64Array(size),
): Float64Array {
  const values = room(parts.reduce((size, part) => size + partSize(part), 0));
  let offset = 0;
  let read = 0;
  for (const part of parts) {
    if (isHostPart(part)) values.set(part, offset);
    else {
      for (let i = 0; i < part.size; i++) values[offset + i] = backendValues[read + i]!;
      read += part.size;
    }
    offset += partSize(part);
  }
  return values;
}
