/**
 * Launching the training process: its command line and stdio, written once. A run's session launches it
 * (run-process.ts); for `actlens run`, the CLI's entry launches it first, before loading its own bundle
 * (cli/cached-start.ts), so that the runner's Node start overlaps the CLI's (docs/performance.md, "Start-up"). The
 * session then takes that process rather than launching another: the runner waits for its record key and config
 * (HANDOVER_FD) before it does anything of the run, and moves to the run's working folder once it has them. The CLI's
 * entry and its bundle are separate scripts, each with its own copy of this module: the process launched ahead is kept
 * on the global object.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** V8 heap limit of the training process by default, in MiB (tfjs tensors live outside it). */
export const DEFAULT_MEMORY_LIMIT_MB = 8192;

/** dist/runner.js beside the bundle this module is in (the CLI's entry, or its session); from the sources (tests), the built one. */
export function defaultRunnerPath(): string {
  const beside = path.join(__dirname, 'runner.js');
  return existsSync(beside) ? beside : path.resolve(__dirname, '..', '..', 'dist', 'runner.js');
}

export interface RunnerLaunch {
  runnerPath: string;
  /** Node binary for the training process (a user's tfjs-node is built for their Node). */
  nodePath: string;
  /** Added to this process's environment, e.g. ELECTRON_RUN_AS_NODE when nodePath is VS Code's own binary. */
  env: Record<string, string>;
  memoryLimitMb: number;
  /** Where the process starts; the runner then moves to its config's `cwd`. */
  cwd: string;
}

/**
 * The launch of a run whose request names only some of it (`given`), starting in `cwd`: the rest as `actlens run`
 * launches it — the built runner, this Node, DEFAULT_MEMORY_LIMIT_MB, no extra environment.
 */
export function runnerLaunch(cwd: string, given: Partial<Omit<RunnerLaunch, 'cwd'>> = {}): RunnerLaunch {
  return {
    runnerPath: given.runnerPath ?? defaultRunnerPath(),
    nodePath: given.nodePath ?? process.execPath,
    env: given.env ?? {},
    memoryLimitMb: given.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB,
    cwd,
  };
}

export function launchRunner(launch: RunnerLaunch): ChildProcess {
  return spawn(launch.nodePath, [`--max-old-space-size=${launch.memoryLimitMb}`, launch.runnerPath], {
    cwd: launch.cwd,
    env: { ...process.env, ...launch.env },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
    // Its own process group, so that a stop ends whatever the script itself spawned too.
    detached: process.platform !== 'win32',
  });
}

const AHEAD = Symbol.for('actlens.runnerLaunchedAhead');

interface LaunchedAhead {
  launch: RunnerLaunch;
  child: ChildProcess;
}

type Holder = { [AHEAD]?: LaunchedAhead };

/**
 * Launches the runner before any session wants it; the first session that launches the same takes it. A launch that
 * fails (at once, or later with an 'error') leaves the session to launch its own and say why.
 */
export function launchRunnerAhead(launch: () => RunnerLaunch): void {
  try {
    const spec = launch();
    const child = launchRunner(spec);
    child.on('error', () => {});
    (globalThis as Holder)[AHEAD] = { launch: spec, child };
  } catch {
    // No process to take.
  }
}

/**
 * The process launched ahead, if it was launched as `launch` would be (wherever it started) and still runs; null
 * otherwise, having ended it. Taken once.
 */
export function takeRunnerLaunchedAhead(launch: RunnerLaunch): ChildProcess | null {
  const ahead = takeHeld();
  if (!ahead) return null;
  const { child } = ahead;
  const running = child.pid !== undefined && child.exitCode === null && child.signalCode === null;
  if (running && sameLaunch(ahead.launch, launch)) return child;
  end(child);
  return null;
}

/** Ends a process launched ahead that no session took (a usage error, `--help`), so that the CLI does not wait on it. */
export function endRunnerLaunchedAhead(): void {
  const ahead = takeHeld();
  if (ahead) end(ahead.child);
}

/** The process launched ahead, off the global object: whoever takes it, ends it or runs it. */
function takeHeld(): LaunchedAhead | undefined {
  const ahead = (globalThis as Holder)[AHEAD];
  delete (globalThis as Holder)[AHEAD];
  return ahead;
}

function sameLaunch(a: RunnerLaunch, b: RunnerLaunch): boolean {
  const env = (each: RunnerLaunch) => JSON.stringify(Object.entries(each.env).sort());
  return (
    a.runnerPath === b.runnerPath &&
    a.nodePath === b.nodePath &&
    a.memoryLimitMb === b.memoryLimitMb &&
    env(a) === env(b)
  );
}

/** It has run nothing of a run's yet: it waits for a hand-over that will not come. */
function end(child: ChildProcess): void {
  child.kill();
  for (const stream of child.stdio) stream?.destroy();
  child.unref();
}
