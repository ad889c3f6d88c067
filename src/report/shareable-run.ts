/**
 * What an HTML report embeds of a run, fit to be passed around: a report is a file people attach to issues
 * and chats. The script's arguments are left out unless asked for (`--api-key=…` is a common argument), paths
 * are relative to the workspace (elsewhere under the home folder, `~/…`), and the process id is dropped.
 * The JSON report keeps everything: it is the machine-readable record, read where the run happened.
 */
import { homedir } from 'node:os';
import * as path from 'node:path';
import type { RunnerEvent } from '../core/events.ts';
import type { Finding } from '../core/findings.ts';

export interface ShareOptions {
  /** The folder paths are shown relative to. */
  workspaceRoot: string;
  /** Keep the script's arguments (`--report-args`). */
  includeArgs: boolean;
}

export function shareableRun(
  run: { events: RunnerEvent[]; findings: Finding[] },
  { workspaceRoot, includeArgs }: ShareOptions,
): { events: RunnerEvent[]; findings: Finding[] } {
  const local = localPaths(path.resolve(workspaceRoot));
  const events = run.events.map((event) =>
    mapStrings(event.type === 'start' ? { ...event, args: includeArgs ? event.args : [], pid: 0 } : event, local),
  );
  return { events, findings: mapStrings(run.findings, local) };
}

/** Every absolute path in a text (a field, a stack, a message) under the workspace made relative; under home, `~`. */
function localPaths(root: string): (text: string) => string {
  const home = homedir();
  return (text) => {
    if (text === root) return '.';
    const relative = text.split(root + path.sep).join('');
    return home && home !== path.parse(home).root ? relative.split(home + path.sep).join(`~${path.sep}`) : relative;
  };
}

/** The same JSON data with `map` applied to every string in it. */
function mapStrings<T>(value: T, map: (text: string) => string): T {
  if (typeof value === 'string') return map(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => mapStrings(item, map)) as T;
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, map)])) as T;
  return value;
}
