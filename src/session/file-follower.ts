/**
 * Reads what another process appends to a file, a piece at a time (`tail -F`): each read returns the whole
 * lines written since the last one. A file replaced under the same name (the event log's atomic rewrite,
 * run-log-writer.ts) is noticed by its identity and read again from its start, flagged `replaced`.
 *
 * Bounded: a read takes at most `maxReadBytes`, a line longer than `maxLineBytes` is dropped (counted), so a
 * log from anywhere can be followed without trusting it. Only regular files are read (workspace-file.ts).
 */
import { closeSync, fstatSync, readSync, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { openRegularFile } from './workspace-file.ts';

export interface FollowedLines {
  lines: string[];
  /** The file was replaced since the last read: `lines` start at the new file's beginning. */
  replaced: boolean;
  /** Lines over the size limit, dropped. */
  oversize: number;
}

const MiB = 1024 * 1024;

export class FileFollower {
  private fd: number | null = null;
  private identity = '';
  private offset = 0;
  private decoder = new StringDecoder('utf8');
  private partial = '';
  private skipping = false;

  constructor(
    readonly file: string,
    private readonly within: string,
    private readonly maxLineBytes: number,
    private readonly maxReadBytes = 16 * MiB,
  ) {}

  /** The lines appended since the last read; none while the file does not exist yet. */
  read(): FollowedLines {
    const result: FollowedLines = { lines: [], replaced: false, oversize: 0 };
    const current = this.currentIdentity();
    if (current === null) return result;
    if (current !== this.identity) {
      result.replaced = this.identity !== '';
      if (!this.open(current)) return result;
    }
    const size = fstatSync(this.fd!).size;
    if (size < this.offset) {
      // Truncated in place: read it again from the start, as a replaced file.
      this.reset();
      result.replaced = true;
    }
    let left = Math.min(size - this.offset, this.maxReadBytes);
    const buffer = Buffer.allocUnsafe(Math.min(left, MiB));
    while (left > 0) {
      const bytes = readSync(this.fd!, buffer, 0, Math.min(left, buffer.length), this.offset);
      if (bytes === 0) break;
      this.offset += bytes;
      left -= bytes;
      this.split(this.decoder.write(buffer.subarray(0, bytes)), result);
    }
    return result;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private split(text: string, into: FollowedLines): void {
    let start = 0;
    for (let newline = text.indexOf('\n', start); newline !== -1; newline = text.indexOf('\n', start)) {
      const line = this.partial + text.slice(start, newline);
      if (this.skipping) {
        // The end of a line already counted as oversize.
      } else if (line.length > this.maxLineBytes) into.oversize++;
      else into.lines.push(line);
      this.partial = '';
      this.skipping = false;
      start = newline + 1;
    }
    if (this.skipping) return;
    this.partial += text.slice(start);
    if (this.partial.length > this.maxLineBytes) {
      into.oversize++;
      this.partial = '';
      this.skipping = true;
    }
  }

  /** Device and inode (where a platform has no inodes, only a truncation is noticed); null when absent. */
  private currentIdentity(): string | null {
    try {
      const stats = statSync(this.file);
      return `${stats.dev}:${stats.ino}`;
    } catch {
      return null;
    }
  }

  private open(identity: string): boolean {
    this.close();
    this.reset();
    try {
      this.fd = openRegularFile(this.file, this.within).fd;
      this.identity = identity;
      return true;
    } catch {
      return false;
    }
  }

  private reset(): void {
    this.offset = 0;
    this.decoder = new StringDecoder('utf8');
    this.partial = '';
    this.skipping = false;
  }
}
