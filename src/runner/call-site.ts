/**
 * Where in the user's code something happened, read from a V8 stack whose frames Node has already mapped
 * through each compiled file's source map (process.setSourceMapsEnabled), and moved to the lines and columns
 * the user's editor shows (editor-lines.ts).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SourceLocation } from '../core/events.ts';
import { assignedName } from './assigned-name.ts';
import { EditorLines } from './editor-lines.ts';
import type { UserFiles } from './loader/user-files.ts';

// `s`: a file name may hold a newline, so a frame may span lines (see FRAME_START).
const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/s;
/** Where a frame begins: a line that starts with `at`. A split at every newline would cut such a file name in two. */
const FRAME_START = /\n(?=\s+at )/;

export class CallSiteLocator {
  private readonly files = new Map<string, EditorLines | null>();

  constructor(private readonly userFiles: UserFiles) {}

  /** The first frame of `stack` inside the user's files, pointing at the start of the callee (`tf` of `tf.layers.dense(`). */
  firstUserFrame(stack: string | undefined): SourceLocation | null {
    for (const line of (stack ?? '').split(FRAME_START)) {
      const match = FRAME.exec(line);
      if (!match) continue;
      const file = match[1]!.startsWith('file://') ? fileURLToPath(match[1]!) : match[1]!;
      if (!this.userFiles.has(file)) continue;
      const engine = { line: Number(match[2]), column: Number(match[3]) };
      const lines = this.editorLines(file);
      const location = { file, ...(lines?.fromEngine(engine) ?? engine) };
      return { ...location, column: this.calleeStart(location, lines) };
    }
    return null;
  }

  /** Here (the caller of the function that calls this). */
  capture(skip: (...args: never[]) => unknown): SourceLocation | null {
    const holder: { stack?: string } = {};
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 30;
    Error.captureStackTrace(holder, skip);
    Error.stackTraceLimit = limit;
    return this.firstUserFrame(holder.stack);
  }

  /** The name the script gives the value of the call at `site` on its line (assigned-name.ts), if it gives one. */
  assignedTo(site: SourceLocation): string | undefined {
    const lines = this.editorLines(site.file);
    const text = lines?.line(site.line);
    if (!lines || text === undefined) return undefined;
    return assignedName(text.slice(0, site.column - 1), lines.line(site.line - 1));
  }

  /** V8 places a member call at its last property (`dense`); walk back over `name.` chains to the expression's start. */
  private calleeStart(location: SourceLocation, lines: EditorLines | null): number {
    const text = lines?.line(location.line);
    if (text === undefined) return location.column;
    let index = location.column - 1;
    while (index > 0 && /[\w$.?]/.test(text[index - 1]!)) index--;
    return index + 1;
  }

  private editorLines(file: string): EditorLines | null {
    let lines = this.files.get(file);
    if (lines === undefined) {
      try {
        lines = new EditorLines(readFileSync(file, 'utf8'));
      } catch {
        lines = null;
      }
      this.files.set(file, lines);
    }
    return lines;
  }
}
