/**
 * The constants of the runner's event protocol, apart from the zod schemas in events.ts: the runner needs these
 * at start-up, and loading zod with the schemas took ~50 ms of every run's start-up (docs/performance.md). So the
 * runner imports events.ts for its types only (test/unit/runner-bundle.test.ts keeps it so).
 */

/** Bump when a record changes shape in a way an older reader would misread. */
export const PROTOCOL_VERSION = 1;

/** In the order `--backend auto` tries them: fastest first (webgpu only on a hardware adapter). */
export const BACKENDS = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'] as const;

/** The largest event line a reader accepts; a runner never needs more (per-unit arrays are bounded). */
export const MAX_EVENT_BYTES = 8 * 1024 * 1024;
