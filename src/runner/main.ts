/**
 * The runner: the entry point of the training process. It loads the tfjs the script should use, instruments
 * it, prepares the script and imports it, and reports everything as events on EVENTS_FD. It exits with
 * the script; the session turns what it wrote (or did not write) into the outcome.
 */
import * as path from 'node:path';
import type { BackendName, EndEvent, EndReason, ErrorPhase } from '../core/events.ts';
import { PROTOCOL_VERSION } from '../core/events.ts';
import {
  EVENTS_FD,
  RECORD_KEY_FD,
  RUNNER_CONFIG_ENV,
  RunnerConfigSchema,
  type RunnerConfig,
} from '../core/runner-config.ts';
import { CallSiteLocator } from './call-site.ts';
import { errorText } from './error-text.ts';
import { EventSink } from './event-sink.ts';
import { TrainingObserver } from './instrument/training-observer.ts';
import type { Tf } from './instrument/tfjs-types.ts';
import { activationInterceptor } from './activation-overrides.ts';
import { installLoaders, runEntry } from './loader/load-script.ts';
import { endWithParent } from './parent-watch.ts';
import { readRecordKey } from './record-key.ts';
import { TFJS_NODE_IMPORT } from './loader/tfjs-module.ts';
import { standInForTfjsNode } from './tfjs-node-stand-in.ts';
import { UserFiles } from './loader/user-files.ts';
import { describeLoadFailure } from './loader/load-failure.ts';
import { seedMathRandom } from './seed.ts';
import { BackendUnavailableError, loadTfjs, type LoadedTfjs, type NoteSink } from './tfjs-loader.ts';

const startTime = Date.now();
const sink = new EventSink(EVENTS_FD);
let observer: TrainingObserver | null = null;
let locator: CallSiteLocator | null = null;
let userFiles: UserFiles | null = null;

function steps(): number {
  return observer?.stepCount ?? 0;
}

function fail(phase: ErrorPhase, error: unknown, exitCode: number): never {
  try {
    observer?.finishSync();
  } catch {
    // The error being reported matters more than the last partial window.
  }
  const loadFailure = userFiles && describeLoadFailure(error, userFiles);
  if (loadFailure) phase = 'prepare';
  const isError = error instanceof Error;
  const stack = isError ? (error.stack ?? null) : null;
  const location = loadFailure ? loadFailure.location : (locator?.firstUserFrame(stack ?? undefined) ?? null);
  const message = loadFailure ? loadFailure.message : isError && phase === 'usage' ? error.message : errorText(error);
  sink.emit({ type: 'error', phase, message, stack: phase === 'script' ? stack : null, location, steps: steps() });
  process.exit(exitCode);
}

function end(reason: EndReason, exitCode?: number): void {
  const event: EndEvent = { type: 'end', reason, steps: steps(), elapsedMs: Date.now() - startTime };
  if (exitCode !== undefined) event.exitCode = exitCode;
  sink.emit(event);
}

async function main(): Promise<void> {
  endWithParent();
  openChannelOrExit();
  const config = readConfigOrFail();
  process.chdir(config.cwd);
  const notes = new HeldNotes();
  const loaded = await loadTfjsOrFail(config, notes.add);
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
  installLoaders({
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
    await runEntry(config.script);
  } catch (error) {
    fail('script', error, 1);
  }
}

/** Without its key the runner can report nothing the session would accept; stderr is all it has. */
function openChannelOrExit(): void {
  try {
    sink.open(readRecordKey(RECORD_KEY_FD));
  } catch (error) {
    process.stderr.write(`actlens runner: ${(error as Error).message}\n`);
    process.exit(2);
  }
}

function readConfigOrFail(): RunnerConfig {
  try {
    return readConfig();
  } catch (error) {
    return fail('usage', error, 2);
  }
}

function readConfig(): RunnerConfig {
  const raw = process.env[RUNNER_CONFIG_ENV];
  if (!raw)
    throw new Error(`${RUNNER_CONFIG_ENV} is not set: the runner is started by the ActLens session, not by hand.`);
  return RunnerConfigSchema.parse(JSON.parse(raw));
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
    return await loadTfjs(config.backend, path.dirname(config.script), note);
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
  }));
  const overrides = training.install();
  training.setHardStop(() => {
    training.finishSync();
    end('max-steps');
    process.exit(0);
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
    tfjs: { source: loaded.source, version: loaded.version, entry: loaded.entry },
    seed: config.seed,
    every: config.every,
    maxSteps: config.maxSteps,
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
  let ending = false;
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
    observer?.finishSync();
    end('exit', code);
  });
  process.on('uncaughtException', (error) => fail('script', error, 1));
  process.on('unhandledRejection', (reason) => fail('script', reason, 1));
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      observer?.finishSync();
      end('stopped');
      process.exit(0);
    });
  }
}

main().catch((error) => fail('runner', error, 1));
