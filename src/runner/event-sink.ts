/**
 * Writes events to the session synchronously, one JSON line per event. Synchronous on purpose: it is the
 * only way an event survives `process.exit()` called by the script, a fatal error, or a synchronous
 * training loop that never yields to the event loop.
 */
import { writeSync } from 'node:fs';
import type { RunnerEvent } from '../core/events.ts';

export class EventSink {
  private closed = false;

  constructor(private readonly fd: number) {}

  emit(event: RunnerEvent): void {
    if (this.closed) return;
    const line = JSON.stringify(event, finiteOrNull) + '\n';
    writeAll(this.fd, Buffer.from(line));
    if (event.type === 'end' || event.type === 'error') this.closed = true;
  }

  /** True once a terminal (`end`/`error`) record was written. */
  get finished(): boolean {
    return this.closed;
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
