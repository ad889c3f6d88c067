/** Splits a stream's chunks into whole lines for the log: a line is logged once it is complete. */
export class LineBuffer {
  private pending = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: string): void {
    const lines = (this.pending + chunk).split(/\r?\n/);
    this.pending = lines.pop() ?? '';
    for (const line of lines) this.onLine(line);
  }

  /** Logs a last line that had no newline. */
  flush(): void {
    if (this.pending) this.onLine(this.pending);
    this.pending = '';
  }
}
