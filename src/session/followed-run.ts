/**
 * A run seen through its folder rather than through its process: the event log (and the script's output
 * beside it) read as they grow, analysed as they arrive. This is how the editor shows a run that another
 * process owns — the run host it started (so that the run outlives a window reload), or `actlens run` in a
 * terminal, or a job on another machine writing to a shared folder — with the same state, findings and
 * outcome a RunSession gives.
 *
 * It ends when the log's end record is read. When the owner process is gone without writing one (killed,
 * or a host that died while starting) it ends with an error record of its own, as RunSession does for a
 * training process that died silently.
 */
import * as path from 'node:path';
import { Analyzer } from '../analysis/index.ts';
import { parseEventLine, type RunnerEvent } from '../core/events.ts';
import { MAX_EVENT_BYTES } from '../core/protocol.ts';
import type { Finding } from '../core/findings.ts';
import { RunState } from '../core/run-state.ts';
import type { TerminalEvent } from '../core/run-status.ts';
import type { Thresholds } from '../core/thresholds.ts';
import { FileFollower } from './file-follower.ts';
import { LastLine } from './last-line.ts';
import { EVENTS_FILE } from './run-log.ts';
import { ownedHere, ownerAlive, readRunOwner, type RunOwner } from './run-owner.ts';
import { runOutcome, safeLint, type RunOutcome, type SessionListeners } from './session.ts';

export const STDOUT_FILE = 'stdout.log';
export const STDERR_FILE = 'stderr.log';

/** How often the files are read: a finding shows in the editor within about this much of being written. */
const POLL_MS = 100;
/** How often the owner's process is checked while no end record has come. */
const OWNER_CHECK_MS = 1000;
/** A stopped owner that has not ended the run within this is killed (the run host kills training after 1 s itself). */
const STOP_KILL_AFTER_MS = 5000;

export interface FollowOptions {
  runDir: string;
  /** The entry script; read from the log's start record when not given (a run this editor did not start). */
  script: string;
  thresholds?: Partial<Thresholds>;
  listeners?: SessionListeners;
  /** The run host this editor has just started: it writes owner.json once its run starts. */
  started?: { pid: number | undefined; exited: Promise<unknown> };
}

/** Stop could not reach the run's process: it runs on another machine, or is already gone. */
export class CannotStopError extends Error {}

export class FollowedRun {
  readonly runId: string;
  readonly runDir: string;
  readonly script: string;
  readonly thresholds: Thresholds;
  readonly done: Promise<RunOutcome>;
  readonly state = new RunState();
  private readonly analyzer: Analyzer;
  private readonly events: FileFollower;
  private readonly output: { stdout: FileFollower; stderr: FileFollower };
  private readonly stderrTail = new LastLine();
  private readonly staticFindings: Finding[];
  private readonly listeners: SessionListeners;
  private readonly timer: NodeJS.Timeout;
  private lastOwnerCheck = 0;
  private owner: RunOwner | null = null;
  private lastLine: string | null = null;
  private invalidEvents = 0;
  private stopRequested = false;
  private following = true;
  private finish!: (outcome: RunOutcome) => void;

  constructor(private readonly options: FollowOptions) {
    this.runDir = options.runDir;
    this.runId = path.basename(options.runDir);
    this.script = options.script;
    this.listeners = options.listeners ?? {};
    this.analyzer = new Analyzer(options.thresholds);
    this.thresholds = this.analyzer.thresholds;
    this.staticFindings = safeLint(this.script, (message) => this.state.notes.push(message));
    this.events = new FileFollower(path.join(this.runDir, EVENTS_FILE), this.runDir, MAX_EVENT_BYTES);
    this.output = {
      stdout: new FileFollower(path.join(this.runDir, STDOUT_FILE), this.runDir, MAX_EVENT_BYTES),
      stderr: new FileFollower(path.join(this.runDir, STDERR_FILE), this.runDir, MAX_EVENT_BYTES),
    };
    this.done = new Promise((resolve) => (this.finish = resolve));
    this.timer = setInterval(() => this.poll(), POLL_MS);
    // A run host that exits before its run has an owner record failed to start it: its stderr says why.
    void options.started?.exited.then(() => this.ownerGoneUnlessEnded());
    // Not before the constructor returns: whoever made it wires its listeners to what it returns first.
    queueMicrotask(() => this.poll());
  }

  findings(): Finding[] {
    return [...this.analyzer.findings(), ...this.staticFindings];
  }

  /** Whether Stop can reach the run from here. */
  get stoppable(): boolean {
    return this.ownerPid() !== null;
  }

  /**
   * Asks the owner to stop the run (SIGTERM: it records the stop and writes its reports, as on Ctrl-C), and
   * kills it if it has not ended the run within STOP_KILL_AFTER_MS. Resolves when the run has ended.
   */
  async stop(): Promise<unknown> {
    const pid = this.ownerPid();
    if (pid === null) throw new CannotStopError(this.whyNotStoppable());
    this.stopRequested = true;
    signal(pid, 'SIGTERM');
    const kill = setTimeout(() => signal(pid, 'SIGKILL'), STOP_KILL_AFTER_MS);
    try {
      return await this.done;
    } finally {
      clearTimeout(kill);
    }
  }

  /** Stops reading; the run goes on. `done` then never resolves. */
  detach(): void {
    this.following = false;
    clearInterval(this.timer);
    this.events.close();
    this.output.stdout.close();
    this.output.stderr.close();
  }

  /** The owner record, read until there is one (the run host writes it once its run starts). */
  private currentOwner(): RunOwner | null {
    return (this.owner ??= readRunOwner(this.runDir));
  }

  private ownerPid(): number | null {
    const owner = this.currentOwner();
    if (owner) return ownerAlive(owner) ? owner.pid : null;
    return this.options.started?.pid ?? null;
  }

  private whyNotStoppable(): string {
    const owner = this.currentOwner();
    if (owner && !ownedHere(owner))
      return `this run's process runs on ${owner.host} (pid ${owner.pid}); stop it there.`;
    if (owner)
      return `its owner (pid ${owner.pid}, named in owner.json) is not a running ActLens process on this machine.`;
    return 'this run does not say which process writes it (it has no owner.json); stop it where it was started.';
  }

  private poll(): void {
    if (!this.following) return;
    try {
      this.readOutput();
      this.readEvents();
      if (!this.state.terminal) this.checkOwner();
    } catch (error) {
      this.end(this.followError((error as Error).message));
    }
  }

  private readOutput(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const { lines } = this.output[stream].read();
      if (lines.length === 0) continue;
      const text = lines.join('\n') + '\n';
      if (stream === 'stderr') this.stderrTail.push(text);
      this.listeners.output?.(stream, text);
    }
  }

  private readEvents(): void {
    const read = this.events.read();
    let lines = read.lines;
    if (read.replaced) lines = this.afterLastDelivered(lines);
    for (let count = 0; count < read.oversize; count++)
      this.invalid(`an event line exceeded ${MAX_EVENT_BYTES} bytes and was dropped`);
    for (const line of lines) {
      if (!line.trim()) continue;
      const parsed = parseEventLine(line);
      if (!parsed.ok) {
        this.invalid(parsed.reason);
        continue;
      }
      this.lastLine = line;
      this.record(parsed.event);
      if (this.state.terminal) return this.end(null);
    }
  }

  /**
   * A long run's log is rewritten thinned (run-log-writer.ts) with every recent record, in order: what follows
   * the last record already read is new. If that record was thinned away, what was missed is left out (noted).
   */
  private afterLastDelivered(lines: string[]): string[] {
    if (this.lastLine === null) return lines;
    const at = lines.lastIndexOf(this.lastLine);
    if (at !== -1) return lines.slice(at + 1);
    this.state.notes.push("Some of the run's records were thinned from its log before they were read here.");
    return [];
  }

  private record(event: RunnerEvent): void {
    this.state.apply(event);
    this.analyzer.push(event);
    this.listeners.event?.(event);
  }

  private invalid(reason: string): void {
    this.invalidEvents++;
    this.listeners.invalid?.(reason);
  }

  /** An owner gone without an end record: read once more (it may have written it meanwhile), then end the run. */
  private checkOwner(): void {
    const now = Date.now();
    if (now - this.lastOwnerCheck < OWNER_CHECK_MS) return;
    this.lastOwnerCheck = now;
    const owner = this.currentOwner();
    if (owner && ownedHere(owner) && !ownerAlive(owner)) this.ownerGoneUnlessEnded();
  }

  private ownerGoneUnlessEnded(): void {
    if (!this.following || this.state.terminal) return;
    this.readOutput();
    this.readEvents();
    if (!this.state.terminal) this.end(this.ownerGone());
  }

  private ownerGone(): TerminalEvent {
    const { steps, elapsedMs } = this.state;
    if (this.stopRequested) return { type: 'end', reason: 'stopped', steps, elapsedMs };
    const last = this.stderrTail.line;
    return {
      type: 'error',
      phase: 'crash',
      message: `The process that ran this training (${this.owner ? `pid ${this.owner.pid}` : 'the run host'}) ended without recording the run's end${last ? `: ${last}` : '.'}`,
      stack: null,
      location: null,
      steps,
    };
  }

  private followError(message: string): TerminalEvent {
    return {
      type: 'error',
      phase: 'crash',
      message: `ActLens stopped reading ${this.runDir}: ${message}`,
      stack: null,
      location: null,
      steps: this.state.steps,
    };
  }

  private end(terminal: TerminalEvent | null): void {
    if (terminal) this.record(terminal);
    this.detach();
    this.finish(runOutcome(this, this.invalidEvents));
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  // 0 and -1 would signal a whole process group, or every process there is.
  if (!Number.isInteger(pid) || pid <= 1) return;
  try {
    process.kill(pid, name);
  } catch {
    // Already gone: the poll notices and ends the run.
  }
}
