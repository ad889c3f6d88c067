/**
 * A Float64Array kept from use to use and lent out as a view of the length asked, made anew only when too short (then
 * half again as long as asked, so that it rarely is again). Between training steps on wasm a new typed array of 1 KiB or
 * more is a request to malloc that makes glibc first merge every small block freed since the last such request — and
 * wasm's kernels free many: ~0.4 ms for one made once every 20 steps of the 29k MLP, ~0.6 ms for a read-back's first
 * one every 80 steps, where the work it served took ~0.03 ms (docs/performance.md, "New memory between wasm steps").
 */
export class KeptArray {
  private buffer = new Float64Array(0);

  /** `size` values of the kept array, valid until the next call. */
  lend(size: number): Float64Array {
    if (this.buffer.length < size) this.buffer = new Float64Array(Math.ceil(size * 1.5));
    return this.buffer.subarray(0, size);
  }
}
