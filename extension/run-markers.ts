/**
 * The markers of each script's last run, kept apart so that a run replaces only its own script's markers: the
 * shown run's, and those of the last runs of other scripts (MAX_SCRIPTS in all), each marked as from its run.
 *
 * While a file is edited its markers follow their layer calls (see marker-tracking.ts) and are marked stale until
 * the script runs again. A run still going when its file is edited keeps that file's markers as they are and
 * adds none there: the new findings' lines are the run's, not the edited text's.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Finding } from '../src/core/findings.ts';
import { isSuppressed } from '../src/source/suppressions.ts';
import type { DiagnosticEntry } from './diagnostics.ts';
import {
  callDisplayRange,
  moveAnchor,
  movePosition,
  moveRange,
  refindCall,
  type Anchor,
  type CallsInText,
  type ContentChange,
} from './marker-tracking.ts';
import { countBySeverity, type RunView, type SeverityCounts } from './run-view.ts';

/** Scripts whose last run's markers are kept, the shown run's script included. */
export const MAX_SCRIPTS = 20;

/** One diagnostic of a run, with what it is anchored to. `diagnostic.message` is the finding's, without a note. */
export interface Marker {
  finding: Finding;
  diagnostic: vscode.Diagnostic;
  anchor: Anchor;
}

export interface ScriptRun {
  readonly runId: string;
  readonly script: string;
  /** When the run started (ms since the epoch), for the note on its markers; known from its first event. */
  started: number | undefined;
  files: Map<string, Marker[]>;
  /** Files edited since this run's markers were placed. */
  readonly edited: Set<string>;
}

/** What Problems shows of the runs' markers, by severity: the shown run's, other scripts' runs', in all. */
export interface MarkerCounts {
  total: SeverityCounts;
  shown: SeverityCounts;
  others: SeverityCounts;
  /** The other scripts with markers, by file name. */
  otherScripts: string[];
  /** Markers in files edited since their run. */
  stale: number;
}

/** "14:02": the time of day a run started, as the note on its markers says it. */
export function runTime(started: number | undefined): string | undefined {
  if (started === undefined) return undefined;
  const date = new Date(started);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/**
 * The note after a marker's message: which run it is from when that is not the shown run, and that the code has
 * changed since. Empty for the shown run's markers in a file not edited since.
 */
export function markerNote(run: Pick<ScriptRun, 'script' | 'started'>, shown: boolean, stale: boolean): string {
  if (shown && !stale) return '';
  const time = runTime(run.started);
  const which = shown ? 'the run' : `the run of ${path.basename(run.script)}`;
  const from = time ? `from ${which} at ${time}` : `from ${shown ? 'that run' : which}`;
  return ` (${from}${stale ? '; the code has changed since' : ''})`;
}

function copyDiagnostic(
  diagnostic: vscode.Diagnostic,
  range: vscode.Range,
  message: string,
  related = diagnostic.relatedInformation,
): vscode.Diagnostic {
  const copy = new vscode.Diagnostic(range, message, diagnostic.severity);
  copy.source = diagnostic.source;
  copy.code = diagnostic.code;
  if (related) copy.relatedInformation = related;
  return copy;
}

/** The finding with its own place in `file` moved to `at` (so that quick fixes and "Disable" find the call). */
function movedFinding(finding: Finding, file: string, at: vscode.Position): Finding {
  if (finding.source?.file !== file) return finding;
  return { ...finding, source: { file, line: at.line + 1, column: at.character + 1 } };
}

function findingPosition(finding: Finding, file: string): vscode.Position | undefined {
  const source = finding.source;
  return source?.file === file ? new vscode.Position(source.line - 1, Math.max(0, source.column - 1)) : undefined;
}

/**
 * A marker after an edit of its file, or undefined when what it was on is gone — its layer call (no call to the
 * same factory where it was), or for a marker not at a call, all of its text — or when a comment now silences it
 * (the "Disable … for this line" quick fix).
 */
export function moveMarker(
  marker: Marker,
  file: string,
  changes: readonly ContentChange[],
  calls: () => CallsInText,
): Marker | undefined {
  let anchor = marker.anchor;
  let range = marker.diagnostic.range;
  let at = findingPosition(marker.finding, file);
  const wasEmpty = anchor.start.isEqual(anchor.end);
  for (const change of changes) {
    anchor = moveAnchor(anchor, change);
    range = moveRange(range, change);
    if (at) at = movePosition(at, change, 'start');
  }
  const related = marker.diagnostic.relatedInformation?.map((item) =>
    item.location.uri.fsPath === file
      ? new vscode.DiagnosticRelatedInformation(
          new vscode.Location(item.location.uri, changes.reduce(moveRange, item.location.range)),
          item.message,
        )
      : item,
  );
  if (anchor.touched && anchor.factory) {
    const text = calls();
    const call = refindCall(anchor, text);
    if (!call) return undefined;
    anchor = { start: text.positionOf(call.callStart), end: text.positionOf(call.callEnd), factory: call.factory };
    range = callDisplayRange(call, (offset) => text.positionOf(offset));
    at = anchor.start;
  } else if (anchor.touched && !wasEmpty && anchor.start.isEqual(anchor.end)) {
    return undefined;
  }
  const finding = at ? movedFinding(marker.finding, file, at) : marker.finding;
  if (finding.source?.file === file && isSuppressed(calls().suppressions(), finding)) return undefined;
  return {
    finding,
    diagnostic: copyDiagnostic(marker.diagnostic, range, marker.diagnostic.message, related),
    anchor: { ...anchor, touched: false },
  };
}

/** A file's markers after an edit, those whose call is gone dropped; `calls` is parsed at most once, if needed. */
export function moveMarkers(
  markers: readonly Marker[],
  file: string,
  changes: readonly ContentChange[],
  calls: () => CallsInText,
): Marker[] {
  let parsed: CallsInText | undefined;
  const once = () => (parsed ??= calls());
  return markers.flatMap((marker) => moveMarker(marker, file, changes, once) ?? []);
}

export class RunMarkers {
  /** By script, least recently run first. */
  private readonly runs = new Map<string, ScriptRun>();

  /** The view's record: the same one while it is the same run, else a new one in place of its script's last. */
  recordFor(view: Pick<RunView, 'id' | 'script' | 'state'>): ScriptRun {
    const known = this.runs.get(view.script);
    if (known?.runId === view.id) {
      known.started ??= view.state.start?.time;
      return known;
    }
    const run: ScriptRun = {
      runId: view.id,
      script: view.script,
      started: view.state.start?.time,
      files: new Map(),
      edited: new Set(),
    };
    this.runs.delete(view.script);
    this.runs.set(view.script, run);
    for (const script of this.runs.keys()) {
      if (this.runs.size <= MAX_SCRIPTS) break;
      this.runs.delete(script);
    }
    return run;
  }

  /** Every file with markers. */
  files(): Set<string> {
    return new Set([...this.runs.values()].flatMap((run) => [...run.files.keys()]));
  }

  /**
   * Follows an edit of `file` in every run's markers and notes the file as edited. `calls`: the file's new text,
   * parsed only if a marker needs it. Returns whether any marker was there.
   */
  edit(file: string, changes: readonly ContentChange[], calls: () => CallsInText): boolean {
    let parsed: CallsInText | undefined;
    const once = () => (parsed ??= calls());
    let had = false;
    for (const run of this.runs.values()) {
      run.edited.add(file);
      const markers = run.files.get(file);
      if (!markers) continue;
      had = true;
      const moved = moveMarkers(markers, file, changes, once);
      if (moved.length > 0) run.files.set(file, moved);
      else run.files.delete(file);
    }
    return had;
  }

  /** What Problems shows for a file: each run's markers, with the note that says which run and whether stale. */
  entriesFor(file: string, shownRunId: string | undefined): DiagnosticEntry[] {
    return [...this.runs.values()].flatMap((run) => {
      const markers = run.files.get(file) ?? [];
      const note = markerNote(run, run.runId === shownRunId, run.edited.has(file));
      return markers.map(({ finding, diagnostic }) => ({
        finding,
        diagnostic: note ? copyDiagnostic(diagnostic, diagnostic.range, diagnostic.message + note) : diagnostic,
      }));
    });
  }

  counts(shownRunId: string | undefined): MarkerCounts {
    const shown: Finding[] = [];
    const others: Finding[] = [];
    const otherScripts: string[] = [];
    let stale = 0;
    for (const run of this.runs.values()) {
      const isShown = run.runId === shownRunId;
      for (const [file, markers] of run.files) {
        (isShown ? shown : others).push(...markers.map((marker) => marker.finding));
        if (run.edited.has(file)) stale += markers.length;
      }
      if (!isShown && run.files.size > 0) otherScripts.push(path.basename(run.script));
    }
    return {
      total: countBySeverity([...shown, ...others]),
      shown: countBySeverity(shown),
      others: countBySeverity(others),
      otherScripts,
      stale,
    };
  }
}
