/** Checks the script argument and its working directory before anything starts, so that bad input gets one clear line. */
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { SUPPORTED_EXTENSIONS } from '../core/script-files.ts';
import { describeKind } from './workspace-file.ts';

/** Bad usage or input: the CLI prints the message alone and exits 2. */
export class UsageError extends Error {}

export function resolveScript(script: string, cwd = process.cwd()): string {
  const absolute = path.resolve(cwd, script);
  let stats;
  try {
    stats = statSync(absolute);
  } catch {
    throw new UsageError(`${script}: no such file.`);
  }
  if (stats.isDirectory()) throw new UsageError(`${script} is a directory; give the training script's file.`);
  // A FIFO would block the static checks and the loader until something writes to it.
  if (!stats.isFile())
    throw new UsageError(`${script} is ${describeKind(stats)}, not a regular file; give the training script's file.`);
  const extension = path.extname(absolute);
  if (!(SUPPORTED_EXTENSIONS as readonly string[]).includes(extension)) {
    throw new UsageError(
      `${script}: unsupported file type '${extension || '(none)'}'; ActLens runs ${SUPPORTED_EXTENSIONS.join(', ')} scripts.`,
    );
  }
  return absolute;
}

/** The folder the script runs in; it must exist before the training process can start there. */
export function resolveWorkingDirectory(dir: string, cwd = process.cwd()): string {
  const absolute = path.resolve(cwd, dir);
  let stats;
  try {
    stats = statSync(absolute);
  } catch {
    throw new UsageError(`the working directory ${dir} does not exist; create it or choose another.`);
  }
  if (!stats.isDirectory()) throw new UsageError(`the working directory ${dir} is not a folder.`);
  return absolute;
}
