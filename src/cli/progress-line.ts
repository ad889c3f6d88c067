/**
 * Live progress on stderr. On a terminal: one self-erasing line, other output printed above it. Elsewhere
 * (a CI log, a pipe, a file) a line can't be erased, so a plain line is printed at the first update and then
 * every PROGRESS_INTERVAL_MS: a long run in CI shows it is alive without flooding the log.
 */
import { dim } from './terminal-output.ts';

/** Between two progress lines on a non-terminal; ACTLENS_PROGRESS_INTERVAL_MS overrides it (the tests use that). */
export const PROGRESS_INTERVAL_MS = Number(process.env.ACTLENS_PROGRESS_INTERVAL_MS) || 10_000;

/** Redraws of the terminal line, at most this often: fast enough to look live, cheap at thousands of steps/s. */
const REDRAW_MS = 100;

export class ProgressLine {
  private text = '';
  private lastDraw = -Infinity;
  private readonly live: boolean;
  private readonly interval: number;

  /** `enabled` false (e.g. --quiet): updates show nothing; printed output still goes through. */
  constructor(
    private readonly enabled: boolean,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.live = stream.isTTY === true;
    this.interval = this.live ? REDRAW_MS : PROGRESS_INTERVAL_MS;
  }

  update(text: string): void {
    this.text = text;
    const now = Date.now();
    if (!this.enabled || now - this.lastDraw < this.interval) return;
    this.lastDraw = now;
    this.stream.write(this.live ? `\r\u001b[2K${dim(text)}` : `actlens: ${text}\n`);
  }

  /** Writes `chunk` to `output` without tearing the live line. */
  print(output: NodeJS.WriteStream, chunk: string): void {
    const redraw = this.enabled && this.live && this.text !== '';
    if (redraw) this.stream.write('\r\u001b[2K');
    output.write(chunk);
    if (redraw) this.stream.write(dim(this.text));
  }

  clear(): void {
    if (this.enabled && this.live && this.text) this.stream.write('\r\u001b[2K');
    this.text = '';
  }
}
