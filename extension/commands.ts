/** The commands of package.json's `contributes.commands` (actlens.compareActivations lives in compare-activations.ts), and the internal one quick fixes call. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { FIX_APPLIED_COMMAND } from './code-actions.ts';
import type { RuntimeDiagnostics } from './diagnostics.ts';
import { isScriptDocument } from './lint-diagnostics.ts';
import type { PanelHost } from './panel/panel-host.ts';
import { listRecordedRuns, loadRecordedRun, type RunSummary } from './recorded-runs.ts';
import type { Log, RunController } from './run-controller.ts';
import type { RunDisplay } from './run-view.ts';
import type { SettingsRead } from './settings.ts';
import { SUPPORTED_EXTENSIONS } from '../src/core/script-files.ts';

export const COMMANDS = {
  run: 'actlens.run',
  stop: 'actlens.stop',
  rerun: 'actlens.rerun',
  openRun: 'actlens.openRun',
  showPanel: 'actlens.showPanel',
  compareActivations: 'actlens.compareActivations',
} as const;

export interface CommandDeps {
  controller: RunController;
  display: RunDisplay;
  panel: PanelHost;
  runtime: RuntimeDiagnostics;
  log: Log;
  settings(scope?: vscode.Uri): SettingsRead;
  isTrusted(): boolean;
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { controller, panel } = deps;
  return [
    vscode.commands.registerCommand(COMMANDS.run, async (uri?: unknown) => {
      const script = scriptToRun(uri);
      if (typeof script === 'string') return void vscode.window.showErrorMessage(`ActLens: ${script}`);
      await controller.run(script);
    }),
    vscode.commands.registerCommand(COMMANDS.stop, async () => {
      if (!(await controller.stop())) void vscode.window.showInformationMessage('ActLens: no run is in progress.');
    }),
    vscode.commands.registerCommand(COMMANDS.rerun, () => controller.rerun()),
    vscode.commands.registerCommand(COMMANDS.openRun, () => openRecordedRun(deps)),
    vscode.commands.registerCommand(COMMANDS.showPanel, () => panel.show(false)),
    vscode.commands.registerCommand(FIX_APPLIED_COMMAND, (uri: vscode.Uri, title: string) =>
      offerRerun(deps, uri, title),
    ),
  ];
}

/** The script the run command means: the explorer's or editor title's file, else the active editor's. A string says why there is none. */
export function scriptToRun(argument: unknown): vscode.Uri | string {
  if (argument instanceof vscode.Uri) return checkScript(argument);
  const document = vscode.window.activeTextEditor?.document;
  if (!document) return 'open a JavaScript or TypeScript training script first.';
  if (document.isUntitled) return 'save the script to a file first: the training process runs it from disk.';
  if (!isScriptDocument(document)) return `${path.basename(document.fileName)} is not a JavaScript or TypeScript file.`;
  return checkScript(document.uri);
}

function checkScript(uri: vscode.Uri): vscode.Uri | string {
  if (uri.scheme !== 'file') return `ActLens runs scripts saved on disk; ${uri.toString()} is not a local file.`;
  const extension = path.extname(uri.fsPath);
  if (!(SUPPORTED_EXTENSIONS as readonly string[]).includes(extension))
    return `${path.basename(uri.fsPath)}: ActLens runs ${SUPPORTED_EXTENSIONS.join(', ')} scripts.`;
  return uri;
}

function workspaceFolders(): string[] {
  return (vscode.workspace.workspaceFolders ?? [])
    .filter((folder) => folder.uri.scheme === 'file')
    .map((folder) => folder.uri.fsPath);
}

const STATUS_ICONS = {
  running: '$(loading~spin)',
  finished: '$(pass)',
  stopped: '$(debug-stop)',
  failed: '$(error)',
} as const;

export function runPickItem(run: RunSummary, showFolder: boolean): vscode.QuickPickItem & { run: RunSummary } {
  const when = (run.started ?? run.modified).toLocaleString();
  return {
    label: run.script ? path.basename(run.script) : run.runId,
    description: showFolder ? `${when} · ${path.basename(run.folder)}` : when,
    detail: `${STATUS_ICONS[run.status.status]} ${run.status.message}`,
    run,
  };
}

async function openRecordedRun(deps: CommandDeps): Promise<void> {
  const folders = workspaceFolders();
  if (folders.length === 0)
    return void vscode.window.showInformationMessage(
      'ActLens: open a folder first; recorded runs are kept in its .actlens/runs.',
    );
  const runs = listRecordedRuns(folders);
  if (runs.length === 0)
    return void vscode.window.showInformationMessage(
      'ActLens: no recorded runs in .actlens/runs yet. Run a training script first.',
    );
  const live = deps.controller.running;
  const items = runs.map((run) => {
    const item = runPickItem(run, folders.length > 1);
    return live?.id === run.runId ? { ...item, detail: `${STATUS_ICONS.running} Running now` } : item;
  });
  const picked = await vscode.window.showQuickPick(items, {
    title: 'ActLens: Open a Recorded Run',
    placeHolder: 'Runs in .actlens/runs, newest first: script, date, outcome',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) return;
  if (live?.id === picked.run.runId) {
    deps.display.show(live);
  } else {
    const loaded = loadRecordedRun(
      picked.run.runDir,
      deps.settings(picked.run.script ? vscode.Uri.file(picked.run.script) : undefined).settings.thresholds,
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

async function offerRerun(deps: CommandDeps, uri: vscode.Uri, title: string): Promise<void> {
  if (!deps.isTrusted()) return;
  const action = deps.controller.canRerun ? 'Re-run' : 'Run';
  const question = deps.controller.canRerun
    ? 'Re-run the training to see whether it helped?'
    : `Run ${path.basename(uri.fsPath)} with diagnostics to see the effect?`;
  const choice = await vscode.window.showInformationMessage(`ActLens applied “${title}”. ${question}`, action);
  if (choice !== action) return;
  if (deps.controller.canRerun) await deps.controller.rerun();
  else await deps.controller.run(uri);
}
