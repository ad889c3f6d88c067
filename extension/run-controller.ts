/**
 * Starts, stops, re-runs and follows training runs from the editor. A run starts in a run host of its own
 * (detached-run.ts), which starts the runner: nothing of the user's script ever runs in the extension host,
 * and the training outlives the window — after a reload the controller follows the same run again from its
 * folder, as it follows a run started elsewhere ("Attach to Run…"). The controller reports the run in a
 * cancellable progress notification and the "ActLens" log, and tells the RunDisplay (and through it
 * diagnostics, status bar and panel) about every event.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunnerEvent } from '../src/core/events.ts';
import { problemCount, type Finding } from '../src/core/findings.ts';
import { diagnosed, runStatus, verdict, type RunStatus } from '../src/core/run-status.ts';
import type { Thresholds } from '../src/core/thresholds.ts';
import type { RunState } from '../src/core/run-state.ts';
import { startDetachedRun } from '../src/session/detached-run.ts';
import { CannotStopError, FollowedRun } from '../src/session/followed-run.ts';
import type { RunOutcome, RunRequest, SessionListeners } from '../src/session/session.ts';
import { ThinnedEvents } from '../src/session/thinned-events.ts';
import { listRuns, peekRunLog } from '../src/session/run-log.ts';
import { ownerAlive, readRunOwner } from '../src/session/run-owner.ts';
import { Disposable } from './dispose.ts';
import { countBySeverity, type RunDisplay, type RunView } from './run-view.ts';
import { SessionRelay } from './session-relay.ts';
import { nodeLaunch, type Settings, type SettingsRead } from './settings.ts';
import { Throttle } from './throttle.ts';
import { visibleFindings } from './visible-findings.ts';
import { currentText } from './diagnostics.ts';
import type { TrustGate } from './trust.ts';

/** What the controller needs of a run's session: a FollowedRun, or a fake in tests. */
export interface SessionLike {
  readonly runId: string;
  readonly runDir: string;
  readonly script: string;
  readonly state: RunState;
  readonly thresholds: Thresholds;
  readonly done: Promise<RunOutcome>;
  stop(): Promise<unknown>;
  findings(): Finding[];
  /** Lets go of the run without ending it (a window reload); a session that owns its process has none. */
  detach?(): void;
}

export type SessionFactory = (request: RunRequest, listeners: SessionListeners) => SessionLike;

/** Runs start in a run host of their own, so that they outlive the window (detached-run.ts). */
export const createRunSession: SessionFactory = (request, listeners) => startDetachedRun(request, listeners);

/** Follows a run another process writes, from its folder. */
export type RunFollower = (
  run: { runDir: string; script: string; thresholds: Partial<Thresholds> },
  listeners: SessionListeners,
) => SessionLike;

export const followRun: RunFollower = (run, listeners) => new FollowedRun({ ...run, listeners });

/** The parts of a run request that come from what the user ran, not from the settings. */
export interface RunTarget {
  script: string;
  args?: string[];
  cwd?: string;
}

export type Log = Pick<vscode.LogOutputChannel, 'info' | 'warn' | 'error' | 'show'>;

export interface RunControllerOptions {
  extensionPath: string;
  display: RunDisplay;
  log: Log;
  trust: TrustGate;
  /** The settings for a script (its folder's), with problems already reported. */
  settings(scope: vscode.Uri): SettingsRead;
  createSession?: SessionFactory;
  followRun?: RunFollower;
  /** Opens the panel when a run starts and `actlens.openPanelOnRun` is on. */
  showPanel(): void;
}

export const CONTEXT_RUNNING = 'actlens.running';
export const CONTEXT_CAN_RERUN = 'actlens.canRerun';

/** A run in progress (and, once it ended, the record of it until the next). */
export class LiveRun implements RunView {
  /** What the panel shows, bounded for long runs; the full stream is in the run's log. */
  readonly display = new ThinnedEvents();
  readonly fromLog = false;
  outcome: RunOutcome | undefined;
  stopping = false;
  /** ActLens stopped following it (another run is shown live, or it could not be stopped from here); it may still train. */
  letGo = false;

  constructor(
    readonly session: SessionLike,
    readonly target: RunTarget,
  ) {}

  get id(): string {
    return this.session.runId;
  }
  get events(): readonly RunnerEvent[] {
    return this.display.events;
  }
  get eventsRevision(): number {
    return this.display.revision;
  }
  get script(): string {
    return this.session.script;
  }
  get runDir(): string {
    return this.session.runDir;
  }
  get state(): RunState {
    return this.session.state;
  }
  get thresholds(): Thresholds {
    return this.session.thresholds;
  }
  get live(): boolean {
    return this.outcome === undefined && !this.letGo;
  }

  findings(): Finding[] {
    return visibleFindings(this.outcome?.findings ?? this.session.findings(), currentText);
  }

  status(): RunStatus {
    if (this.letGo && !this.outcome)
      return {
        status: 'running',
        message: `No longer followed at step ${this.state.steps}; it may still be training.`,
      };
    if (this.live && this.stopping) return { status: 'running', message: 'Stopping…' };
    return runStatus(this.state, this.live);
  }
}

/** A Stop that arrives this soon after the run ended says that it had ended, not that there was none. */
const LATE_STOP_MS = 15_000;

export class RunController extends Disposable {
  private active: LiveRun | undefined;
  private lastTarget: RunTarget | undefined;
  private lastEnded: { run: LiveRun; at: number } | undefined;
  private readonly createSession: SessionFactory;
  private readonly followRun: RunFollower;

  constructor(private readonly options: RunControllerOptions) {
    super();
    this.createSession = options.createSession ?? createRunSession;
    this.followRun = options.followRun ?? followRun;
  }

  /** The run in progress, if any. */
  get running(): LiveRun | undefined {
    return this.active;
  }

  get canRerun(): boolean {
    return this.lastTarget !== undefined;
  }

  /** The script Re-run would run. */
  get lastScript(): string | undefined {
    return this.lastTarget?.script;
  }

  /** Runs a script file with diagnostics. Resolves with the run once started (not finished), or undefined when nothing was started. */
  async run(scriptUri: vscode.Uri): Promise<LiveRun | undefined> {
    if (!this.options.trust.allowRun('run a training script')) return undefined;
    if (scriptUri.scheme !== 'file') {
      void vscode.window.showErrorMessage(`ActLens runs scripts saved on disk; ${scriptUri.toString()} is not a file.`);
      return undefined;
    }
    return this.start({ script: scriptUri.fsPath });
  }

  /** Runs the last script again (same arguments), with the current settings. */
  async rerun(): Promise<LiveRun | undefined> {
    if (!this.options.trust.allowRun('re-run a training script')) return undefined;
    if (!this.lastTarget) {
      void vscode.window.showInformationMessage(
        'ActLens: nothing to re-run yet. Run a training script first (ActLens: Run Training with Diagnostics).',
      );
      return undefined;
    }
    return this.start(this.lastTarget);
  }

  /** Runs a recorded run's script again, with its arguments. */
  async rerunTarget(target: RunTarget): Promise<LiveRun | undefined> {
    if (!this.options.trust.allowRun('re-run a training script')) return undefined;
    return this.start(target);
  }

  /**
   * Stops the run in progress; resolves once it has ended. False when none was running. A run whose process
   * this editor cannot reach (another machine's) is let go instead, with why.
   */
  async stop(): Promise<boolean> {
    const run = this.active;
    if (!run) return false;
    if (!run.stopping) {
      run.stopping = true;
      this.options.log.info(`Stopping run ${run.id}…`);
      this.options.display.update(run);
    }
    try {
      await run.session.stop();
    } catch (error) {
      if (!(error instanceof CannotStopError)) throw error;
      this.letGo(
        run,
        `ActLens cannot stop ${path.basename(run.script)} from here: ${error.message} It no longer follows it.`,
      );
      return true;
    }
    await run.session.done.catch(() => undefined);
    return true;
  }

  /** Why Stop found nothing to stop: the run it was meant for may have ended a moment before. */
  whyNothingToStop(now = Date.now()): string {
    const ended = this.lastEnded;
    if (ended && now - ended.at < LATE_STOP_MS)
      return `the run of ${path.basename(ended.run.script)} had already ended (${ended.run.status().message}) when Stop arrived.`;
    return 'no run is in progress.';
  }

  /**
   * Shows a run another process writes, as it goes: a run of this editor's that outlived a window reload, or one
   * started elsewhere (a terminal's `actlens run`, a job writing to a shared folder). When another run is being
   * shown live, the user chooses; that run goes on training either way. Resolves with the run, or undefined.
   */
  async attach(runDir: string, options: { ask: boolean } = { ask: true }): Promise<LiveRun | undefined> {
    if (this.active?.runDir === runDir) {
      this.options.display.show(this.active);
      return this.active;
    }
    const start = peekRunLog(runDir, ATTACH_PEEK_BYTES).head.find((event) => event.type === 'start');
    if (start?.type !== 'start') {
      void vscode.window.showErrorMessage(
        `ActLens: ${runDir} has no run that has started (no start record in its events.jsonl).`,
      );
      return undefined;
    }
    if (this.active) {
      if (!options.ask) return undefined;
      const follow = 'Follow the Other Run';
      const choice = await vscode.window.showWarningMessage(
        `ActLens shows the run of ${path.basename(this.active.script)} as it trains. Follow ${path.basename(start.script)} instead? The first run goes on training either way.`,
        follow,
      );
      if (choice !== follow || !this.active) return undefined;
      this.letGo(this.active, undefined);
    }
    const target: RunTarget = { script: start.script, args: start.args, cwd: start.cwd };
    const { settings } = this.options.settings(vscode.Uri.file(start.script));
    const relay = new SessionRelay(this.options.log, this.options.display);
    const session = this.followRun({ runDir, script: start.script, thresholds: settings.thresholds }, relay.listeners);
    const run = (relay.run = new LiveRun(session, target));
    this.makeActive(run);
    this.options.log.info(`Following run ${run.id}: ${start.script} (log: ${runDir})`);
    this.options.display.show(run);
    this.showProgress(run);
    this.finishWhenDone(run, relay);
    return run;
  }

  /**
   * After a reload: follows again the newest run this editor started that still trains (its run host is alive),
   * among the folders' runs. Resolves with it, or undefined when there is none.
   */
  async reattach(folders: readonly string[]): Promise<LiveRun | undefined> {
    const runDir = newestLiveEditorRun(folders);
    return runDir ? this.attach(runDir, { ask: false }) : undefined;
  }

  /** Stops following a run; it goes on training. */
  private letGo(run: LiveRun, message: string | undefined): void {
    run.letGo = true;
    run.session.detach?.();
    if (message) void vscode.window.showWarningMessage(message);
    this.finish(run, undefined);
  }

  /** The panel's Stop: resolves with why not when that run is not the one running. */
  async stopIfRunning(runId: string): Promise<string | undefined> {
    if (this.active?.id !== runId) return 'That run is not running.';
    await this.stop();
    return undefined;
  }

  /** The panel's Re-run: runs the shown run's script again; resolves with why not when it cannot. */
  async rerunShown(runId: string): Promise<string | undefined> {
    const view = this.options.display.current;
    if (!view || view.id !== runId) return 'That run is no longer the one shown.';
    const target = targetOf(view);
    if (!target) return 'The run does not say which script it ran.';
    return (await this.rerunTarget(target)) ? undefined : 'No new run was started.';
  }

  private async start(target: RunTarget): Promise<LiveRun | undefined> {
    if (!(await this.makeRoomFor(target))) return undefined;
    const scriptUri = vscode.Uri.file(target.script);
    // The runner reads the files from disk: unsaved edits (such as a quick fix just applied) must be there.
    await saveDirtyScripts();
    const { settings } = this.options.settings(scriptUri);
    const folder = vscode.workspace.getWorkspaceFolder(scriptUri)?.uri.fsPath;
    const request = runRequest(target, settings, folder, path.join(this.options.extensionPath, 'dist', 'runner.js'));
    const relay = new SessionRelay(this.options.log, this.options.display);
    const session = this.openSession(request, relay.listeners);
    if (!session) return undefined;
    const run = (relay.run = new LiveRun(session, target));
    this.makeActive(run);
    this.present(run, request, settings.openPanelOnRun);
    this.finishWhenDone(run, relay);
    return run;
  }

  /** One run at a time: a new one replaces the one in progress if the user agrees. False when they do not. */
  private async makeRoomFor(target: RunTarget): Promise<boolean> {
    if (!this.active) return true;
    const choice = await vscode.window.showWarningMessage(
      `An ActLens run of ${path.basename(this.active.script)} is in progress. Stop it and run ${path.basename(target.script)}?`,
      'Stop and Run',
    );
    if (choice !== 'Stop and Run') return false;
    await this.stop();
    return true;
  }

  /** Starts the training process; when it cannot be started, says why. */
  private openSession(request: RunRequest, listeners: SessionListeners): SessionLike | undefined {
    try {
      return this.createSession(request, listeners);
    } catch (error) {
      const message = (error as Error).message;
      this.options.log.error(`Could not start ${request.script}: ${message}`);
      void vscode.window.showErrorMessage(`ActLens: ${message}`);
      return undefined;
    }
  }

  private makeActive(run: LiveRun): void {
    this.active = run;
    this.lastTarget = run.target;
    void vscode.commands.executeCommand('setContext', CONTEXT_RUNNING, true);
    void vscode.commands.executeCommand('setContext', CONTEXT_CAN_RERUN, true);
  }

  /** Tells the user a run started: in the log, the display, the panel (if they want it) and a progress notification. */
  private present(run: LiveRun, request: RunRequest, openPanel: boolean): void {
    const { log, display } = this.options;
    log.info(
      `Run ${run.id}: ${request.script}${request.args?.length ? ` ${request.args.join(' ')}` : ''} (node: ${request.nodePath}, log: ${run.runDir})`,
    );
    for (const note of run.session.state.notes) log.warn(note);
    display.show(run);
    if (openPanel) this.options.showPanel();
    this.showProgress(run);
  }

  private finishWhenDone(run: LiveRun, relay: SessionRelay): void {
    void run.session.done.then(
      (outcome) => {
        relay.flush();
        this.finish(run, outcome);
      },
      (error: unknown) => {
        this.options.log.error(`Run ${run.id} could not be completed: ${(error as Error)?.message ?? String(error)}`);
        this.finish(run, undefined);
      },
    );
  }

  private finish(run: LiveRun, outcome: RunOutcome | undefined): void {
    if (outcome) run.outcome = outcome;
    if (this.active === run) {
      this.active = undefined;
      this.lastEnded = { run, at: Date.now() };
      void vscode.commands.executeCommand('setContext', CONTEXT_RUNNING, false);
    }
    this.options.display.update(run);
    if (!outcome) return;
    const { log } = this.options;
    const { status, message: summary } = runStatus(outcome.state, false);
    const failed = status === 'failed';
    (failed ? log.error : log.info).call(log, `Run ${run.id}: ${summary}`);
    if (outcome.invalidEvents > 0)
      log.warn(`${outcome.invalidEvents} malformed event(s) from the runner were dropped.`);
    for (const finding of outcome.findings) log.info(`${finding.severity}: ${finding.message}`);
    if (this.isDisposed) return;
    void announceOutcome(run, outcome, failed, summary, log);
  }

  private showProgress(run: LiveRun): void {
    void vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `ActLens: ${path.basename(run.script)}`,
        cancellable: true,
      },
      (progress, token) => {
        token.onCancellationRequested(() => void this.stopRun(run));
        const report = new Throttle(250, () => progress.report({ message: progressMessage(run) }));
        report.flush();
        const subscription = this.options.display.onDidUpdate((view) => {
          if (view === run) report.schedule();
        });
        return run.session.done
          .catch(() => undefined)
          .finally(() => {
            report.dispose();
            subscription.dispose();
          });
      },
    );
  }

  private async stopRun(run: LiveRun): Promise<void> {
    if (this.active === run) await this.stop();
  }

  /**
   * On deactivation (a reload, a closed window): a run in its own run host goes on training, and the next
   * window that opens its folder follows it again; one that belongs to this process is stopped.
   */
  async shutdown(): Promise<void> {
    const run = this.active;
    if (!run) return;
    if (run.session.detach) {
      this.options.log.info(`Run ${run.id} goes on training after this window; reopen its folder to follow it.`);
      run.session.detach();
    } else await this.stop().catch(() => undefined);
  }

  override dispose(): void {
    // deactivate() waits for shutdown(); this is the backstop when the controller goes without it.
    const session = this.active?.session;
    if (session?.detach) session.detach();
    else if (session) void session.stop().catch(() => undefined);
    super.dispose();
  }
}

export function progressMessage(run: Pick<RunView, 'state' | 'findings' | 'status'>): string {
  const status = run.status();
  if (status.status !== 'running' || !run.state.start) return status.message;
  const findings = problemCount(run.findings());
  return `step ${run.state.steps} · ${findings === 0 ? 'no problems so far' : `${findings} problem${findings === 1 ? '' : 's'}`}`;
}

/** Enough of a log's start to find its start record. */
const ATTACH_PEEK_BYTES = 64 * 1024;
/** How many of a folder's newest runs are looked at for one still training after a reload. */
const REATTACH_LOOKS_AT = 20;

/** The newest run this editor started (in a run host) that still trains: a window reload left it going. */
function newestLiveEditorRun(folders: readonly string[]): string | undefined {
  return folders
    .flatMap((folder) => listRuns(folder).slice(0, REATTACH_LOOKS_AT))
    .sort((a, b) => b.modified.getTime() - a.modified.getTime())
    .find(({ runDir }) => {
      const owner = readRunOwner(runDir);
      if (owner?.from !== 'editor' || !ownerAlive(owner)) return false;
      const last = peekRunLog(runDir, ATTACH_PEEK_BYTES).last;
      return last?.type !== 'end' && last?.type !== 'error';
    })?.runDir;
}

/** What the user ran, with the settings of the script's folder. */
function runRequest(target: RunTarget, settings: Settings, folder: string | undefined, runnerPath: string): RunRequest {
  const launch = nodeLaunch(settings, folder);
  return {
    script: target.script,
    args: target.args ?? [],
    cwd: target.cwd,
    workspaceRoot: folder,
    backend: settings.backend,
    gpu: settings.gpu,
    overheadBudget: settings.overheadBudget,
    seed: settings.seed,
    every: settings.every,
    maxSteps: settings.maxSteps,
    thresholds: settings.thresholds,
    nodePath: launch.nodePath,
    env: launch.env,
    runnerPath,
  };
}

/** A live run remembers what it ran; a recorded one says so in its start event. */
function targetOf(view: RunView): RunTarget | undefined {
  if (view instanceof LiveRun) return view.target;
  const start = view.state.start;
  return start ? { script: start.script, args: start.args, cwd: start.cwd } : undefined;
}

/** Saves unsaved JS/TS files on disk, so the run sees what the editor shows. */
async function saveDirtyScripts(): Promise<void> {
  const dirty = vscode.workspace.textDocuments.filter(
    (document) =>
      document.isDirty &&
      document.uri.scheme === 'file' &&
      (document.languageId === 'javascript' || document.languageId === 'typescript'),
  );
  await Promise.all(dirty.map((document) => document.save()));
}

async function announceOutcome(
  run: LiveRun,
  outcome: RunOutcome,
  failed: boolean,
  summary: string,
  log: Log,
): Promise<void> {
  const script = path.basename(run.script);
  if (failed) {
    const choice = await vscode.window.showErrorMessage(`ActLens: ${summary}`, 'Show Output');
    if (choice) log.show(true);
    return;
  }
  // Counted as the Problems view shows them: less what suppression comments silence.
  const findings = run.findings();
  const counts = countBySeverity(findings);
  const problems = counts.error + counts.warning;
  if (problems === 0) {
    // "No problems" only when every check had its evidence; otherwise the verdict says what was too little.
    const message = diagnosed(outcome.state)
      ? `no problems found in ${script}. ${summary}`
      : `${script}: ${summary} ${verdict(outcome.state, findings)}`;
    void vscode.window.showInformationMessage(`ActLens: ${message.trim()}`);
    return;
  }
  const parts = [
    counts.error && `${counts.error} error${counts.error === 1 ? '' : 's'}`,
    counts.warning && `${counts.warning} warning${counts.warning === 1 ? '' : 's'}`,
  ].filter(Boolean);
  const choice = await vscode.window.showWarningMessage(
    `ActLens found ${parts.join(' and ')} in ${script}. ${summary}`,
    'Show Panel',
    'Show Problems',
  );
  if (choice === 'Show Panel') void vscode.commands.executeCommand('actlens.showPanel');
  else if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
}
