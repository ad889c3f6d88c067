/**
 * The run ActLens shows — live or opened from its log — as one shape the diagnostics, the status bar and
 * the panel read from, and the RunDisplay that says which run that is.
 */
import { statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunnerEvent, SourceLocation } from '../src/core/events.ts';
import type { Finding } from '../src/core/findings.ts';
import type { RunStatus } from '../src/core/run-status.ts';
import type { RunState } from '../src/core/run-state.ts';
import type { Thresholds } from '../src/core/thresholds.ts';
import { Disposable } from './dispose.ts';

export interface RunView {
  /** The run id: the folder name under `.actlens/runs`. */
  readonly id: string;
  /** Absolute path of the entry script. */
  readonly script: string;
  readonly runDir: string;
  readonly events: readonly RunnerEvent[];
  /** Increases when older events were dropped to bound memory (see ThinnedEvents): the panel then starts over. */
  readonly eventsRevision: number;
  readonly state: RunState;
  /** What the run is analysed with (defaults plus the user's settings). */
  readonly thresholds: Thresholds;
  /** True while the training process runs. */
  readonly live: boolean;
  /** Opened from its log: files changed since it ran get no diagnostics (their lines may have moved). */
  readonly fromLog: boolean;
  findings(): Finding[];
  status(): RunStatus;
}

/** Where a finding without a layer (e.g. a NaN loss) is shown: where the largest model was built, else the script's first line. */
export function fallbackLocation(view: Pick<RunView, 'events' | 'script'>): SourceLocation {
  let best: { size: number; source: SourceLocation } | undefined;
  for (const event of view.events) {
    if (event.type === 'model' && event.source && (!best || event.layers.length > best.size))
      best = { size: event.layers.length, source: event.source };
  }
  return best?.source ?? { file: view.script, line: 1, column: 1 };
}

export function runTitle(view: Pick<RunView, 'script' | 'state' | 'id'>): string {
  const time = view.state.start?.time;
  const when = time ? new Date(time).toLocaleString() : view.id;
  return `${path.basename(view.script) || view.id} · ${when}`;
}

export interface SeverityCounts {
  error: number;
  warning: number;
  info: number;
}

export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

/** Which run is shown. `onDidShow` when another run takes its place, `onDidUpdate` when the shown run changes. */
export class RunDisplay extends Disposable {
  private view: RunView | undefined;
  private readonly shown = this.register(new vscode.EventEmitter<RunView | undefined>());
  private readonly updated = this.register(new vscode.EventEmitter<RunView>());
  readonly onDidShow = this.shown.event;
  readonly onDidUpdate = this.updated.event;

  get current(): RunView | undefined {
    return this.view;
  }

  show(view: RunView | undefined): void {
    this.view = view;
    this.shown.fire(view);
  }

  /** Says that `view` changed; ignored unless it is the one shown. */
  update(view: RunView): void {
    if (view === this.view) this.updated.fire(view);
  }
}

/** Whether the file was saved after the run started (or cannot be read): the run's line numbers may be off there. */
export function changedSinceRun(file: string, view: Pick<RunView, 'state'>): boolean {
  const started = view.state.start?.time;
  if (started === undefined) return false;
  try {
    return statSync(file).mtimeMs > started;
  } catch {
    return true;
  }
}
