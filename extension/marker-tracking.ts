/**
 * Keeping a run's markers on their layer's call while the file is edited, as an editor keeps its own markers:
 * each edit moves the positions after it, and when an edit touches the call itself, the new text is parsed again
 * and the marker stays only if a call to the same layer factory is still there.
 *
 * An edit event's content changes are applied one after the other, each in the coordinates the previous one left
 * (VS Code sends a multi-cursor edit last-first, so that this holds).
 */
import * as vscode from 'vscode';
import { editorLineStarts, lineIndexAt } from '../src/source/editor-line-index.ts';
import { scanLayerCalls, type LayerCall } from '../src/source/layer-calls.ts';
import { parseSource } from '../src/source/parse.ts';
import { parseSuppressions, type Suppressions } from '../src/source/suppressions.ts';

export type ContentChange = Pick<vscode.TextDocumentContentChangeEvent, 'range' | 'text'>;

/**
 * What a marker is anchored to: the whole layer call (`factory` set), or for a finding not at a layer call the
 * range shown. `touched`: an edit changed text inside it since it was last found.
 */
export interface Anchor {
  start: vscode.Position;
  end: vscode.Position;
  factory?: string;
  touched?: boolean;
}

/**
 * Where a position is after a change. `side` says where a position inside the replaced text goes, and on which
 * side of an insertion right at it: a start moves with text typed before it, an end does not grow with text
 * typed after it.
 */
export function movePosition(position: vscode.Position, change: ContentChange, side: 'start' | 'end'): vscode.Position {
  const { start, end } = change.range;
  if (position.isBefore(start) || (side === 'end' && position.isEqual(start))) return position;
  const lines = change.text.split(/\r\n|\n|\r/);
  const added = lines.length - 1;
  const last = lines[added]!.length;
  const insertedEnd = new vscode.Position(start.line + added, added === 0 ? start.character + last : last);
  if (position.isBefore(end)) return side === 'start' ? start : insertedEnd;
  if (position.line === end.line)
    return new vscode.Position(insertedEnd.line, insertedEnd.character + position.character - end.character);
  return new vscode.Position(position.line + added - (end.line - start.line), position.character);
}

/** Whether a change replaced or inserted text strictly inside the span (not merely at its edges). */
export function touches(change: ContentChange, start: vscode.Position, end: vscode.Position): boolean {
  const { start: from, end: to } = change.range;
  return from.isBefore(end) && start.isBefore(to.isEqual(from) ? from : to);
}

export function moveRange(range: vscode.Range, change: ContentChange): vscode.Range {
  const start = movePosition(range.start, change, 'start');
  const end = movePosition(range.end, change, 'end');
  return new vscode.Range(start, end.isBefore(start) ? start : end);
}

/** The anchor after a change: moved, and marked touched when the change was inside it. */
export function moveAnchor(anchor: Anchor, change: ContentChange): Anchor {
  const touched = anchor.touched || touches(change, anchor.start, anchor.end);
  const start = movePosition(anchor.start, change, 'start');
  const end = movePosition(anchor.end, change, 'end');
  return { ...anchor, start, end: end.isBefore(start) ? start : end, touched };
}

/**
 * The layer calls and suppression comments of a file's new text, each parsed once for all its markers and only
 * when one needs them.
 */
export class CallsInText {
  private calls: LayerCall[] | undefined;
  private comments: Suppressions | undefined;
  readonly lineStarts: number[];

  constructor(
    private readonly text: string,
    private readonly fileName: string,
  ) {
    this.lineStarts = editorLineStarts(text);
  }

  offsetOf(position: vscode.Position): number {
    const lineStart = this.lineStarts[position.line] ?? this.text.length;
    return Math.min(lineStart + position.character, this.text.length);
  }

  positionOf(offset: number): vscode.Position {
    const line = lineIndexAt(this.lineStarts, offset);
    return new vscode.Position(line, offset - this.lineStarts[line]!);
  }

  /** Cheap when the text has no `actlens-disable` comment at all. */
  suppressions(): Suppressions {
    return (this.comments ??= parseSuppressions(this.text, this.fileName));
  }

  all(): LayerCall[] {
    if (!this.calls) {
      try {
        this.calls = scanLayerCalls(parseSource(this.text, this.fileName)).map((scanned) => scanned.call);
      } catch {
        this.calls = [];
      }
    }
    return this.calls;
  }
}

/**
 * The call a touched anchor is still on: a call to the same factory that starts within where the anchor's call
 * now lies, the one nearest its start; undefined when that call is gone.
 */
export function refindCall(anchor: Anchor, calls: CallsInText): LayerCall | undefined {
  const from = calls.offsetOf(anchor.start);
  const to = calls.offsetOf(anchor.end);
  return calls
    .all()
    .filter((call) => call.factory === anchor.factory && from <= call.callStart && call.callStart <= to)
    .sort((a, b) => a.callStart - b.callStart)[0];
}

/** What a marker shows for a call: the whole call when it fits on one line, else its callee (`tf.layers.dense`). */
export function callDisplayRange(call: LayerCall, positionOf: (offset: number) => vscode.Position): vscode.Range {
  const start = positionOf(call.callStart);
  const end = positionOf(call.callEnd);
  return start.line === end.line
    ? new vscode.Range(start, end)
    : new vscode.Range(start, positionOf(call.factoryRange.end));
}
