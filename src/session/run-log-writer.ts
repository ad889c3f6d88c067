/**
 * Writes a run's event log, bounded by design. Records are appended as they arrive (a killed process leaves
 * everything up to its death). The writer also keeps the thinned list the panel keeps (ThinnedEvents: recent
 * windows, progress and epoch records dense, older ones sparser); once the file holds twice as many records
 * as that list, it is rewritten from the list, so however long the run, the log holds about what the panel
 * shows, and each record is written at most about twice. If the list fills more than half the size cap (very
 * wide models), fewer records of each kind are kept; if it still does (a script that floods notes or models),
 * nothing but the run's end is written from then on, with a note. A rewrite is atomic (a new file renamed over
 * the old): a reader sees the old log or the new one.
 */
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import type { NoteEvent, RunnerEvent } from '../core/events.ts';
import { EVENTS_FILE } from './run-log.ts';
import { ThinnedEvents } from './thinned-events.ts';

const MiB = 1024 * 1024;
/** No log ActLens writes grows past this (plus its last record and the run's end). */
export const LOG_CAP_BYTES = 64 * MiB;

const THINNED_NOTE: NoteEvent = {
  type: 'note',
  level: 'info',
  message:
    'This log keeps a long run short: older windows, progress and epoch records were thinned (recent ones are dense, ' +
    'older ones sparser, as in the panel). Findings shown from it are recomputed from what it kept; the live run saw every record.',
};
const CAPPED_NOTE: NoteEvent = {
  type: 'note',
  level: 'warning',
  message: `This log reached its ${LOG_CAP_BYTES / MiB} MiB cap: later records are left out, only the run's end is written. The live run saw every record.`,
};

export class RunLogWriter {
  readonly file: string;
  private fd: number | null;
  private bytes = 0;
  private records = 0;
  private readonly kept = new ThinnedEvents();
  private writtenRevision = 0;
  private capped = false;
  private failure: Error | null = null;

  constructor(readonly runDir: string) {
    mkdirSync(runDir, { recursive: true });
    this.file = path.join(runDir, EVENTS_FILE);
    this.fd = openSync(this.file, 'a');
  }

  /** Never throws: a write that fails stops the log, and close() reports why. */
  append(event: RunnerEvent): void {
    if (this.capped && event.type !== 'end' && event.type !== 'error') return;
    this.kept.push(event);
    this.write(event);
    if (!this.capped && (this.records >= 2 * this.kept.events.length || this.bytes >= LOG_CAP_BYTES)) this.bound();
  }

  close(): Promise<void> {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    return this.failure ? Promise.reject(this.failure) : Promise.resolve();
  }

  private write(event: RunnerEvent): void {
    if (this.fd === null) return;
    try {
      this.bytes += writeSync(this.fd, JSON.stringify(event) + '\n');
      this.records++;
    } catch (error) {
      this.fail(error as Error);
    }
  }

  private bound(): void {
    this.rewriteIfThinned();
    while (this.bytes > LOG_CAP_BYTES / 2 && this.kept.shrink()) this.rewriteIfThinned();
    if (this.bytes > LOG_CAP_BYTES / 2) {
      this.capped = true;
      this.write(CAPPED_NOTE);
    }
  }

  private rewriteIfThinned(): void {
    if (this.fd === null || this.kept.revision === this.writtenRevision) return;
    if (this.writtenRevision === 0) this.kept.push(THINNED_NOTE);
    const next = `${this.file}.rewrite`;
    let fd: number | undefined;
    try {
      fd = openSync(next, 'w');
      let bytes = 0;
      for (const event of this.kept.events) bytes += writeSync(fd, JSON.stringify(event) + '\n');
      closeSync(this.fd);
      this.fd = null;
      renameSync(next, this.file);
      this.fd = fd;
      this.bytes = bytes;
      this.records = this.kept.events.length;
      this.writtenRevision = this.kept.revision;
    } catch (error) {
      if (fd !== undefined && fd !== this.fd) closeSync(fd);
      rmSync(next, { force: true });
      this.fail(error as Error);
    }
  }

  private fail(error: Error): void {
    this.failure ??= new Error(`could not write the event log ${this.file}: ${error.message}`);
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
