/**
 * The last non-blank line of a stream, from its chunks: a script that fails usually says why in its last
 * line on stderr ("error: unrecognized arguments: --lr"), and that line belongs in the run's outcome.
 */

/** Long enough for any message; a minified stack line or a progress bar redrawn with \r is cut here. */
const MAX_LINE_LENGTH = 500;

export class LastLine {
  /** The line being written (no newline yet); only its last MAX_LINE_LENGTH characters are kept. */
  private partial = '';
  private complete: string | null = null;

  push(chunk: string): void {
    const lines = (this.partial + chunk).split(/\r?\n|\r/);
    this.partial = lines.pop()!.slice(-MAX_LINE_LENGTH);
    for (let index = lines.length - 1; index >= 0; index--) {
      if (lines[index]!.trim() === '') continue;
      this.complete = lines[index]!;
      break;
    }
  }

  /** The last line with text, trimmed and bounded; null when there was none. */
  get line(): string | null {
    const line = this.partial.trim() !== '' ? this.partial : this.complete;
    if (line === null) return null;
    const trimmed = line.trim();
    return trimmed.length > MAX_LINE_LENGTH ? `${trimmed.slice(0, MAX_LINE_LENGTH - 1)}…` : trimmed;
  }
}
