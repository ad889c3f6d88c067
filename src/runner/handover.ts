/**
 * What the session hands the runner on HANDOVER_FD before anything of the run happens: the run's record key and its
 * config, a line each. A runner the CLI started ahead of its session (session/runner-launch.ts) waits here until the
 * session has written them. The runner closes its end once read, so nothing of the key is left for the script to read.
 */
import { closeSync, readSync } from 'node:fs';

/** More than any config holds: its largest part is the script's arguments, which a command line limits to 2 MiB. */
const MAX_HANDOVER_BYTES = 4 * 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

export interface Handover {
  key: string;
  /** The config's JSON text, as written: the runner reports a bad one as a usage error once its channel is open. */
  config: string;
  /** How long reading it took: a runner started ahead waits here for its session. */
  waitedMs: number;
}

export function readHandover(fd: number): Handover {
  const started = performance.now();
  // Until the second line's end, not the file's: the session's end closes only when its event loop next turns, which
  // its static checks can hold up for ~0.3 s.
  const [key = '', config = ''] = readLines(fd, 2).split('\n');
  if (!/^[0-9a-f]{32}$/.test(key.trim()))
    throw new Error(`no record key on fd ${fd}: the runner is started by the ActLens session, not by hand.`);
  return { key: key.trim(), config, waitedMs: performance.now() - started };
}

function readLines(fd: number, lines: number): string {
  const chunks: Buffer[] = [];
  let newlines = 0;
  let total = 0;
  try {
    while (newlines < lines && total < MAX_HANDOVER_BYTES) {
      const chunk = Buffer.alloc(CHUNK_BYTES);
      const bytes = readSync(fd, chunk, 0, CHUNK_BYTES, null);
      if (bytes === 0) break;
      const piece = chunk.subarray(0, bytes);
      for (const byte of piece) if (byte === NEWLINE) newlines++;
      chunks.push(piece);
      total += bytes;
    }
    closeSync(fd);
  } catch {
    // Not open: readHandover says what is missing.
  }
  return Buffer.concat(chunks).toString('utf8');
}
