/**
 * The run's record key, read once from RECORD_KEY_FD before the script runs. The session wrote it there as one
 * line and closed its end; the runner closes its own, so nothing of the key is left for the script to read.
 */
import { closeSync, readSync } from 'node:fs';

/** Longer than any key the session writes (32 hex digits); a longer read is not from the session. */
const MAX_KEY_BYTES = 256;

export function readRecordKey(fd: number): string {
  const buffer = Buffer.alloc(MAX_KEY_BYTES);
  let length = 0;
  try {
    // Until the line's end, not the file's: the session's end closes only when its event loop next turns, which
    // its static checks can hold up for ~0.3 s.
    while (length < MAX_KEY_BYTES && !buffer.subarray(0, length).includes('\n')) {
      const bytes = readSync(fd, buffer, length, MAX_KEY_BYTES - length, null);
      if (bytes === 0) break;
      length += bytes;
    }
    closeSync(fd);
  } catch {
    // Not open: see below.
  }
  const key = buffer.toString('utf8', 0, length).trim();
  if (!/^[0-9a-f]{32}$/.test(key))
    throw new Error(`no record key on fd ${fd}: the runner is started by the ActLens session, not by hand.`);
  return key;
}
