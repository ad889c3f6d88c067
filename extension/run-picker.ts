/**
 * `ActLens: Open Recorded Run…`: the runs of `.actlens/runs` in a quick pick, newest first, each with its kind's
 * icon and words as the runs view shows them (runs-tree-model.ts), a comparison's runs folded into one item that
 * opens a pick of its own; and opening a run (picked here or in the runs view) in the panel.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CommandDeps } from './commands.ts';
import {
  listComparisonRecords,
  listRecordedRuns,
  loadRecordedRun,
  runnerAlive,
  type ListOptions,
  type RunSummary,
} from './recorded-runs.ts';
import {
  comparisonDescription,
  comparisonLabel,
  groupComparisons,
  runDescription,
  runIcon,
  runLabel,
  formatWhen,
  runTime,
  type ComparisonNode,
  type RunNode,
} from './runs-tree-model.ts';
import type { RunController } from './run-controller.ts';

export function workspaceFolders(): string[] {
  return (vscode.workspace.workspaceFolders ?? [])
    .filter((folder) => folder.uri.scheme === 'file')
    .map((folder) => folder.uri.fsPath);
}

/** A run still training: the extension's own, or one whose training process still writes its log (a comparison's, the CLI's). */
export function liveRuns(controller: Pick<RunController, 'running'>): ListOptions['isLive'] {
  return (run) => controller.running?.id === run.runId || runnerAlive(run);
}

type PickItem = vscode.QuickPickItem & { entry: RunNode | ComparisonNode };

/** "$(warning) train.js" · "14:02:31 · 2 problems · 600 steps · wasm", with the status message below. */
export function runPickItem(node: RunNode, showFolder: boolean, now = new Date()): PickItem {
  const { run } = node;
  const name = run.script ? path.basename(run.script) : run.runId;
  const when = formatWhen(runTime(run), now);
  return {
    label: `$(${runIcon(run).id}) ${node.inComparison ? runLabel(node, now) : name}`,
    description: [
      node.inComparison ? `${when} · ${name}` : when,
      runDescription(run),
      showFolder && path.basename(run.folder),
    ]
      .filter(Boolean)
      .join(' · '),
    detail: run.status.message,
    entry: node,
  };
}

export function comparisonPickItem(node: ComparisonNode, showFolder: boolean, now = new Date()): PickItem {
  return {
    label: `$(beaker) ${comparisonLabel(node)}`,
    description: [comparisonDescription(node, now), showFolder && path.basename(node.folder)]
      .filter(Boolean)
      .join(' · '),
    detail: 'Pick to choose one of its runs',
    entry: node,
  };
}

export async function openRecordedRun(deps: CommandDeps): Promise<void> {
  const folders = workspaceFolders();
  if (folders.length === 0)
    return void vscode.window.showInformationMessage(
      'ActLens: open a folder first; recorded runs are kept in its .actlens/runs.',
    );
  const runs = listRecordedRuns(folders, { isLive: liveRuns(deps.controller) });
  if (runs.length === 0)
    return void vscode.window.showInformationMessage(
      'ActLens: no recorded runs in .actlens/runs yet. Run a training script first.',
    );
  const showFolder = folders.length > 1;
  const entries = groupComparisons(runs, listComparisonRecords(folders));
  let picked = await vscode.window.showQuickPick(
    entries.map((entry) =>
      entry.node === 'run' ? runPickItem(entry, showFolder) : comparisonPickItem(entry, showFolder),
    ),
    {
      title: 'ActLens: Open a Recorded Run',
      placeHolder: 'Runs in .actlens/runs, newest first: script, time, outcome',
      matchOnDescription: true,
      matchOnDetail: true,
    },
  );
  if (picked?.entry.node === 'comparison') {
    const comparison = picked.entry;
    picked = await vscode.window.showQuickPick(
      comparison.runs.map((node) => runPickItem(node, showFolder)),
      { title: `ActLens: ${comparisonLabel(comparison)}`, matchOnDescription: true, matchOnDetail: true },
    );
  }
  if (picked?.entry.node !== 'run') return;
  await openRunSummary(deps, picked.entry.run);
}

/** Shows a recorded run in the panel (the live run itself when it is the one training), its findings as diagnostics. */
export async function openRunSummary(
  deps: CommandDeps,
  run: Pick<RunSummary, 'runId' | 'runDir' | 'script'> & Partial<Pick<RunSummary, 'status' | 'ended'>>,
): Promise<void> {
  const live = deps.controller.running;
  if (live?.id === run.runId) {
    deps.display.show(live);
  } else if (run.status?.status === 'running' && !run.ended) {
    // Still training (a terminal's `actlens run`, another window's run): followed live rather than read once.
    await deps.controller.attach(run.runDir);
  } else {
    const loaded = loadRecordedRun(
      run.runDir,
      deps.settings(run.script ? vscode.Uri.file(run.script) : undefined).settings.thresholds,
    );
    if ('error' in loaded) return void vscode.window.showErrorMessage(`ActLens: ${loaded.error}`);
    for (const note of loaded.notes) deps.log.warn(`Run ${loaded.id}: ${note}`);
    deps.display.show(loaded);
    deps.runtime.refresh();
    const skipped = deps.runtime.skippedFiles;
    if (skipped.length > 0) {
      void vscode.window.showInformationMessage(
        `ActLens: ${skipped.map((file) => path.basename(file)).join(', ')} changed since this run, so its findings there are shown in the panel only.`,
      );
    }
  }
  deps.panel.show(false);
}
