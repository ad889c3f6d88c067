/**
 * Opening files a workspace controls. Recorded runs may be opened in untrusted workspaces, and a cloned
 * repository can hold anything under `.actlens/runs`: a symbolic link to `/dev/zero`, a FIFO, a start record
 * naming a device. Reading such a file whole never returns (or never starts), so every file ActLens reads
 * from a workspace is checked first (regular files only, and links only inside the folder they belong to),
 * opened without blocking and re-checked on the open descriptor, then read in bounded chunks.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import * as path from 'node:path';

const MiB = 1024 * 1024;
/** Larger than any training script; a bigger "source" is not one ActLens should parse. */
export const MAX_SOURCE_BYTES = 16 * MiB;
const CHUNK_BYTES = MiB;
/** O_NONBLOCK: opening a FIFO must not wait for a writer. O_NOFOLLOW: the resolved path must not turn into a link. Both are absent on Windows. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);
const BYTE_ORDER_MARK = '\uFEFF';

/** A file ActLens refuses to read, with the reason in plain words. */
export class WorkspaceFileError extends Error {}

export interface OpenedFile {
  fd: number;
  size: number;
}

/**
 * The real path of `file` when it is a regular file (and, given `within`, lies inside that folder once links
 * are resolved); throws WorkspaceFileError otherwise. Never opens the file.
 */
export function regularFilePath(file: string, within?: string): string {
  const real = realpathSync(file);
  if (within !== undefined && !isInside(real, realpathSync(within)))
    throw new WorkspaceFileError(
      `${file} is a link to ${real}, outside ${within}; ActLens follows links only inside that folder.`,
    );
  requireRegular(file, statSync(real));
  return real;
}

/** Opens a regular file (see regularFilePath) for reading; the caller closes `fd`. */
export function openRegularFile(file: string, within?: string): OpenedFile {
  const fd = openSync(regularFilePath(file, within), OPEN_FLAGS);
  try {
    // Checked again on what was opened: the path may have been swapped since.
    const stats = fstatSync(fd);
    requireRegular(file, stats);
    return { fd, size: stats.size };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** A source file's whole text (a leading byte-order mark dropped, as editors do), or a WorkspaceFileError. */
export function readSourceFile(file: string, maxBytes = MAX_SOURCE_BYTES): string {
  const { fd } = openRegularFile(file);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    // Read to the end rather than trust the size: files under /proc report 0 bytes and still have content.
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const bytes = readSync(fd, chunk, 0, CHUNK_BYTES, null);
      if (bytes === 0) break;
      total += bytes;
      if (total > maxBytes)
        throw new WorkspaceFileError(
          `${file} is larger than ${maxBytes / MiB} MiB, more than any training script; ActLens does not read it.`,
        );
      chunks.push(chunk.subarray(0, bytes));
    }
    const text = Buffer.concat(chunks, total).toString('utf8');
    return text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
  } finally {
    closeSync(fd);
  }
}

function requireRegular(file: string, stats: Stats): void {
  if (!stats.isFile())
    throw new WorkspaceFileError(
      `${file} is ${describeKind(stats)}, not a regular file; ActLens reads only regular files.`,
    );
}

export function describeKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'something else';
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}
