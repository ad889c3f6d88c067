/**
 * The run's record key, read once from RECORD_KEY_FD before the script runs. The session wrote it there and
 * closed its end; the runner closes its own, so nothing of the key is left for the script to read.
 */
import { closeSync, readSync } from 'node:fs';

/** Longer than any key the session writes (32 hex digits); a longer read is not from the session. */
const MAX_KEY_BYTES = 256;

export function readRecordKey(fd: number): string {
  const buffer = Buffer.alloc(MAX_KEY_BYTES);
  let length = 0;
  try {
    // Until end of file: the session writes the key and closes its end at once.
    for (let bytes = -1; bytes !== 0 && length < MAX_KEY_BYTES; length += bytes)
      bytes = readSync(fd, buffer, length, MAX_KEY_BYTES - length, null);
    closeSync(fd);
  } catch {
    // Not open: see below.
  }
  const key = buffer.toString('utf8', 0, length).trim();
  if (!/^[0-9a-f]{32}$/.test(key))
    throw new Error(`no record key on fd ${fd}: the runner is started by the ActLens session, not by hand.`);
  return key;
}
