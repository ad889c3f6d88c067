/**
 * Where in the user's code something happened, read from a V8 stack whose frames Node has already mapped
 * through each compiled file's source map (process.setSourceMapsEnabled).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SourceLocation } from '../core/events.ts';
import type { UserFiles } from './loader/user-files.ts';

const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/;

export class CallSiteLocator {
  private readonly lines = new Map<string, string[]>();

  constructor(private readonly userFiles: UserFiles) {}

  /** The first frame of `stack` inside the user's files, pointing at the start of the callee (`tf` of `tf.layers.dense(`). */
  firstUserFrame(stack: string | undefined): SourceLocation | null {
    for (const line of (stack ?? '').split('\n')) {
      const match = FRAME.exec(line);
      if (!match) continue;
      const file = match[1]!.startsWith('file://') ? fileURLToPath(match[1]!) : match[1]!;
      if (!this.userFiles.has(file)) continue;
      const location = { file, line: Number(match[2]), column: Number(match[3]) };
      return { ...location, column: this.calleeStart(location) };
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

  /** V8 places a member call at its last property (`dense`); walk back over `name.` chains to the expression's start. */
  private calleeStart(location: SourceLocation): number {
    const text = this.sourceLine(location.file, location.line);
    if (text === undefined) return location.column;
    let index = location.column - 1;
    while (index > 0 && /[\w$.?]/.test(text[index - 1]!)) index--;
    return index + 1;
  }

  private sourceLine(file: string, line: number): string | undefined {
    let lines = this.lines.get(file);
    if (!lines) {
      try {
        lines = readFileSync(file, 'utf8').split(/\r?\n/);
      } catch {
        lines = [];
      }
      this.lines.set(file, lines);
    }
    return lines[line - 1];
  }
}
