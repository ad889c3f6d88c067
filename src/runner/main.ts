/**
 * The runner: the entry point of the training process. It loads the tfjs the script should use, instruments
 * it, prepares the script and imports it, and reports everything as events on EVENTS_FD. It exits with
 * the script; the session turns what it wrote (or did not write) into the outcome.
 */
import * as path from 'node:path';
import type { ErrorPhase, RunnerEvent } from '../core/events.ts';
import { PROTOCOL_VERSION } from '../core/events.ts';
import { EVENTS_FD, RUNNER_CONFIG_ENV, RunnerConfigSchema, type RunnerConfig } from '../core/runner-config.ts';
import { CallSiteLocator } from './call-site.ts';
import { EventSink } from './event-sink.ts';
import { TrainingObserver } from './instrument/training-observer.ts';
import type { Tf } from './instrument/tfjs-types.ts';
import { activationInterceptor } from './activation-overrides.ts';
import { prepareScript, ScriptPrepareError, TFJS_GLOBAL } from './prepare-script.ts';
import { seedMathRandom } from './seed.ts';
import { BackendUnavailableError, loadTfjs } from './tfjs-loader.ts';

const startTime = Date.now();
const sink = new EventSink(EVENTS_FD);
let observer: TrainingObserver | null = null;
let locator = new CallSiteLocator(new Set());

function steps(): number {
  return observer?.stepCount ?? 0;
}

function fail(phase: ErrorPhase, error: unknown, exitCode: number): never {
  try {
    observer?.finishSync();
  } catch {
    // The error being reported matters more than the last partial window.
  }
  const isError = error instanceof Error;
  const stack = isError ? (error.stack ?? null) : null;
  const location = error instanceof ScriptPrepareError ? error.location : locator.firstUserFrame(stack ?? undefined);
  const message = isError ? (error instanceof ScriptPrepareError || phase === 'usage' ? error.message : `${error.name}: ${error.message}`) : String(error);
  sink.emit({ type: 'error', phase, message, stack: phase === 'script' ? stack : null, location, steps: steps() });
  process.exit(exitCode);
}

function end(reason: 'completed' | 'max-steps' | 'stopped' | 'exit', exitCode?: number): void {
  const event: RunnerEvent = { type: 'end', reason, steps: steps(), elapsedMs: Date.now() - startTime };
  if (exitCode !== undefined) event.exitCode = exitCode;
  sink.emit(event);
}

function readConfig(): RunnerConfig {
  const raw = process.env[RUNNER_CONFIG_ENV];
  if (!raw) throw new Error(`${RUNNER_CONFIG_ENV} is not set: the runner is started by the ActLens session, not by hand.`);
  return RunnerConfigSchema.parse(JSON.parse(raw));
}

async function main(): Promise<void> {
  let config: RunnerConfig;
  try {
    config = readConfig();
  } catch (error) {
    return fail('usage', error, 2);
  }
  process.chdir(config.cwd);

  // Notes wait for the start event, which can only be written once the backend is known.
  const earlyNotes: string[] = [];
  let note = (message: string): void => {
    earlyNotes.push(message);
  };
  let loaded;
  try {
    loaded = await loadTfjs(config.backend, path.dirname(config.script), (message) => note(message));
  } catch (error) {
    return fail(error instanceof BackendUnavailableError ? 'usage' : 'runner', error, 2);
  }
  const tf = loaded.tf as unknown as Tf;

  let prepared;
  try {
    prepared = await prepareScript(config.script, config.workDir, Object.keys(tf));
  } catch (error) {
    return fail('prepare', error, 1);
  }
  locator = new CallSiteLocator(prepared.sourceFiles);

  const exposed: Record<string, unknown> = {};
  for (const key of Object.keys(tf)) exposed[key] = (tf as unknown as Record<string, unknown>)[key];
  if (config.instrument) {
    observer = new TrainingObserver(tf, {
      every: config.every,
      maxSteps: config.maxSteps,
      sink,
      locator,
      startTime,
      intercept: activationInterceptor(tf, config.activationOverrides, config.script),
    });
    Object.assign(exposed, observer.install());
    observer.setHardStop(() => {
      observer!.finishSync();
      end('max-steps');
      process.exit(0);
    });
  }
  (globalThis as Record<string, unknown>)[TFJS_GLOBAL] = exposed;

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
  note = (message) => sink.emit({ type: 'note', level: 'info', message });
  earlyNotes.forEach(note);
  for (const imported of prepared.tfjsImports) {
    if (/-node(-gpu)?$/.test(imported) && !loaded.backend.startsWith('tensorflow')) {
      sink.emit({ type: 'note', level: 'warning', message: `Your script imports ${imported}, which could not be loaded here; it runs on @tensorflow/tfjs with the ${loaded.backend} backend instead.` });
    }
  }

  installExitHandlers();
  // The script sees itself as the main program, in its own folder, with its own arguments.
  process.argv = [process.argv[0]!, config.script, ...config.args];
  const globals = globalThis as Record<string, unknown>;
  globals.require = (await import('node:module')).createRequire(config.script);
  globals.__filename = config.script;
  globals.__dirname = path.dirname(config.script);
  process.setSourceMapsEnabled(true);
  seedMathRandom(config.seed);

  try {
    await import(prepared.url);
  } catch (error) {
    fail('script', error, 1);
  }
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
