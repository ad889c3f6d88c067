/**
 * Writes events to the session synchronously, one JSON line per event, each prefixed with the run's record
 * key (record-key.ts). Synchronous on purpose: it is the only way an event survives `process.exit()` called
 * by the script, a fatal error, or a synchronous training loop that never yields to the event loop.
 *
 * The script shares the process, so it can close the channel's descriptor, and a file it opens next may
 * get the same number. The sink checks that the descriptor is still the channel it was given before each
 * write: once it is not, the run records nothing more (one line on stderr says so), and no record lands in
 * the script's own file.
 */
import { fstatSync, writeSync, type Stats } from 'node:fs';
import type { RunnerEvent } from '../core/events.ts';

export class EventSink {
  private closed = false;
  private lost = false;
  private channel: Pick<Stats, 'dev' | 'ino'> | null = null;
  private key = '';

  constructor(private readonly fd: number) {}

  /** Starts writing with the run's key; until then nothing is written (the session would drop it). */
  open(key: string): void {
    this.key = key;
    this.channel = fstatSync(this.fd);
  }

  emit(event: RunnerEvent): void {
    if (this.closed || this.lost || this.channel === null) return;
    if (!this.stillTheChannel()) return this.lose();
    const line = `${this.key} ${JSON.stringify(event, finiteOrNull)}\n`;
    try {
      writeAll(this.fd, Buffer.from(line));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // EPIPE: the session is gone (its runner is ended by parent-watch.ts); EBADF: the script closed the channel.
      if (code !== 'EPIPE' && code !== 'EBADF') throw error;
      return this.lose(code === 'EBADF');
    }
    if (event.type === 'end' || event.type === 'error') this.closed = true;
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
 * float32 tensor, so 7 significant digits carry all of it (and halve the log compared with 17).
 */
function finiteOrNull(_key: string, value: unknown): unknown {
  if (typeof value !== 'number' || Number.isInteger(value)) return value;
  return Number.isFinite(value) ? Number(value.toPrecision(7)) : null;
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
