/**
 * Every file and folder a command will write, checked before anything trains: a report that cannot be
 * written should cost a second of the user's time, not a whole training run. What can only fail while
 * writing (a full disk) is handled at the end by report-files.ts.
 *
 * Permission is probed by opening, not by access(2): run as root, access() says yes to files that cannot be
 * written (under /sys, say). A new file is created and removed again; an existing one is opened without
 * truncating, and without waiting (a FIFO).
 */
import { closeSync, constants, mkdtempSync, openSync, rmSync, statSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../session/script-path.ts';

/** What `run` and `compare` write: `--json`, `--report`, and `--runs-root` (the event logs). */
export function checkOutputPaths(options: { json?: string; report?: string; runsRoot?: string }): void {
  if (options.json !== undefined) checkOutputFile('--json', options.json);
  if (options.report !== undefined) checkOutputFile('--report', options.report);
  if (options.runsRoot !== undefined) checkOutputFolder('--runs-root', options.runsRoot);
}

/** `--json FILE`, `--report FILE`: a file that can be written, or created in a folder that exists. */
function checkOutputFile(option: string, file: string): void {
  const absolute = path.resolve(file);
  const stats = statOrNull(absolute);
  if (stats?.isDirectory()) throw new UsageError(`${option} ${file} is a folder; give a file name.`);
  if (!stats) {
    const folder = path.dirname(absolute);
    const parent = statOrNull(folder);
    if (!parent) throw new UsageError(`${option} ${file}: the folder ${folder} does not exist; create it first.`);
    if (!parent.isDirectory()) throw new UsageError(`${option} ${file}: ${folder} is not a folder.`);
  }
  probe(option, file, () => {
    if (stats) return closeSync(openSync(absolute, constants.O_WRONLY | (constants.O_NONBLOCK ?? 0)));
    closeSync(openSync(absolute, 'wx'));
    rmSync(absolute);
  });
}

/** `--runs-root DIR`: a folder, or one that can be created (its nearest existing ancestor is a writable folder). */
function checkOutputFolder(option: string, folder: string): void {
  let existing = path.resolve(folder);
  let stats = statOrNull(existing);
  while (!stats && path.dirname(existing) !== existing) stats = statOrNull((existing = path.dirname(existing)));
  if (!stats?.isDirectory()) throw new UsageError(`${option} ${folder}: ${existing} is not a folder.`);
  probe(option, folder, () => rmSync(mkdtempSync(path.join(existing, '.actlens-probe-')), { recursive: true }));
}

function probe(option: string, given: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    throw new UsageError(`${option} ${given} cannot be written (${reason(error as NodeJS.ErrnoException)}).`);
  }
}

function reason(error: NodeJS.ErrnoException): string {
  if (error.code === 'EACCES' || error.code === 'EPERM') return 'no permission';
  if (error.code === 'EROFS') return 'a read-only file system';
  if (error.code === 'ENXIO') return 'a pipe no one reads';
  return error.message;
}

function statOrNull(file: string): Stats | null {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}
