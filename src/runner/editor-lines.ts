/**
 * Positions as the user's editor shows them. V8 follows ECMAScript, where U+2028 LINE SEPARATOR and U+2029
 * PARAGRAPH SEPARATOR end a line even inside a string literal or a comment; so does esbuild, in its error positions
 * and in the original side of the source maps it writes. Editors (VS Code) end lines only at \n, \r\n and \r.
 * Measured on Node 20: `new Error()` two lines below a string holding one of each is reported at line 4; esbuild
 * reports a syntax error there two lines late as well, and maps compiled code to the same shifted lines.
 */
const ENGINE_LINE_BREAKS = /\r\n|[\n\r\u2028\u2029]/g;
const EDITOR_LINE_BREAKS = /\r\n|[\n\r]/g;

export interface LineColumn {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units (V8's and VS Code's unit). */
  column: number;
}

export class EditorLines {
  private readonly engineStarts: number[];
  private readonly editorStarts: number[];

  constructor(private readonly text: string) {
    this.engineStarts = lineStarts(text, ENGINE_LINE_BREAKS);
    this.editorStarts = lineStarts(text, EDITOR_LINE_BREAKS);
  }

  /** The editor's line and column of a position V8 (or esbuild) gives; unchanged when the file has no such line. */
  fromEngine({ line, column }: LineColumn): LineColumn {
    const start = this.engineStarts[line - 1];
    if (start === undefined) return { line, column };
    const offset = start + column - 1;
    const index = lastAtOrBefore(this.editorStarts, offset);
    return { line: index + 1, column: offset - this.editorStarts[index]! + 1 };
  }

  /** The text of the editor's 1-based `line`, without its line break. */
  line(line: number): string | undefined {
    const start = this.editorStarts[line - 1];
    if (start === undefined) return undefined;
    const end = this.editorStarts[line] ?? this.text.length;
    return this.text.slice(start, end).replace(/(?:\r\n|\r|\n)$/, '');
  }
}

/** Offsets where each line starts: 0, then after every match of `breaks`. */
function lineStarts(text: string, breaks: RegExp): number[] {
  const starts = [0];
  for (const match of text.matchAll(breaks)) starts.push(match.index + match[0].length);
  return starts;
}

/** The index of the last entry of ascending `starts` that is ≤ `offset` (starts[0] is 0). */
function lastAtOrBefore(starts: number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (starts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}
