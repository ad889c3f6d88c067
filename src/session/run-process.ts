/**
 * The training process, seen from the session: starts the runner with its config, reads and validates its
 * event lines, passes its stdout/stderr through, and stops the whole process tree on request.
 *
 * Event lines are authenticated: each run gets a random key, handed to the runner on HANDOVER_FD, and a
 * line that does not start with it was written by someone else (the script shares the runner's process and
 * can write to the channel) and is dropped.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { parseEventLine, type RunnerEvent } from '../core/events.ts';
import { MAX_EVENT_BYTES } from '../core/protocol.ts';
import { EVENTS_FD, HANDOVER_FD, type RunnerConfig } from '../core/runner-config.ts';
import { launchRunner, runnerLaunch, takeRunnerLaunchedAhead, type RunnerLaunch } from './runner-launch.ts';

export interface RunProcessListeners {
  event(event: RunnerEvent): void;
  /** A line that failed validation; it is dropped, the run goes on. */
  invalid(reason: string): void;
  output(stream: 'stdout' | 'stderr', chunk: string): void;
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * How to launch the runner where it differs from `actlens run`'s launch (runner-launch.ts; it starts in the config's
 * `cwd`), what to hand it, whom to tell.
 */
export interface RunProcessOptions extends Partial<Omit<RunnerLaunch, 'cwd'>> {
  config: RunnerConfig;
  listeners: RunProcessListeners;
}

/** How long a stop waits for the runner's own clean shutdown before killing the tree. */
const STOP_GRACE_MS = 1000;

/**
 * How long, after the process exited, its last output may take to arrive. Bounded: a grandchild that
 * inherited stdout/stderr can hold the pipes open for as long as it lives.
 */
const OUTPUT_DRAIN_MS = 200;

export class RunProcess {
  readonly exited: Promise<ProcessExit>;
  private readonly child: ChildProcess;

  constructor(options: RunProcessOptions) {
    const launch = runnerLaunch(options.config.cwd, options);
    this.child = takeRunnerLaunchedAhead(launch) ?? launchRunner(launch);
    const { listeners } = options;
    const key = randomBytes(16).toString('hex');
    handOver(this.child.stdio[HANDOVER_FD] as Writable | null, key, options.config);
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => listeners.output('stdout', chunk));
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => listeners.output('stderr', chunk));
    const eventsDone = readLines(
      this.child.stdio[EVENTS_FD] as Readable,
      (line) => {
        if (!line.startsWith(`${key} `))
          return listeners.invalid(
            "a line without this run's key (not written by ActLens: the script wrote to its channel)",
          );
        const parsed = parseEventLine(line.slice(key.length + 1));
        if (parsed.ok) listeners.event(parsed.event);
        else listeners.invalid(parsed.reason);
      },
      listeners.invalid,
    );
    const processDone = new Promise<ProcessExit>((resolve) => {
      this.child.on('error', (error) => {
        listeners.output('stderr', `Could not start ${options.nodePath}: ${error.message}\n`);
        resolve({ code: 127, signal: null });
      });
      this.child.on('exit', (code, signal) => resolve({ code, signal }));
    });
    const outputDone = Promise.all([closed(this.child.stdout!), closed(this.child.stderr!)]);
    // Every event line, and the script's last output, are delivered before `exited` resolves.
    this.exited = Promise.all([processDone, eventsDone]).then(async ([exit]) => {
      await Promise.race([outputDone, delay(OUTPUT_DRAIN_MS, undefined, { ref: false })]);
      return exit;
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Asks the runner to stop (it flushes and records the stop), then kills the process tree. */
  async stop(): Promise<ProcessExit> {
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), STOP_GRACE_MS);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  private signal(signal: NodeJS.Signals): void {
    if (this.child.exitCode !== null || this.child.signalCode !== null || this.child.pid === undefined) return;
    try {
      if (process.platform === 'win32') this.child.kill(signal);
      else process.kill(-this.child.pid, signal);
    } catch {
      // Already gone.
    }
  }
}

/** Writes the key and the config, a line each, and closes. A runner that died first cannot read them (EPIPE). */
function handOver(channel: Writable | null, key: string, config: RunnerConfig): void {
  channel?.on('error', () => {});
  channel?.end(`${key}\n${JSON.stringify(config)}\n`);
}

function closed(stream: Readable): Promise<void> {
  return new Promise((resolve) => stream.once('close', resolve));
}

/** Splits a stream into lines; a line longer than the event limit is dropped (reported) rather than buffered. */
function readLines(
  stream: Readable,
  onLine: (line: string) => void,
  onOversize: (reason: string) => void,
): Promise<void> {
  return new Promise((resolve) => {
    let buffer = '';
    let skipping = false;
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      let start = 0;
      for (let newline = chunk.indexOf('\n'); newline !== -1; newline = chunk.indexOf('\n', start)) {
        const piece = chunk.slice(start, newline);
        if (skipping) {
          // The tail of a line already reported as oversize.
        } else if (buffer.length + piece.length <= MAX_EVENT_BYTES) onLine(buffer + piece);
        else onOversize(`an event line exceeded ${MAX_EVENT_BYTES} bytes and was dropped`);
        buffer = '';
        skipping = false;
        start = newline + 1;
      }
      if (skipping) return;
      buffer += chunk.slice(start);
      if (buffer.length > MAX_EVENT_BYTES) {
        onOversize(`an event line exceeded ${MAX_EVENT_BYTES} bytes and was dropped`);
        buffer = '';
        skipping = true;
      }
    });
    stream.on('end', () => {
      if (buffer && !skipping) onLine(buffer);
      resolve();
    });
    stream.on('error', () => resolve());
  });
}
