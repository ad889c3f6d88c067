/**
 * The Runs view and the recorded-run picker: runs grouped by script, a comparison's runs under one entry, each
 * run's kind (clean, problems, failed, stopped, cancelled, running) from its log's ends and its summary, delete
 * only after a confirmation, and the picker classifying runs the same way.
 */
import './vscode-stub.ts';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { ActLensExtension } from '../../extension/main.ts';
import { listRecordedRuns, readComparisonRecordFile, runnerAlive } from '../../extension/recorded-runs.ts';
import { RUNS_COMMANDS, RUNS_VIEW, type RunsTreeProvider } from '../../extension/runs-view.ts';
import {
  buildRunsTree,
  firstWords,
  formatWhen,
  runDescription,
  runIcon,
  type ComparisonNode,
  type RunNode,
  type RunsNode,
  type ScriptNode,
} from '../../extension/runs-tree-model.ts';
import type { RunnerEvent } from '../../src/core/events.ts';
import {
  readRunSummary,
  SUMMARY_FILE,
  writeRunSummary,
  type RunComparison,
  type RunSummaryRecord,
} from '../../src/session/run-summary.ts';
import { FakeSession, fakeSessionFactory, makeWorkspace, startEvent, windowEvent } from './extension-fixtures.ts';
import { Uri } from 'vscode';
import { settle, stub, type ThemeIcon, type TreeItem } from './vscode-stub.ts';

const ROOT = path.resolve(__dirname, '..', '..');
const context = { extensionUri: Uri.file(ROOT), extensionPath: ROOT };

const completed: RunnerEvent = { type: 'end', reason: 'completed', steps: 40, elapsedMs: 5 };
const stoppedEnd: RunnerEvent = { type: 'end', reason: 'stopped', steps: 40, elapsedMs: 5 };
const failedEnd: RunnerEvent = {
  type: 'error',
  phase: 'script',
  message: 'Cannot read properties of undefined (reading shape) while building the second dense layer of the model',
  stack: null,
  location: null,
  steps: 20,
};

function summary(overrides: Partial<RunSummaryRecord> = {}): RunSummaryRecord {
  return {
    version: 1,
    comparison: null,
    problems: { error: 0, warning: 0, info: 0 },
    diagnosed: true,
    cancelled: false,
    ...overrides,
  };
}

let clock = Date.UTC(2026, 10, 30, 12, 0, 0);

/** A run of `script` under `folder/.actlens/runs/<runId>`, each one a minute after the last (newest last). */
function recordRun(
  folder: string,
  script: string,
  runId: string,
  events: RunnerEvent[],
  record: RunSummaryRecord | null = summary(),
): string {
  clock += 60_000;
  const runDir = path.join(folder, '.actlens', 'runs', runId);
  mkdirSync(runDir, { recursive: true });
  const start = { ...startEvent(script), time: clock, pid: 999_999_999 };
  const lines = [start, windowEvent(20), windowEvent(40), ...events].map((event) => JSON.stringify(event));
  writeFileSync(path.join(runDir, 'events.jsonl'), lines.join('\n') + '\n');
  utimesSync(path.join(runDir, 'events.jsonl'), new Date(clock), new Date(clock));
  if (record) writeRunSummary(runDir, record);
  return runDir;
}

function comparisonOf(activation: string, seed: number): RunComparison {
  return { id: 'cmp-1', target: 'train.js:9 (dense #2)', activation, seed };
}

/** One workspace with every kind of run. */
function workspaceWithRuns() {
  const { folder, script } = makeWorkspace();
  mkdirSync(path.join(folder, 'other'));
  const other = path.join(folder, 'other', 'b.js');
  writeFileSync(other, '// another script\n');
  const runs = {
    clean: recordRun(folder, script, '20261130-1201-train-clean', [completed]),
    problems: recordRun(folder, script, '20261130-1202-train-problems', [completed], {
      ...summary(),
      problems: { error: 1, warning: 2, info: 3 },
    }),
    warnings: recordRun(folder, script, '20261130-1203-train-warnings', [completed], {
      ...summary(),
      problems: { error: 0, warning: 1, info: 0 },
    }),
    failed: recordRun(folder, script, '20261130-1204-train-failed', [failedEnd]),
    stopped: recordRun(folder, script, '20261130-1205-train-stopped', [stoppedEnd]),
    uncounted: recordRun(folder, script, '20261130-1206-train-old', [completed], null),
    interrupted: recordRun(folder, script, '20261130-1207-train-cut', []),
    compareA: recordRun(folder, script, '20261130-1208-train-cmp-a', [completed], {
      ...summary(),
      comparison: comparisonOf('baseline', 1),
    }),
    compareB: recordRun(folder, script, '20261130-1209-train-cmp-b', [stoppedEnd], {
      ...summary(),
      comparison: comparisonOf('selu', 1),
      cancelled: true,
    }),
    other: recordRun(folder, other, '20261130-1210-b-clean', [completed]),
  };
  return { folder, script, other, runs };
}

const byDir = (folder: string) => new Map(listRecordedRuns([folder]).map((run) => [run.runDir, run]));

describe('how a recorded run reads', () => {
  it('tells clean, problems, failed, stopped, cancelled, interrupted and uncounted runs apart', () => {
    const { folder, runs } = workspaceWithRuns();
    const listed = byDir(folder);
    const kindOf = (runDir: string) => listed.get(runDir)!.kind;
    assert.equal(kindOf(runs.clean), 'clean');
    assert.equal(kindOf(runs.problems), 'problems');
    assert.equal(kindOf(runs.failed), 'failed');
    assert.equal(kindOf(runs.stopped), 'stopped');
    assert.equal(kindOf(runs.compareB), 'cancelled');
    assert.equal(kindOf(runs.interrupted), 'stopped');
    assert.equal(kindOf(runs.uncounted), 'uncounted');

    const icon = (runDir: string) => runIcon(listed.get(runDir)!);
    assert.deepEqual(icon(runs.clean), { id: 'pass', color: 'testing.iconPassed' });
    assert.deepEqual(icon(runs.problems), { id: 'error', color: 'problemsErrorIcon.foreground' });
    assert.deepEqual(icon(runs.warnings), { id: 'warning', color: 'problemsWarningIcon.foreground' });
    assert.equal(icon(runs.failed).id, 'run-errors');
    assert.equal(icon(runs.stopped).id, 'debug-stop');
    assert.equal(icon(runs.compareB).id, 'circle-slash');
    // Findings never counted: no tick.
    assert.notEqual(icon(runs.uncounted).id, 'pass');

    const words = (runDir: string) => runDescription(listed.get(runDir)!);
    assert.equal(words(runs.clean), 'clean · 40 steps · wasm');
    assert.equal(words(runs.problems), '3 problems · 40 steps · wasm');
    assert.equal(words(runs.warnings), '1 problem · 40 steps · wasm');
    assert.equal(words(runs.failed), 'failed: Cannot read properties of undefined (reading shape) while…');
    assert.equal(words(runs.stopped), 'stopped · 40 steps · wasm');
    assert.equal(words(runs.interrupted), 'interrupted · 40 steps · wasm');
    assert.equal(words(runs.compareB), 'cancelled · 40 steps · wasm');
    assert.equal(words(runs.uncounted), 'finished · 40 steps · wasm');
  });

  it('says "too little evidence" rather than clean when some check had too little to go on', () => {
    const { folder, script } = makeWorkspace();
    const runDir = recordRun(folder, script, 'short-run', [completed], { ...summary(), diagnosed: false });
    const run = byDir(folder).get(runDir)!;
    assert.equal(run.kind, 'inconclusive');
    assert.notEqual(runIcon(run).id, 'pass');
    assert.equal(runDescription(run), 'too little evidence to diagnose · 40 steps · wasm');
  });

  it('shows a run without an end record as running only while its training process lives', () => {
    const { folder, runs } = workspaceWithRuns();
    const live = listRecordedRuns([folder], { isLive: (run) => run.runDir === runs.interrupted });
    const run = live.find((candidate) => candidate.runDir === runs.interrupted)!;
    assert.equal(run.kind, 'running');
    assert.equal(runIcon(run).id, 'loading~spin');
    assert.equal(runDescription(run), 'running · step 40');
    // A finished run stays finished whatever the caller thinks.
    assert.equal(live.find((candidate) => candidate.runDir === runs.clean)!.kind, 'clean');
    const now = Date.now();
    assert.equal(runnerAlive({ pid: process.ppid, modified: new Date(now) }, now), true);
    assert.equal(runnerAlive({ pid: process.ppid, modified: new Date(now - 3_600_000) }, now), false, 'stale log');
    assert.equal(runnerAlive({ pid: 999_999_999, modified: new Date(now) }, now), false, 'no such process');
    assert.equal(runnerAlive({ pid: null, modified: new Date(now) }, now), false);
  });

  it('reads a summary only as a small regular file inside the run folder', () => {
    const { folder, script } = makeWorkspace();
    const runDir = recordRun(folder, script, 'run-1', [completed], summary({ diagnosed: false }));
    assert.equal(readRunSummary(runDir)?.diagnosed, false);
    writeFileSync(path.join(runDir, SUMMARY_FILE), '{"version": 2}');
    assert.equal(readRunSummary(runDir), null);
    writeFileSync(path.join(runDir, SUMMARY_FILE), 'not json');
    assert.equal(readRunSummary(runDir), null);
    assert.equal(readRunSummary(path.join(folder, 'nowhere')), null);
  });

  it('formats times, and cuts a long failure at a word', () => {
    const now = new Date(2026, 10, 30, 18, 0, 0);
    assert.equal(formatWhen(new Date(2026, 10, 30, 14, 2, 31), now), '14:02:31');
    assert.equal(formatWhen(new Date(2026, 10, 29, 9, 5, 0), now), '2026-11-29 09:05');
    assert.equal(firstWords('boom\nat line 3'), 'boom');
  });
});

describe('the runs tree', () => {
  it('groups runs by script, newest first, with a comparison’s runs under one entry', () => {
    const { folder, script, other, runs } = workspaceWithRuns();
    const tree = buildRunsTree(listRecordedRuns([folder]));
    assert.deepEqual(
      tree.map((node) => node.script),
      [other, script],
    );
    const train = tree[1]!;
    const comparisons = train.children.filter((child): child is ComparisonNode => child.node === 'comparison');
    assert.equal(comparisons.length, 1);
    assert.deepEqual(
      comparisons[0]!.runs.map(({ run }) => run.runDir),
      [runs.compareB, runs.compareA],
    );
    // The comparison stands where its newest run does; the others are plain runs, newest first.
    assert.deepEqual(
      train.children.map((child) => (child.node === 'run' ? path.basename(child.run.runDir) : child.node)),
      [
        'comparison',
        '20261130-1207-train-cut',
        '20261130-1206-train-old',
        '20261130-1205-train-stopped',
        '20261130-1204-train-failed',
        '20261130-1203-train-warnings',
        '20261130-1202-train-problems',
        '20261130-1201-train-clean',
      ],
    );
  });

  it('groups runs recorded before summaries by the kept comparison that lists them', () => {
    const { folder, script } = makeWorkspace();
    const a = recordRun(folder, script, 'old-cmp-a', [completed], null);
    const b = recordRun(folder, script, 'old-cmp-b', [completed], null);
    recordRun(folder, script, 'plain', [completed]);
    const record = writeComparisonRecord(folder, ['old-cmp-a', 'old-cmp-b']);
    const tree = buildRunsTree(listRecordedRuns([folder]), [readComparisonRecordFile(record, folder)!]);
    const comparison = tree[0]!.children.find((child) => child.node === 'comparison') as ComparisonNode;
    assert.deepEqual(
      comparison.runs.map(({ run }) => run.runDir),
      [b, a],
    );
    assert.equal(comparison.target, 'train.js:9 (dense #2)');
    assert.deepEqual(comparison.records, [record]);
  });
});

/** A kept comparison (.actlens/comparisons/<id>.json) grouping runs by id, in the --json shape. */
function writeComparisonRecord(folder: string, runIds: string[]): string {
  const dir = path.join(folder, '.actlens', 'comparisons');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, '20261130-120000-train-zzzz.json');
  const result = {
    schemaVersion: 1,
    script: path.join(folder, 'train.js'),
    metric: 'loss',
    target: 'train.js:9 (dense #2)',
    baseline: 'relu',
    chanceLevel: null,
    equivalenceMargin: null,
    seeds: [1],
    candidates: [],
    comparisons: [],
    runs: runIds.map((runId, index) => ({
      activation: index === 0 ? 'baseline' : 'selu',
      seed: 1,
      runId,
      value: 0.5,
      failure: null,
      scriptFailed: false,
    })),
    excluded: [],
  };
  writeFileSync(file, JSON.stringify(result));
  return file;
}

function activate(): ActLensExtension {
  FakeSession.created = [];
  return new ActLensExtension(context as never, { createSession: fakeSessionFactory });
}

function provider(): RunsTreeProvider {
  const view = stub.treeViews.find((candidate) => candidate.viewId === RUNS_VIEW);
  assert.ok(view, 'the runs view is created');
  return view.options.treeDataProvider as unknown as RunsTreeProvider;
}

function items(nodes: RunsNode[]): TreeItem[] {
  return nodes.map((node) => provider().getTreeItem(node) as unknown as TreeItem);
}

describe('the Runs view in VS Code', () => {
  beforeEach(() => stub.reset());

  it('shows scripts with their relative folder, runs with time, words and icon, and the comparison as one entry', () => {
    const { folder, runs } = workspaceWithRuns();
    stub.workspaceFolders = [folder];
    const extension = activate();
    const scripts = provider().getChildren() as ScriptNode[];
    assert.deepEqual(
      items(scripts).map((item) => [item.label, item.description, item.contextValue]),
      [
        ['b.js', 'other', 'actlens.script'],
        ['train.js', '', 'actlens.script'],
      ],
    );
    const children = provider().getChildren(scripts[1]);
    const [comparison, ...rest] = items(children);
    assert.equal(comparison!.label, 'Compare activations — train.js:9 (dense #2): 2 runs');
    assert.match(String(comparison!.description), /^1 cancelled · /);
    assert.equal(comparison!.contextValue, 'actlens.comparison');
    const failed = rest.find((item) => item.id === `run\0${runs.failed}`)!;
    assert.equal(failed.description, 'failed: Cannot read properties of undefined (reading shape) while…');
    assert.equal((failed.iconPath as ThemeIcon).id, 'run-errors');
    const failedRun = listRecordedRuns([folder]).find((run) => run.runDir === runs.failed)!;
    assert.equal(failed.label, formatWhen(failedRun.started!));
    assert.equal(failed.contextValue, 'actlens.run');
    assert.deepEqual(failed.command?.command, RUNS_COMMANDS.open);
    const problems = rest.find((item) => item.id === `run\0${runs.problems}`)!;
    assert.equal((problems.iconPath as ThemeIcon).id, 'error');
    assert.equal((problems.iconPath as ThemeIcon).color?.id, 'problemsErrorIcon.foreground');
    const compareRuns = items(provider().getChildren(children[0]));
    assert.deepEqual(
      compareRuns.map((item) => [item.label, (item.iconPath as ThemeIcon).id, item.contextValue]),
      [
        ['selu · seed 1', 'circle-slash', 'actlens.run.only'],
        ['baseline · seed 1', 'pass', 'actlens.run.only'],
      ],
    );
    extension.dispose();
  });

  it('opens, re-runs and reveals from an entry', async () => {
    const { folder, script, runs } = workspaceWithRuns();
    stub.workspaceFolders = [folder];
    const extension = activate();
    const train = (provider().getChildren() as ScriptNode[])[1]!;
    const clean = train.children.find((child) => child.node === 'run' && child.run.runDir === runs.clean) as RunNode;
    await stub.commands.get(RUNS_COMMANDS.open)!(clean);
    assert.equal(extension.display.current?.id, path.basename(runs.clean));
    assert.equal(stub.panels.length, 1, 'the panel shows it');
    await stub.commands.get(RUNS_COMMANDS.rerun)!(clean);
    assert.equal(FakeSession.created.length, 1);
    assert.equal(FakeSession.created[0]!.request.script, script);
    assert.deepEqual(FakeSession.created[0]!.request.args, []);
    FakeSession.created[0]!.end();
    await settle();
    await stub.commands.get(RUNS_COMMANDS.revealScript)!(train);
    assert.equal(stub.shownDocuments.at(-1)?.uri.fsPath, script);
    extension.dispose();
  });

  it('deletes a run only once the user confirms, and a comparison with all its runs', async () => {
    const { folder, runs } = workspaceWithRuns();
    const record = writeComparisonRecord(folder, [path.basename(runs.compareA), path.basename(runs.compareB)]);
    stub.workspaceFolders = [folder];
    const extension = activate();
    const train = (provider().getChildren() as ScriptNode[])[1]!;
    const failed = train.children.find((child) => child.node === 'run' && child.run.runDir === runs.failed);
    const remove = stub.commands.get(RUNS_COMMANDS.delete)!;

    assert.equal(await remove(failed), false);
    assert.equal(stub.messages.at(-1)?.severity, 'warning');
    assert.equal(stub.messages.at(-1)?.modal, true, 'a modal confirmation');
    assert.deepEqual(stub.messages.at(-1)?.items, ['Delete']);
    assert.match(stub.messages.at(-1)!.message, /^Delete the run of train\.js from /);
    assert.ok(existsSync(runs.failed), 'dismissed: nothing deleted');

    stub.answer = (message) => (message.message.startsWith('Delete') ? 'Delete' : undefined);
    assert.equal(await remove(failed), true);
    assert.equal(existsSync(runs.failed), false);
    assert.ok(existsSync(runs.clean), 'only that run');

    const comparison = (provider().getChildren() as ScriptNode[])[1]!.children.find(
      (child) => child.node === 'comparison',
    );
    assert.equal(await remove(comparison), true);
    assert.match(stub.messages.at(-1)!.message, /\(all 2 runs\)\?$/);
    assert.equal(existsSync(runs.compareA), false);
    assert.equal(existsSync(runs.compareB), false);
    assert.equal(existsSync(record), false, 'and its record');
    assert.equal(
      (provider().getChildren() as ScriptNode[])[1]!.children.some((child) => child.node === 'comparison'),
      false,
    );
    extension.dispose();
  });

  it('refreshes when .actlens changes on disk', async () => {
    const { folder, script } = makeWorkspace();
    stub.workspaceFolders = [folder];
    const extension = activate();
    assert.deepEqual(provider().getChildren(), []);
    let changes = 0;
    provider().onDidChangeTreeData(() => changes++);
    const runDir = recordRun(folder, script, 'new-run', [completed]);
    const watcher = stub.watchers.find((candidate) => String(candidate.glob).includes('.actlens'));
    assert.ok(watcher);
    watcher.fire('create', Uri.file(path.join(runDir, 'events.jsonl')));
    await settle(1100);
    assert.ok(changes >= 1);
    assert.equal((provider().getChildren() as ScriptNode[])[0]?.script, script);
    extension.dispose();
  });
});

describe('the recorded-run picker', () => {
  beforeEach(() => stub.reset());

  it('marks a run with errors as such, never with a tick, and folds a comparison into one item', async () => {
    const { folder, runs } = workspaceWithRuns();
    stub.workspaceFolders = [folder];
    const extension = activate();
    // The user picks the comparison, then its second run.
    stub.pick = (items) =>
      stub.quickPicks.length === 1
        ? items.find((item) => (item as { label: string }).label.includes('Compare activations'))
        : items[1];
    await stub.commands.get('actlens.openRun')!();
    const [first, second] = stub.quickPicks as Array<{ items: Array<{ label: string; description: string }> }>;
    const labels = first!.items.map((item) => item.label);
    assert.equal(labels.filter((label) => label.includes('Compare activations')).length, 1);
    assert.equal(labels.length, 9, '10 runs, 2 of them in one comparison');
    const problemsItem = first!.items.find((item) => item.description.includes('3 problems'))!;
    assert.match(problemsItem.label, /^\$\(error\) train\.js$/);
    const failedItem = first!.items.find((item) => item.description.includes('failed:'))!;
    assert.match(failedItem.label, /^\$\(run-errors\) /);
    assert.equal(labels.filter((label) => label.startsWith('$(pass)')).length, 2, 'only the clean runs');
    assert.deepEqual(
      second!.items.map((item) => item.label),
      ['$(circle-slash) selu · seed 1', '$(pass) baseline · seed 1'],
    );
    assert.equal(extension.display.current?.id, path.basename(runs.compareA));
    extension.dispose();
  });
});
