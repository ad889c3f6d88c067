/**
 * The lines of a byte range of an open file, read in bounded chunks: memory holds one chunk and one line at a
 * time, never the whole file, so a log of any size can be read (V8 cannot make a string over 512 MiB at all).
 */
import { readSync } from 'node:fs';

const CHUNK_BYTES = 1024 * 1024;
const NEWLINE = 0x0a;
const BYTE_ORDER_MARK = '\uFEFF';

export interface ByteRange {
  from: number;
  to: number;
}

/**
 * Receives each line: `text` is null for a line longer than the limit (skipped unread); `complete` is false
 * for a last line that the range (or the file) ends before its newline.
 */
export type LineHandler = (text: string | null, complete: boolean) => void;

/**
 * Calls `onLine` for each line in `range`. A range that starts inside the file skips its bytes up to the first
 * newline: they end a line that began before the range. A byte-order mark at the start of the file is dropped: editors on Windows add
 * one, and JSON.parse refuses it.
 */
export function forEachLine(fd: number, range: ByteRange, maxLineBytes: number, onLine: LineHandler): void {
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let skippingPartial = range.from > 0;
  let atFileStart = range.from === 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let oversized = false;

  // Only a line that spans chunks is copied; one inside a chunk is decoded from it directly.
  const take = (bytes: Buffer) => {
    if (skippingPartial || oversized || bytes.length === 0) return;
    if (pendingBytes + bytes.length > maxLineBytes) {
      oversized = true;
      pending = [];
      return;
    }
    pending.push(Buffer.from(bytes)); // a copy: the chunk is reused
    pendingBytes += bytes.length;
  };
  const endLine = (last: Buffer, complete: boolean) => {
    if (skippingPartial) {
      skippingPartial = !complete;
      return;
    }
    let text: string | null = null;
    if (!oversized && pendingBytes + last.length <= maxLineBytes)
      text = pendingBytes === 0 ? last.toString('utf8') : Buffer.concat([...pending, last]).toString('utf8');
    if (atFileStart && text?.startsWith(BYTE_ORDER_MARK)) text = text.slice(1);
    atFileStart = false;
    pending = [];
    pendingBytes = 0;
    oversized = false;
    onLine(text, complete);
  };

  for (let position = range.from; position < range.to;) {
    const bytes = readSync(fd, chunk, 0, Math.min(CHUNK_BYTES, range.to - position), position);
    if (bytes === 0) break;
    position += bytes;
    const read = chunk.subarray(0, bytes);
    let start = 0;
    for (let newline = read.indexOf(NEWLINE); newline !== -1; newline = read.indexOf(NEWLINE, start)) {
      endLine(read.subarray(start, newline), true);
      start = newline + 1;
    }
    take(read.subarray(start));
  }
  if (pendingBytes > 0 || oversized) endLine(Buffer.alloc(0), false);
}
