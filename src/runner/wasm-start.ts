/**
 * Starts the wasm backend so that a failure becomes a note, not a crash. The emscripten glue of
 * tfjs-backend-wasm 2.x/3.x fetches its .wasm file with the global `fetch` when one exists — Node 18+ has one,
 * and it cannot read a file path — and it installs process handlers that rethrow: the failed fetch ended the
 * runner with exit code 7, and tfjs would have waited forever for the backend. So, while the backend starts:
 * there is no global `fetch` (the glue then reads the file from disk), handlers added for uncaught errors are
 * not installed (the runner reports errors itself), and an unhandled rejection or a start that never ends
 * counts as the backend failing.
 */
import type { TfjsNamespace } from './tfjs-loader.ts';

/** A wasm backend starts in well under a second; this only ends a start that would otherwise never end. */
const START_TIMEOUT_MS = 30_000;
const ERROR_EVENTS = new Set<string | symbol>(['uncaughtException', 'unhandledRejection']);

export type WasmStart = { started: true } | { started: false; reason: unknown };

/** `load` registers the backend (requires the package); then tfjs switches to it. */
export async function startWasmBackend(tf: TfjsNamespace, load: () => unknown): Promise<WasmStart> {
  let fail: (reason: unknown) => void = () => {};
  const failed = new Promise<WasmStart>((resolve) => (fail = (reason) => resolve({ started: false, reason })));
  process.prependListener('unhandledRejection', fail);
  const timer = setTimeout(() => fail(`it did not start within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
  const restoreFetch = withoutGlobalFetch();
  const restoreHandlers = withoutErrorHandlers();
  try {
    load();
    const start = async (): Promise<WasmStart> => {
      if (!(await tf.setBackend('wasm'))) return { started: false, reason: 'tfjs could not initialise it' };
      await tf.ready();
      return { started: true };
    };
    const result = await Promise.race([start(), failed]);
    if (!result.started) forgetBackend(tf);
    return result;
  } catch (error) {
    forgetBackend(tf);
    return { started: false, reason: error };
  } finally {
    restoreHandlers();
    restoreFetch();
    clearTimeout(timer);
    process.removeListener('unhandledRejection', fail);
  }
}

/** A backend whose start never finished would keep `tf.ready()` waiting for it. */
function forgetBackend(tf: TfjsNamespace): void {
  try {
    (tf as unknown as { removeBackend(name: string): void }).removeBackend('wasm');
  } catch {
    // Not registered: nothing waits for it.
  }
}

function withoutGlobalFetch(): () => void {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  if (!descriptor?.configurable) return () => {};
  delete (globalThis as { fetch?: unknown }).fetch;
  return () => Object.defineProperty(globalThis, 'fetch', descriptor);
}

type AddListener = (event: string | symbol, listener: (...args: unknown[]) => void) => NodeJS.Process;

/** `process.on('uncaughtException' | 'unhandledRejection', …)` does nothing until the returned function is called. */
function withoutErrorHandlers(): () => void {
  const methods = ['on', 'addListener', 'prependListener'] as const;
  const target = process as unknown as Record<(typeof methods)[number], AddListener>;
  const saved = methods.map((name) => ({ name, own: Object.hasOwn(process, name), original: target[name] }));
  for (const { name, original } of saved) {
    target[name] = function (this: NodeJS.Process, event, listener) {
      return ERROR_EVENTS.has(event) ? this : original.call(this, event, listener);
    };
  }
  return () => {
    for (const { name, own, original } of saved) {
      if (own) target[name] = original;
      else delete (target as Partial<typeof target>)[name];
    }
  };
}
