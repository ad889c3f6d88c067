/**
 * Which process writes a run: `.actlens/runs/<run-id>/owner.json`, written by the session when the run starts
 * (the `actlens run` command, or the run host the extension starts). It is what lets an editor that did not
 * start a run — a reloaded window, a run started in a terminal — tell whether the run still trains and stop it:
 * a SIGTERM to the owner stops the run as Ctrl-C would (the owner records the stop and writes its reports).
 *
 * A pid means something only on the machine that wrote it, so the host name is kept beside it; a run written
 * by another machine (a shared folder, a cluster job) can be followed, not stopped from here.
 */
import { closeSync, existsSync, readFileSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { z } from 'zod';
import { openRegularFile } from './workspace-file.ts';

export const OWNER_FILE = 'owner.json';
const MAX_OWNER_BYTES = 4096;

const RunOwnerSchema = z.object({
  version: z.literal(1),
  pid: z.number().int().positive(),
  host: z.string().max(256),
  /** ISO time the owner started the run. */
  started: z.string().max(64),
  /** Who started the owner: the editor (its run host, which a reloaded window follows again) or a command line. */
  from: z.enum(['editor', 'command-line']),
});
export type RunOwner = z.infer<typeof RunOwnerSchema>;

/** Records this process as the run's owner (atomically: a reader sees no owner or the whole record). */
export function writeRunOwner(runDir: string, from: RunOwner['from'], now = new Date()): RunOwner {
  const owner: RunOwner = { version: 1, pid: process.pid, host: hostname(), started: now.toISOString(), from };
  const file = path.join(runDir, OWNER_FILE);
  writeFileSync(`${file}.tmp`, JSON.stringify(owner) + '\n');
  renameSync(`${file}.tmp`, file);
  return owner;
}

/** The run's owner, or null without a readable record (a run from before owners were written, or foreign). */
export function readRunOwner(runDir: string): RunOwner | null {
  try {
    const { fd } = openRegularFile(path.join(runDir, OWNER_FILE), runDir);
    try {
      const buffer = Buffer.alloc(MAX_OWNER_BYTES);
      const bytes = readSync(fd, buffer, 0, MAX_OWNER_BYTES, 0);
      const parsed = RunOwnerSchema.safeParse(JSON.parse(buffer.subarray(0, bytes).toString('utf8')));
      return parsed.success ? parsed.data : null;
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
}

/** The owner runs on this machine (so its pid can be signalled here). */
export function ownedHere(owner: RunOwner): boolean {
  return owner.host === hostname();
}

/**
 * The owner's process exists on this machine and is an ActLens one. Run folders may come from a cloned repository,
 * and Stop signals the owner: a pid that names some other process (reused, or planted) is not one to signal.
 */
export function ownerAlive(owner: RunOwner): boolean {
  return ownedHere(owner) && owner.pid !== process.pid && processAlive(owner.pid) && isActLensProcess(owner.pid);
}

/** Its command line names ActLens (the run host, `actlens`, dist/cli.js); where the platform cannot tell (no /proc), true. */
function isActLensProcess(pid: number): boolean {
  let commandLine: string;
  try {
    commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return !existsSync('/proc/self/cmdline');
  }
  return /actlens|run-host\.js|cli\.js/i.test(commandLine);
}

/**
 * The process exists and has not exited. An owner whose editor went away is adopted by PID 1, which in a
 * container may never reap it: an exited process left as a zombie (Linux: state Z) counts as gone.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists, as another user's process.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(') ') + 2));
  } catch {
    // No /proc (macOS, Windows): signal 0 is all there is to go by.
    return true;
  }
}
