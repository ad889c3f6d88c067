/**
 * How recorded runs read in a listing — the runs view and the recorded-run picker alike, without VS Code: each
 * run's kind (clean, problems, failed, stopped, cancelled, running, …) and words, and the runs grouped by
 * script, with a comparison's runs under one entry. A run's outcome comes from run-status.ts (runStatus), its
 * findings' counts from the summary the session wrote (run-summary.ts): nothing here re-derives either.
 */
import * as path from 'node:path';
import type { RunStatus } from '../src/core/run-status.ts';
import type { RunSummaryRecord, SeverityCounts } from '../src/session/run-summary.ts';
import type { RunSummary } from './recorded-runs.ts';

/**
 * `inconclusive`: finished without findings, but some check had too little evidence to say "clean" (run-status.ts
 * `verdict`). `uncounted`: finished, but its findings were never counted (a run recorded before summaries, or
 * whose summary could not be written): only opening it says.
 */
export type RunKind =
  'running' | 'clean' | 'problems' | 'failed' | 'stopped' | 'cancelled' | 'inconclusive' | 'uncounted';

/** The run's kind, from its status and its summary's counts. */
export function runKind(status: RunStatus, summary: RunSummaryRecord | null): RunKind {
  switch (status.status) {
    case 'running':
    case 'failed':
      return status.status;
    case 'stopped':
      return summary?.cancelled ? 'cancelled' : 'stopped';
    case 'finished':
      if (!summary?.problems) return 'uncounted';
      if (problems(summary.problems) > 0) return 'problems';
      return summary.diagnosed ? 'clean' : 'inconclusive';
  }
}

/** Findings at warning or above, as the status bar and the CLI count problems. */
export function problems(counts: SeverityCounts): number {
  return counts.error + counts.warning;
}

/** A codicon and the theme colour it is drawn in. */
export interface KindIcon {
  id: string;
  color?: string;
}

export function runIcon(run: Pick<RunSummary, 'kind' | 'problems'>): KindIcon {
  switch (run.kind) {
    case 'clean':
      return { id: 'pass', color: 'testing.iconPassed' };
    case 'problems':
      return run.problems && run.problems.error > 0
        ? { id: 'error', color: 'problemsErrorIcon.foreground' }
        : { id: 'warning', color: 'problemsWarningIcon.foreground' };
    case 'failed':
      return { id: 'run-errors', color: 'testing.iconFailed' };
    case 'stopped':
      return { id: 'debug-stop' };
    case 'cancelled':
      return { id: 'circle-slash', color: 'disabledForeground' };
    case 'running':
      return { id: 'loading~spin' };
    case 'inconclusive':
    case 'uncounted':
      return { id: 'circle-large', color: 'descriptionForeground' };
  }
}

/** "2 problems · 600 steps · wasm", "failed: Cannot read properties of undefined…", "stopped · 40 steps", … */
export function runDescription(
  run: Pick<RunSummary, 'kind' | 'problems' | 'steps' | 'backend' | 'failure' | 'status' | 'ended'>,
): string {
  const steps = `${run.steps} step${run.steps === 1 ? '' : 's'}`;
  const facts = (head: string) => [head, steps, run.backend].filter(Boolean).join(' · ');
  switch (run.kind) {
    case 'running':
      return `running · step ${run.steps}`;
    case 'failed':
      return `failed: ${firstWords(run.failure ?? run.status.message)}`;
    case 'stopped':
      return facts(run.ended ? 'stopped' : 'interrupted');
    case 'cancelled':
      return facts('cancelled');
    case 'clean':
      return facts('clean');
    case 'problems': {
      const count = run.problems ? problems(run.problems) : 0;
      return facts(`${count} problem${count === 1 ? '' : 's'}`);
    }
    case 'inconclusive':
      return facts('too little evidence to diagnose');
    case 'uncounted':
      return facts('finished');
  }
}

const FIRST_WORDS = 60;

/** The first line of a message, cut at a word near FIRST_WORDS characters. */
export function firstWords(message: string): string {
  const line = message.trim().split('\n')[0]!.trim();
  if (line.length <= FIRST_WORDS) return line;
  const cut = line.lastIndexOf(' ', FIRST_WORDS);
  return `${line.slice(0, cut > FIRST_WORDS / 2 ? cut : FIRST_WORDS)}…`;
}

/** "14:02:31" for today, "2026-11-29 14:02" before. */
export function formatWhen(when: Date, now = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  const time = `${pad(when.getHours())}:${pad(when.getMinutes())}`;
  if (when.toDateString() === now.toDateString()) return `${time}:${pad(when.getSeconds())}`;
  return `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())} ${time}`;
}

/** When the run started (or, without a start record, when its log was last written). */
export function runTime(run: Pick<RunSummary, 'started' | 'modified'>): Date {
  return run.started ?? run.modified;
}

/** A kept comparison (`.actlens/comparisons/<id>.json`): which runs it grouped. */
export interface ComparisonRecordRef {
  file: string;
  folder: string;
  target: string;
  runIds: readonly string[];
}

export interface RunNode {
  node: 'run';
  key: string;
  run: RunSummary;
  /** One of a comparison's runs: labelled by its activation and seed. */
  inComparison: boolean;
}

export interface ComparisonNode {
  node: 'comparison';
  key: string;
  folder: string;
  script: string | null;
  /** Where the activation was swapped: "dense #2 (line 9)". */
  target: string;
  /** Its runs, newest first. */
  runs: RunNode[];
  /** The kept comparison records that list its runs (deleted with them). */
  records: string[];
}

export interface ScriptNode {
  node: 'script';
  key: string;
  folder: string;
  /** Null for runs whose log has no start record. */
  script: string | null;
  /** Runs and comparisons, newest first. */
  children: Array<RunNode | ComparisonNode>;
}

export type RunsNode = ScriptNode | ComparisonNode | RunNode;

/**
 * The runs (newest first, as listRecordedRuns gives them) with each comparison's runs folded into one entry,
 * where its newest run stands. A run belongs to a comparison by its summary, or, for runs recorded before
 * summaries said so, by a kept comparison record that lists it.
 */
export function groupComparisons(
  runs: readonly RunSummary[],
  records: readonly ComparisonRecordRef[] = [],
): Array<RunNode | ComparisonNode> {
  const recordOf = new Map<string, ComparisonRecordRef>();
  for (const record of records) for (const runId of record.runIds) recordOf.set(`${record.folder}\0${runId}`, record);
  const entries: Array<RunNode | ComparisonNode> = [];
  const comparisons = new Map<string, ComparisonNode>();
  for (const run of runs) {
    const record = recordOf.get(`${run.folder}\0${run.runId}`);
    const id = run.comparison?.id ?? record?.file;
    const node: RunNode = { node: 'run', key: `run\0${run.runDir}`, run, inComparison: id !== undefined };
    if (id === undefined) {
      entries.push(node);
      continue;
    }
    const key = `comparison\0${run.folder}\0${id}`;
    let group = comparisons.get(key);
    if (!group) {
      group = {
        node: 'comparison',
        key,
        folder: run.folder,
        script: run.script,
        target: record?.target ?? run.comparison?.target ?? 'an earlier comparison',
        runs: [],
        records: [],
      };
      comparisons.set(key, group);
      entries.push(group);
    }
    group.runs.push(node);
    if (record && !group.records.includes(record.file)) group.records.push(record.file);
    // The kept record's words are the fuller ones ("train.js:9 (dense #2)").
    if (record) group.target = record.target;
  }
  return entries;
}

/** The runs grouped by script (newest first), each script's runs and comparisons newest first. */
export function buildRunsTree(runs: readonly RunSummary[], records: readonly ComparisonRecordRef[] = []): ScriptNode[] {
  const scripts = new Map<string, ScriptNode>();
  for (const entry of groupComparisons(runs, records)) {
    const { folder, script } = entry.node === 'run' ? entry.run : entry;
    const key = `script\0${folder}\0${script ?? ''}`;
    let group = scripts.get(key);
    if (!group) scripts.set(key, (group = { node: 'script', key, folder, script, children: [] }));
    group.children.push(entry);
  }
  return [...scripts.values()];
}

/** "Compare activations — dense #2 (line 9): 25 runs". */
export function comparisonLabel(comparison: Pick<ComparisonNode, 'target' | 'runs'>): string {
  const count = comparison.runs.length;
  return `Compare activations — ${comparison.target}: ${count} run${count === 1 ? '' : 's'}`;
}

/** "3 running · 14:02:31", "2 cancelled · 2026-11-29 14:02": what its runs came to, and when the newest started. */
export function comparisonDescription(comparison: Pick<ComparisonNode, 'runs'>, now = new Date()): string {
  const kinds = comparison.runs.map(({ run }) => run.kind);
  const parts = (['running', 'failed', 'cancelled'] as const)
    .map((kind) => ({ kind, count: kinds.filter((other) => other === kind).length }))
    .filter(({ count }) => count > 0)
    .map(({ kind, count }) => `${count} ${kind}`);
  const newest = comparison.runs[0];
  if (newest) parts.push(formatWhen(runTime(newest.run), now));
  return parts.join(' · ');
}

/** A run's label: its activation and seed in a comparison, else when it started. */
export function runLabel(node: RunNode, now = new Date()): string {
  const { run } = node;
  if (node.inComparison && run.comparison) return `${run.comparison.activation} · seed ${run.comparison.seed}`;
  return formatWhen(runTime(run), now);
}

/** A script's label and description: its file name, and its folder relative to the workspace folder. */
export function scriptWords(node: ScriptNode, multipleFolders: boolean): { label: string; description: string } {
  if (!node.script) return { label: 'Runs without a start record', description: '' };
  const relative = path.relative(node.folder, path.dirname(node.script));
  const inside = !relative.startsWith('..') && !path.isAbsolute(relative);
  const where = inside ? relative : path.dirname(node.script);
  const folderName = path.basename(node.folder);
  return {
    label: path.basename(node.script),
    description: multipleFolders && inside ? path.join(folderName, where) : where,
  };
}
