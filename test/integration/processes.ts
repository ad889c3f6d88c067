/** Which processes of a run are still there (Linux /proc): for tests that a stop leaves nothing behind. */
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

/** Running or sleeping; a zombie (exited, not yet reaped by a PID 1 that never reaps) counts as gone. */
export function isAlive(pid: number): boolean {
  const state = stat(pid)?.state;
  return state !== undefined && state !== 'Z' && state !== 'X';
}

/** The live processes of process group `pgid` (a runner leads its own group, with the script's children in it). */
export function groupMembers(pgid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => stat(pid)?.pgrp === pgid && isAlive(pid));
}

/** Waits up to `ms` for every pid to be gone; returns those still alive. */
export async function survivors(pids: number[], ms = 3000): Promise<number[]> {
  for (const until = Date.now() + ms; Date.now() < until; await delay(100)) if (!pids.some(isAlive)) return [];
  return pids.filter(isAlive);
}

/** Kills what a failed test left behind, so that endless training loops do not outlive it. */
export function killAll(pids: number[]): void {
  for (const pid of pids.filter(isAlive))
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
}

function stat(pid: number): { state: string; pgrp: number } | null {
  try {
    // The command name is in parentheses and may hold spaces or parentheses; the fields after it are fixed.
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(') ') + 2).split(' ');
    return { state: fields[0]!, pgrp: Number(fields[2]) };
  } catch {
    return null;
  }
}
