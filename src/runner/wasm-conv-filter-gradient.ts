/**
 * Conv2DBackpropFilter for the wasm backend, built from kernels wasm has. The filter gradient is itself a
 * convolution: with x as a batch of CI one-channel-per-example images (transpose to [CI, H, W, N]) and dy
 * as a filter (transpose to [OH, OW, N, CO]), a stride-1 convolution dilated by the forward stride gives
 * dW[ci, kh, kw, co] = Σ x[n, oh·s + kh, ow·s + kw, ci] · dy[n, oh, ow, co]. This runs on XNNPACK, far
 * faster than copying to the cpu backend's loop-based kernel.
 */
interface TensorInfo {
  dataId: object;
  shape: number[];
  dtype: string;
}
interface Backend {
  disposeData(dataId: object, force?: boolean): boolean;
}
type KernelFunc = (args: {
  inputs: Record<string, TensorInfo>;
  backend: Backend;
  attrs: Record<string, unknown>;
}) => TensorInfo;
interface ConvInfo {
  padInfo: { top: number; bottom: number; left: number; right: number };
  filterHeight: number;
  filterWidth: number;
}
export interface KernelApi {
  getKernel(name: string, backend: string): { kernelFunc: KernelFunc } | undefined;
  backend_util: { computeConv2DInfo(...args: unknown[]): ConvInfo };
}

/** A kernel function for Conv2DBackpropFilter on wasm, or null when a kernel it needs is missing. */
export function wasmConvFilterGradient(tf: KernelApi): KernelFunc | null {
  const kernel = (name: string) => tf.getKernel(name, 'wasm')?.kernelFunc;
  const [transpose, pad, conv2d, slice] = [kernel('Transpose'), kernel('PadV2'), kernel('Conv2D'), kernel('Slice')];
  if (!transpose || !pad || !conv2d || !slice) return null;
  return ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const strides = normalisePair(attrs.strides as number | [number, number]);
    const filterShape = attrs.filterShape as [number, number, number, number];
    const info = tf.backend_util.computeConv2DInfo(
      x.shape,
      filterShape,
      strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
      false,
      'channelsLast',
    );
    const temporaries: TensorInfo[] = [];
    const keep = (result: TensorInfo) => (temporaries.push(result), result);
    try {
      const { top, bottom, left, right } = info.padInfo;
      const padded =
        top || bottom || left || right
          ? keep(
              pad({
                inputs: { x },
                backend,
                attrs: {
                  paddings: [
                    [0, 0],
                    [top, bottom],
                    [left, right],
                    [0, 0],
                  ],
                  constantValue: 0,
                },
              }),
            )
          : x;
      const images = keep(transpose({ inputs: { x: padded }, backend, attrs: { perm: [3, 1, 2, 0] } }));
      const filter = keep(transpose({ inputs: { x: dy }, backend, attrs: { perm: [1, 2, 0, 3] } }));
      const full = keep(
        conv2d({
          inputs: { x: images, filter },
          backend,
          attrs: { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: strides, dimRoundingMode: undefined },
        }),
      );
      // The dilated convolution can overshoot the filter size by up to stride − 1 rows/columns.
      const [channelsIn, , , channelsOut] = full.shape as [number, number, number, number];
      const cropped = keep(
        slice({
          inputs: { x: full },
          backend,
          attrs: { begin: [0, 0, 0, 0], size: [channelsIn, info.filterHeight, info.filterWidth, channelsOut] },
        }),
      );
      return transpose({ inputs: { x: cropped }, backend, attrs: { perm: [1, 2, 0, 3] } });
    } finally {
      for (const temporary of temporaries) backend.disposeData(temporary.dataId);
    }
  };
}

function normalisePair(value: number | [number, number]): [number, number] {
  return typeof value === 'number' ? [value, value] : value;
}
