/**
 * Which tfjs versions the wasm backend trains correctly with, and which `@tensorflow/tfjs-backend-wasm` to
 * suggest for one. Measured by ActLens on Node 20 (a small dense model trained with fit and adam, the wasm
 * backend of tfjs-core's own version, against the cpu backend): 1.7.4 fails at the first step (kernels
 * missing); 2.8.6, 3.0.0 and 3.1.0 train to losses thousands of times the cpu backend's; 3.2.0, 3.3.0, 3.6.0,
 * 3.9.0, 3.14.0, 3.18.0 and 3.21.0 train to losses like the cpu backend's. The package must be exactly
 * tfjs-core's version (its peer dependency); the 3.x versions published are 3.0.0–3.4.0 and 3.6.0–3.21.0.
 */

/** The first tfjs-backend-wasm that trains correctly. */
export const FIRST_TRAINING_WASM = '3.2.0';

export function wasmTrainsWith(coreVersion: string): boolean {
  return compareVersions(coreVersion, FIRST_TRAINING_WASM) >= 0;
}

/** The version to install for a tfjs-core 3.x, if one was published and trains; newer majors than 3 are not listed. */
export function suggestedWasmFor3x(coreVersion: string): string | null {
  const [major, minor, patch] = numbers(coreVersion);
  const published = major === 3 && patch === 0 && minor! >= 0 && minor! <= 21 && minor !== 5;
  return published && wasmTrainsWith(coreVersion) ? coreVersion : null;
}

export function majorOf(version: string): number {
  return numbers(version)[0]!;
}

function compareVersions(a: string, b: string): number {
  const [x, y] = [numbers(a), numbers(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}

/** "3.18.0-rc.1" → [3, 18, 0]; a missing part is 0. */
function numbers(version: string): number[] {
  const parts = version.split('-')[0]!.split('.').map(Number);
  return [0, 1, 2].map((i) => (Number.isFinite(parts[i]) ? parts[i]! : 0));
}
