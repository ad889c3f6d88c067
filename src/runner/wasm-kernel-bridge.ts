/**
 * tfjs's wasm backend lacks a few kernels that training can need. Conv2DBackpropFilter (the weight
 * gradient of every convolution) is composed from wasm's own kernels (wasm-conv-filter-gradient.ts); the
 * rest run on the cpu backend: inputs are copied out of the wasm heap, the cpu kernel runs, the outputs
 * are copied back. Same numbers as the cpu backend, instead of a "kernel not registered" crash.
 */
import { wasmConvFilterGradient, type KernelApi } from './wasm-conv-filter-gradient.ts';
import type { TfjsNamespace } from './tfjs-loader.ts';

interface TensorInfo {
  dataId: object;
  shape: number[];
  dtype: string;
}
interface KernelBackend {
  readSync(dataId: object): ArrayLike<number>;
  write(values: ArrayLike<number>, shape: number[], dtype: string): object;
  disposeData(dataId: object, force?: boolean): boolean;
}
interface KernelConfig {
  kernelName: string;
  backendName: string;
  kernelFunc: (args: {
    inputs: Record<string, TensorInfo>;
    backend: KernelBackend;
    attrs: Record<string, unknown>;
  }) => TensorInfo | TensorInfo[];
}
interface KernelRegistry {
  getKernelsForBackend(backend: string): KernelConfig[];
  registerKernel(config: KernelConfig): void;
  findBackend(name: string): KernelBackend | null;
}

/** Registers wasm or cpu-backed versions of the kernels wasm lacks; returns the cpu-backed ones. `onFirstUse` fires once per cpu-backed kernel. */
export function bridgeMissingWasmKernels(tf: TfjsNamespace, onFirstUse: (kernel: string) => void): string[] {
  const registry = tf as unknown as KernelRegistry;
  const cpuBackend = registry.findBackend('cpu');
  if (!cpuBackend) return [];
  const filterGradient = wasmConvFilterGradient(tf as unknown as KernelApi);
  if (
    filterGradient &&
    !registry.getKernelsForBackend('wasm').some((kernel) => kernel.kernelName === 'Conv2DBackpropFilter')
  ) {
    registry.registerKernel({
      kernelName: 'Conv2DBackpropFilter',
      backendName: 'wasm',
      kernelFunc: filterGradient as unknown as KernelConfig['kernelFunc'],
    });
  }
  const present = new Set(registry.getKernelsForBackend('wasm').map((kernel) => kernel.kernelName));
  const missing = registry.getKernelsForBackend('cpu').filter((kernel) => !present.has(kernel.kernelName));
  for (const cpuKernel of missing) {
    let used = false;
    registry.registerKernel({
      kernelName: cpuKernel.kernelName,
      backendName: 'wasm',
      kernelFunc: ({ inputs, backend, attrs }) => {
        if (!used) {
          used = true;
          onFirstUse(cpuKernel.kernelName);
        }
        const cpuInputs: Record<string, TensorInfo> = {};
        for (const [name, input] of Object.entries(inputs)) {
          cpuInputs[name] = {
            ...input,
            dataId: cpuBackend.write(backend.readSync(input.dataId), input.shape, input.dtype),
          };
        }
        try {
          const outputs = cpuKernel.kernelFunc({ inputs: cpuInputs, backend: cpuBackend, attrs });
          const toWasm = (output: TensorInfo): TensorInfo => {
            const moved = {
              ...output,
              dataId: backend.write(cpuBackend.readSync(output.dataId), output.shape, output.dtype),
            };
            cpuBackend.disposeData(output.dataId, true);
            return moved;
          };
          return Array.isArray(outputs) ? outputs.map(toWasm) : toWasm(outputs);
        } finally {
          for (const input of Object.values(cpuInputs)) cpuBackend.disposeData(input.dataId, true);
        }
      },
    });
  }
  return missing.map((kernel) => kernel.kernelName);
}
