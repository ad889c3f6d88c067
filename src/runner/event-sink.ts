/**
 * Writes events to the session synchronously, one JSON line per event, each prefixed with the run's record
 * key (handover.ts). Synchronous on purpose: it is the only way an event survives `process.exit()` called
 * by the script, a fatal error, or a synchronous training loop that never yields to the event loop.
 *
 * The script shares the process, so it can close the channel's descriptor, and a file it opens next may
 * get the same number. The sink checks that the descriptor is still the channel it was given before each
 * write: once it is not, the run records nothing more (one line on stderr says so), and no record lands in
 * the script's own file.
 *
 * Each write is two system calls (the check and the write), and between training steps those cost far more than
 * their own work: on the development machine's VM the first system call after a stretch of computing took tens of
 * microseconds, and a loop of one-step `fit` calls — a window's read-back and an epoch record written at every call —
 * ran 1.28× its plain time, 1.06× with writes at the plan's pace (docs/performance.md). Records no one waits for go
 * out with the next write (`emitWithNext`).
 */
import { fstatSync, writeSync, type Stats } from 'node:fs';
import type { RunnerEvent } from '../core/events.ts';

/** The most the buffer kept for encoding grows to: a read-back's windows take tens of kilobytes. */
const KEPT_BYTES = 4 * 1024 * 1024;

export class EventSink {
  private closed = false;
  private lost = false;
  private channel: Pick<Stats, 'dev' | 'ino'> | null = null;
  private key = '';
  /** Lines emitted inside `batch`, written when it ends. */
  private batched: string[] | null = null;
  /**
   * Records emitted with `emitWithNext`, written before the next line that is written; serialised then, several in
   * a row, not one at a time between training steps that have pushed this code out of the processor's caches.
   */
  private waiting: RunnerEvent[] = [];
  /** Where lines are encoded for writing, kept from write to write (see `encoded`). */
  private encoding = Buffer.alloc(0);

  constructor(private readonly fd: number) {}

  /** Starts writing with the run's key; until then nothing is written (the session would drop it). */
  open(key: string): void {
    this.key = key;
    this.channel = fstatSync(this.fd);
  }

  emit(event: RunnerEvent): void {
    if (this.closed || this.lost || this.channel === null) return;
    const line = this.line(event);
    if (this.batched) this.batched.push(line);
    else this.write(line);
    if ((event.type === 'end' || event.type === 'error') && !this.lost) this.closed = true;
  }

  /**
   * Emits `event` with the next write, in its place among the records: for records the session shows but no
   * diagnosis waits for (an epoch's logs), which would otherwise cost a write of their own. The next write comes
   * with the next read-back, the next progress record (at the first step a second after the last one) or the run's end
   * (`end` and `error` are written at once); `flush` writes them sooner.
   */
  emitWithNext(event: RunnerEvent): void {
    if (this.closed || this.lost || this.channel === null) return;
    if (this.batched) this.batched.push(this.line(event));
    else this.waiting.push(event);
  }

  /** Writes the records `emitWithNext` holds. */
  flush(): void {
    if (this.waiting.length > 0 && !this.batched) this.write('');
  }

  /**
   * Emits what `work` emits in one write: a read-back's windows pay for one channel check and one system call, not
   * one per window. Still synchronous: the lines are written before `batch` returns, or throws.
   */
  batch<T>(work: () => T): T {
    if (this.batched) return work();
    this.batched = [];
    try {
      return work();
    } finally {
      const lines = this.batched.join('');
      this.batched = null;
      if (lines) this.write(lines);
    }
  }

  private line(event: RunnerEvent): string {
    return `${this.key} ${JSON.stringify(withSevenDigits(event))}\n`;
  }

  private write(lines: string): void {
    if (this.waiting.length > 0) {
      lines = this.waiting.map((event) => this.line(event)).join('') + lines;
      this.waiting = [];
    }
    if (!this.stillTheChannel()) return this.lose();
    try {
      writeAll(this.fd, this.encoded(lines));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // EPIPE: the session is gone (its runner is ended by parent-watch.ts); EBADF: the script closed the channel.
      if (code !== 'EPIPE' && code !== 'EBADF') throw error;
      this.lose(code === 'EBADF');
    }
  }

  /**
   * `lines` in UTF-8, in the buffer kept for the next write (unless they need more than KEPT_BYTES): a new buffer of 4 KiB
   * or more would be a request to malloc between training steps, which costs more than the write (see KeptArray in
   * instrument/kept-array.ts).
   */
  private encoded(lines: string): Buffer {
    // UTF-8 takes at most 3 bytes for each UTF-16 code unit.
    const most = lines.length * 3;
    if (most > KEPT_BYTES) return Buffer.from(lines);
    if (this.encoding.length < most) this.encoding = Buffer.allocUnsafe(Math.max(most, 2 * this.encoding.length));
    return this.encoding.subarray(0, this.encoding.write(lines));
  }

  /** True once a terminal (`end`/`error`) record was written. */
  get finished(): boolean {
    return this.closed;
  }

  private stillTheChannel(): boolean {
    try {
      const now = fstatSync(this.fd);
      return now.dev === this.channel!.dev && now.ino === this.channel!.ino;
    } catch {
      return false;
    }
  }

  private lose(say = true): void {
    this.lost = true;
    if (say)
      process.stderr.write(
        `actlens: the script closed ActLens's event channel (fd ${this.fd}); nothing more of this run is recorded.\n`,
      );
  }
}

/**
 * JSON has no NaN/Infinity; the protocol says such values travel as null. Every statistic comes from a
 * float32 tensor, so 7 significant digits carry all of it (and halve the log compared with 17). A copy of `value`
 * with its numbers so: walking the event first and serialising it without a replacer costs about half what a
 * replacer does (JSON.stringify calls back into JavaScript for every value then), and a window holds hundreds —
 * mostly in arrays, which are walked in a plain loop (half the time of `map` and `Object.entries` on a window).
 */
export function withSevenDigits(value: unknown): unknown {
  if (typeof value === 'number') return roundedNumber(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const entry: unknown = value[i];
      copy[i] = typeof entry === 'number' ? roundedNumber(entry) : withSevenDigits(entry);
    }
    return copy;
  }
  // As JSON.stringify does (a Date becomes its ISO string).
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return withSevenDigits((value as { toJSON(): unknown }).toJSON());
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = withSevenDigits((value as Record<string, unknown>)[key]);
  return copy;
}

/** A whole number as it is (a step, a count), a non-finite one as null, any other to 7 significant digits. */
function roundedNumber(value: number): number | null {
  return Number.isInteger(value) ? value : Number.isFinite(value) ? sevenDigits(value) : null;
}

/**
 * What Number(value.toPrecision(7)) gives, without its round trip through a string where the value's scale is an
 * exact power of ten (values from 1e-16 to 1e7): a whole number of 7 digits divided by such a power is the double
 * nearest the 7-digit decimal, which JSON then prints as that decimal. A product that lands exactly halfway may have
 * been rounded there from either side, and a logarithm off by one at a power of ten gives the wrong number of
 * digits: both go the string's way.
 */
function sevenDigits(value: number): number {
  const magnitude = Math.abs(value);
  const decimals = 6 - Math.floor(Math.log10(magnitude));
  if (decimals >= 0 && decimals <= 22) {
    const scale = 10 ** decimals;
    const scaled = magnitude * scale;
    const digits = Math.round(scaled);
    if (digits - scaled !== 0.5 && digits >= 1e6 && digits <= 1e7) return (Math.sign(value) * digits) / scale;
  }
  return Number(value.toPrecision(7));
}

function writeAll(fd: number, buffer: Buffer): void {
  let offset = 0;
  while (offset < buffer.length) {
    try {
      offset += writeSync(fd, buffer, offset);
    } catch (error) {
      // A non-blocking pipe that is momentarily full: wait for the reader, then go on.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}
