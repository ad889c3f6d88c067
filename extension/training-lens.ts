/**
 * CodeLens above each place a script trains a model (`model.fit(…)`, `model.fitDataset(…)`, a loop that calls
 * `optimizer.minimize(…)` / `applyGradients(…)`; see src/source/training-calls.ts): "▶ Run with ActLens" runs the
 * file; while it runs, "■ Stop"; and once a run of the file has ended in this window, "last run: 2 problems, 18 s
 * ago", which shows that run in the panel. Lenses change when a run starts or ends or its problem count changes,
 * and the "ago" every 30 seconds.
 */
import * as vscode from 'vscode';
import { problemCount } from '../src/core/findings.ts';
import { scanTrainingCalls, type TrainingCall } from '../src/source/training-calls.ts';
import { parseSource } from '../src/source/parse.ts';
import { COMMANDS } from './commands.ts';
import { Disposable } from './dispose.ts';
import { SCRIPT_LANGUAGES } from './lint-diagnostics.ts';
import type { RunDisplay, RunView } from './run-view.ts';
import { SETTINGS_SECTION } from './settings.ts';
import { Throttle } from './throttle.ts';

export const CODE_LENS_SETTING = `${SETTINGS_SECTION}.codeLens`;
/** The "last run" lens: shows that run (argument: the script's path), then the panel. Internal: not in the palette. */
export const SHOW_SCRIPT_RUN_COMMAND = 'actlens.showScriptRun';
const AGO_REFRESH_MS = 30_000;

export interface LensCommand {
  title: string;
  command: string;
  arguments?: unknown[];
  tooltip?: string;
}

/** A script's last run in this window, and when it was seen to end. */
export interface ScriptRun {
  view: RunView;
  endedAt: number | undefined;
}

/** "just now", "18 s ago", "3 min ago", "2 h ago", "4 d ago". */
export function ago(milliseconds: number): string {
  const seconds = Math.max(0, Math.floor(milliseconds / 1000));
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  return hours < 24 ? `${hours} h ago` : `${Math.floor(hours / 24)} d ago`;
}

function problems(view: Pick<RunView, 'findings'>): string {
  const count = problemCount(view.findings());
  return count === 0 ? 'no problems' : `${count} problem${count === 1 ? '' : 's'}`;
}

/**
 * The lenses at one training call of `file`: Stop while the file's run is live, else Run; and the last run's
 * summary when there is one.
 */
export function lensCommands(
  file: vscode.Uri,
  running: boolean,
  last: ScriptRun | undefined,
  now: number,
): LensCommand[] {
  if (running) {
    const lenses: LensCommand[] = [{ title: '■ Stop', command: COMMANDS.stop, tooltip: 'Stop this training run' }];
    if (last?.view.live)
      lenses.push({
        title: `running: ${problems(last.view)} so far`,
        command: SHOW_SCRIPT_RUN_COMMAND,
        arguments: [file.fsPath],
        tooltip: 'Show the run in the ActLens panel',
      });
    return lenses;
  }
  const lenses: LensCommand[] = [
    {
      title: '▶ Run with ActLens',
      command: COMMANDS.run,
      arguments: [file],
      tooltip: 'Run this script with activation diagnostics (ActLens: Run Training with Diagnostics)',
    },
  ];
  if (last && !last.view.live) {
    const status = last.view.status().status;
    const when = ago(now - (last.endedAt ?? now));
    const title =
      status === 'failed'
        ? `last run failed, ${when}`
        : `last run${status === 'stopped' ? ' (stopped)' : ''}: ${problems(last.view)}, ${when}`;
    lenses.push({
      title,
      command: SHOW_SCRIPT_RUN_COMMAND,
      arguments: [file.fsPath],
      tooltip: 'Show this run in the ActLens panel',
    });
  }
  return lenses;
}

export interface TrainingLensOptions {
  display: RunDisplay;
  /** The script of the run in progress, if any. */
  runningScript(): string | undefined;
  /** Whether `actlens.codeLens.enabled` is on (read again when it changes). */
  readEnabled(): boolean;
  now?: () => number;
}

export class TrainingLenses extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;
  /** Each script's last run started in this window (not opened from a log), by path. */
  private readonly lastRuns = new Map<string, ScriptRun>();
  /** Training calls per open document, for the version they were read from. */
  private readonly parsed = new Map<string, { version: number; calls: TrainingCall[] }>();
  private enabled: boolean;
  /** What the lenses depend on, apart from the documents: they change when this does. */
  private signature = '';
  private readonly now: () => number;
  /** A live run updates many times a second; what the lenses say is checked at most once a second. */
  private readonly check = this.register(new Throttle(1000, () => this.checkChanged()));

  constructor(private readonly options: TrainingLensOptions) {
    super();
    this.now = options.now ?? Date.now;
    this.enabled = options.readEnabled();
    const { display } = options;
    this.register(
      display.onDidShow((view) => {
        this.note(view);
        this.check.flush();
      }),
    );
    this.register(
      display.onDidUpdate((view) => {
        this.note(view);
        this.check.schedule();
      }),
    );
    this.register(vscode.workspace.onDidCloseTextDocument((document) => this.parsed.delete(document.uri.toString())));
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration(CODE_LENS_SETTING)) return;
        this.enabled = options.readEnabled();
        this.changed.fire();
      }),
    );
    const ticker = setInterval(() => {
      if (this.enabled && [...this.lastRuns.values()].some((run) => run.endedAt !== undefined)) this.changed.fire();
    }, AGO_REFRESH_MS);
    ticker.unref?.();
    this.register({ dispose: () => clearInterval(ticker) });
    this.register(
      vscode.languages.registerCodeLensProvider(
        SCRIPT_LANGUAGES.map((language) => ({ language, scheme: 'file' })),
        this,
      ),
    );
    this.register(vscode.commands.registerCommand(SHOW_SCRIPT_RUN_COMMAND, (script: unknown) => this.showRun(script)));
  }

  /** The script's last run in this window. */
  lastRun(script: string): ScriptRun | undefined {
    return this.lastRuns.get(script);
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.enabled || document.uri.scheme !== 'file') return [];
    const calls = this.callsIn(document);
    if (calls.length === 0) return [];
    const file = document.uri.fsPath;
    const commands = lensCommands(
      document.uri,
      this.options.runningScript() === file,
      this.lastRuns.get(file),
      this.now(),
    );
    return calls.flatMap((call) => {
      const position = new vscode.Position(call.line - 1, call.column - 1);
      return commands.map((command) => new vscode.CodeLens(new vscode.Range(position, position), command));
    });
  }

  private callsIn(document: vscode.TextDocument): TrainingCall[] {
    const key = document.uri.toString();
    const cached = this.parsed.get(key);
    if (cached?.version === document.version) return cached.calls;
    let calls: TrainingCall[] = [];
    try {
      calls = scanTrainingCalls(parseSource(document.getText(), document.fileName));
    } catch {
      // A file the parser cannot read has no lenses.
    }
    this.parsed.set(key, { version: document.version, calls });
    return calls;
  }

  private note(view: RunView | undefined): void {
    if (!view || view.fromLog) return;
    let entry = this.lastRuns.get(view.script);
    if (entry?.view !== view) this.lastRuns.set(view.script, (entry = { view, endedAt: undefined }));
    if (!view.live) entry.endedAt ??= this.now();
  }

  private checkChanged(): void {
    const signature = JSON.stringify([
      this.options.runningScript() ?? null,
      [...this.lastRuns].map(([script, run]) => [script, run.view.live, run.view.status().status, problems(run.view)]),
    ]);
    if (signature === this.signature) return;
    this.signature = signature;
    if (this.enabled) this.changed.fire();
  }

  private async showRun(script: unknown): Promise<void> {
    const run = typeof script === 'string' ? this.lastRuns.get(script) : undefined;
    if (run && this.options.display.current !== run.view) this.options.display.show(run.view);
    await vscode.commands.executeCommand(COMMANDS.showPanel);
  }
}
