/**
 * Offsets and lines as an editor counts them: lines break at \r\n, \n and \r — not at U+2028/U+2029, which
 * editors do not break at (the runner's editor-lines.ts maps V8's lines to these).
 */

/** Offsets where the editor's lines start. */
export function editorLineStarts(text: string): number[] {
  const starts = [0];
  for (const match of text.matchAll(/\r\n|\n|\r/g)) starts.push(match.index + match[0].length);
  return starts;
}

/** 0-based line of an offset, given the line starts. */
export function lineIndexAt(lineStarts: readonly number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lineStarts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}
