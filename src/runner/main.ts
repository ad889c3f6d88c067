/**
 * The runner: the entry point of the training process. It loads the tfjs the script should use, instruments
 * it, prepares the script and imports it, and reports everything as events on EVENTS_FD. It exits with
 * the script; the session turns what it wrote (or did not write) into the outcome.
 */
import type { BackendName, EndEvent, EndReason, ErrorPhase } from '../core/events.ts';
import { PROTOCOL_VERSION } from '../core/protocol.ts';
import { EVENTS_FD, HANDOVER_FD, RunnerConfigSchema, type RunnerConfig } from '../core/runner-config.ts';
import { lendCrossoverSwitch } from './bench-crossover.ts';
import { CallSiteLocator } from './call-site.ts';
import { errorText } from './error-text.ts';
import { EventSink } from './event-sink.ts';
import { TrainingObserver } from './instrument/training-observer.ts';
import type { Tf } from './instrument/tfjs-types.ts';
import { activationInterceptor } from './activation-overrides.ts';
import { installLoaders } from './loader/load-script.ts';
import { endWithParent } from './parent-watch.ts';
import { readHandover, type Handover } from './handover.ts';
import { TFJS_NODE_IMPORT } from './loader/tfjs-module.ts';
import { standInForTfjsNode } from './tfjs-node-stand-in.ts';
import { UserFiles } from './loader/user-files.ts';
import { describeLoadFailure } from './loader/load-failure.ts';
import { seedMathRandom } from './seed.ts';
import { BackendUnavailableError, loadTfjs, type LoadedTfjs, type NoteSink } from './tfjs-loader.ts';

/**
 * Backends whose tensors live in the runner's own memory, where a watched tensor is reduced in JavaScript rather than
 * by kernels (host-reduction.ts). Not tensorflow: its tensors may be on a GPU, and its kernels dispatch cheaply.
 */
const HOST_MEMORY_BACKENDS = new Set(['cpu', 'wasm']);
/** Steps a GPU spends compiling its kernels on first use (forward, backward, the optimizer's update): warm-up. */
const GPU_WARMUP_STEPS = 2;
/** How long loading tfjs and starting its backend may take before the watch on the parent starts anyway (see main). */
const WATCH_AFTER_MS = 1000;
/** A last read back from the GPU takes milliseconds; this only bounds an exit that would otherwise hang on one. */
const FINAL_READ_TIMEOUT_MS = 10_000;

const startTime = Date.now();
const sink = new EventSink(EVENTS_FD);
let observer: TrainingObserver | null = null;
let locator: CallSiteLocator | null = null;
let userFiles: UserFiles | null = null;
/** Whether the backend can read tensors synchronously; webgpu cannot in Node, so every exit waits for its reads. */
let syncReads = true;
/** An end (or error) is being reported: later exits, errors and signals are the process winding down. */
let ending = false;
/** How long the runner waited for its session's hand-over: not its own start-up (emitStart). */
let handoverWaitMs = 0;

function steps(): number {
  return observer?.stepCount ?? 0;
}

/** Reports the error and exits; what the observer still holds must have been read back already (failTraining). */
function fail(phase: ErrorPhase, error: unknown, exitCode: number): never {
  const loadFailure = userFiles && describeLoadFailure(error, userFiles);
  if (loadFailure) phase = 'prepare';
  const isError = error instanceof Error;
  const stack = isError ? (error.stack ?? null) : null;
  const location = loadFailure ? loadFailure.location : (locator?.firstUserFrame(stack ?? undefined) ?? null);
  const message = loadFailure ? loadFailure.message : isError && phase === 'usage' ? error.message : errorText(error);
  sink.emit({ type: 'error', phase, message, stack: phase === 'script' ? stack : null, location, steps: steps() });
  process.exit(exitCode);
}

/** Once training may have started: the steps trained so far are read back and reported before the error. */
function failTraining(phase: ErrorPhase, error: unknown, exitCode: number): void {
  if (error instanceof MaxStepsReached) return;
  if (ending) return;
  ending = true;
  finishObserver(() => fail(phase, error, exitCode));
}

/**
 * Reads back what the observer still holds, then calls `then`: at once on backends that read synchronously,
 * after the asynchronous reads (at most FINAL_READ_TIMEOUT_MS) on webgpu.
 */
function finishObserver(then: () => void): void {
  const training = observer;
  if (!training) return then();
  if (syncReads) {
    try {
      training.finishSync();
    } catch {
      // What is being reported matters more than the last partial window.
    }
    return then();
  }
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, FINAL_READ_TIMEOUT_MS).unref());
  void Promise.race([training.finish().catch(() => undefined), timeout]).then(then);
}

/** Thrown into the script at a step beyond --max-steps on webgpu, while the last reads finish; the runner then ends the run. */
class MaxStepsReached extends Error {
  constructor(maxSteps: number) {
    super(`ActLens stopped training at --max-steps ${maxSteps}.`);
    this.name = 'MaxStepsReached';
  }
}

function end(reason: EndReason, exitCode?: number): void {
  const event: EndEvent = { type: 'end', reason, steps: steps(), elapsedMs: Date.now() - startTime };
  if (exitCode !== undefined) event.exitCode = exitCode;
  sink.emit(event);
}

async function main(): Promise<void> {
  const handover = openChannelOrExit();
  const config = readConfigOrFail(handover.config);
  process.chdir(config.cwd);
  const notes = new HeldNotes();
  // The watch on the parent starts once tfjs is loaded, before the script runs: its thread starting beside tfjs's load
  // slowed that load on two cores (docs/performance.md, "Start-up"). A backend that takes longer to start (Dawn, a GPU
  // driver: they could hang) is watched from WATCH_AFTER_MS on, so that a runner whose CLI is gone cannot wait forever.
  const watchSoon = setTimeout(endWithParent, WATCH_AFTER_MS).unref();
  const loaded = await loadTfjsOrFail(config, notes.add);
  clearTimeout(watchSoon);
  endWithParent();
  syncReads = loaded.backend !== 'webgpu';
  const tf = loaded.tf as unknown as Tf;
  // Before any user file is compiled: stacks then name the user's own lines (layer creation sites, errors).
  process.setSourceMapsEnabled(true);
  userFiles = new UserFiles(__dirname);
  locator = new CallSiteLocator(userFiles);
  const exposed = exposeTfjs(tf, config, locator);
  // A script written for tfjs-node that runs on plain tfjs keeps its file I/O (tfjs-node-stand-in.ts).
  const substituted = !loaded.backend.startsWith('tensorflow');
  const tfjsNode = substituted ? { ...exposed } : exposed;
  const standInNote = substituted ? standInForTfjsNode(tfjsNode) : '';
  const loaders = installLoaders({
    userFiles,
    tfjs: exposed,
    tfjsNode,
    onTfjsImport: (specifier) => {
      if (substituted && TFJS_NODE_IMPORT.test(specifier))
        warnAboutSubstitution(specifier, loaded.backend, standInNote);
    },
  });

  emitStart(config, loaded);
  notes.release();

  installExitHandlers();
  process.argv = [process.argv[0]!, config.script, ...config.args];
  seedMathRandom(config.seed);
  try {
    await loaders.runEntry(config.script);
  } catch (error) {
    failTraining('script', error, 1);
  }
}

/** Without its key the runner can report nothing the session would accept; stderr is all it has. */
function openChannelOrExit(): Handover {
  try {
    const handover = readHandover(HANDOVER_FD);
    handoverWaitMs = handover.waitedMs;
    sink.open(handover.key);
    return handover;
  } catch (error) {
    process.stderr.write(`actlens runner: ${(error as Error).message}\n`);
    process.exit(2);
  }
}

function readConfigOrFail(json: string): RunnerConfig {
  try {
    if (!json)
      throw new Error(`no config after the record key on fd ${HANDOVER_FD}: the session ended before writing it.`);
    return RunnerConfigSchema.parse(JSON.parse(json));
  } catch (error) {
    return fail('usage', error, 2);
  }
}

/** Notes can only be written after the start event, which needs the backend that loading tfjs settles. */
class HeldNotes {
  private held: string[] | undefined = [];

  readonly add: NoteSink = (message) => {
    if (this.held) this.held.push(message);
    else emitNote(message);
  };

  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    held.forEach(emitNote);
  }
}

function emitNote(message: string): void {
  sink.emit({ type: 'note', level: 'info', message });
}

async function loadTfjsOrFail(config: RunnerConfig, note: NoteSink): Promise<LoadedTfjs> {
  try {
    return await loadTfjs({ choice: config.backend, script: config.script, gpu: config.gpu }, note);
  } catch (error) {
    return fail(error instanceof BackendUnavailableError ? 'usage' : 'runner', error, 2);
  }
}

/** What the script's tfjs imports get: tfjs's namespace with the instrumentation's replacements. */
function exposeTfjs(tf: Tf, config: RunnerConfig, locator: CallSiteLocator): Record<string, unknown> {
  const exposed = copyOfNamespace(tf);
  if (config.instrument) Object.assign(exposed, instrument(tf, config, locator));
  return exposed;
}

/** The namespace's own properties are read-only getters; a plain copy can take the instrumentation's replacements. */
function copyOfNamespace(tf: Tf): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(tf)) copy[key] = (tf as unknown as Record<string, unknown>)[key];
  return copy;
}

/** Starts observing training; returns the tfjs entries the script must get instead of tfjs's own. */
function instrument(tf: Tf, config: RunnerConfig, locator: CallSiteLocator): Record<string, unknown> {
  const training = (observer = new TrainingObserver(tf, {
    every: config.every,
    maxSteps: config.maxSteps,
    sink,
    locator,
    startTime,
    intercept: activationInterceptor(tf, config.activationOverrides, config.script),
    syncReads,
    onHost: HOST_MEMORY_BACKENDS.has(tf.getBackend()),
    warmupSteps: syncReads ? 0 : GPU_WARMUP_STEPS,
    overheadBudget: config.overheadBudget,
  }));
  const overrides = training.install();
  lendCrossoverSwitch(training);
  training.setHardStop(() => {
    if (!ending) {
      ending = true;
      finishObserver(() => {
        end('max-steps');
        process.exit(0);
      });
    }
    // Reached only on webgpu: the script must not train on while the last reads finish.
    throw new MaxStepsReached(config.maxSteps ?? 0);
  });
  return overrides;
}

function emitStart(config: RunnerConfig, loaded: LoadedTfjs): void {
  sink.emit({
    type: 'start',
    protocol: PROTOCOL_VERSION,
    time: startTime,
    script: config.script,
    cwd: config.cwd,
    args: config.args,
    backend: loaded.backend,
    ...(loaded.adapter ? { adapter: loaded.adapter } : {}),
    tfjs: { source: loaded.source, version: loaded.version, entry: loaded.entry },
    seed: config.seed,
    every: config.every,
    maxSteps: config.maxSteps,
    overheadBudget: config.overheadBudget,
    // performance.timeOrigin is when this process started; the script's first line runs right after this event. A
    // runner started ahead of its session waited for it: not start-up of its own.
    startupMs: Math.round(Date.now() - performance.timeOrigin - handoverWaitMs),
    pid: process.pid,
  });
}

/** A script that imports tfjs-node gets @tensorflow/tfjs when the native binding is not there; it should know. */
function warnAboutSubstitution(imported: string, backend: BackendName, standInNote: string): void {
  sink.emit({
    type: 'note',
    level: 'warning',
    message: `Your script imports ${imported}, which could not be loaded here; it runs on @tensorflow/tfjs with the ${backend} backend instead. ${standInNote}`,
  });
}

function installExitHandlers(): void {
  // The wasm backend's emscripten glue installs handlers that rethrow; the runner reports instead.
  process.removeAllListeners('uncaughtException');
  process.removeAllListeners('unhandledRejection');
  process.on('beforeExit', () => {
    if (ending || sink.finished) return;
    ending = true;
    void (async () => {
      await observer?.finish();
      end(observer?.stoppedAtMaxSteps ? 'max-steps' : 'completed');
    })();
  });
  process.on('exit', (code) => {
    if (sink.finished) return;
    if (syncReads) observer?.finishSync();
    else noteUnreadSteps();
    end('exit', code);
  });
  process.on('uncaughtException', (error) => failTraining('script', error, 1));
  process.on('unhandledRejection', (reason) => failTraining('script', reason, 1));
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (ending) return;
      ending = true;
      finishObserver(() => {
        end('stopped');
        process.exit(0);
      });
    });
  }
}

/** process.exit() cannot wait for a read from the GPU: the steps it cuts off are said, not silently dropped. */
function noteUnreadSteps(): void {
  const unread = observer?.unreadSteps ?? 0;
  if (unread > 0)
    sink.emit({
      type: 'note',
      level: 'warning',
      message: `The last ${unread} step${unread === 1 ? ' was' : 's were'} not analysed: the script ended with process.exit() before ActLens's read from the GPU finished (webgpu reads asynchronously only). Let the script end by itself to have them analysed.`,
    });
}

main().catch((error) => failTraining('runner', error, 1));
