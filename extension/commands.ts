/** The commands of package.json's `contributes.commands` (actlens.compareActivations lives in compare-activations.ts), and the internal one quick fixes call. */
import { constants } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { FIX_APPLIED_COMMAND } from './code-actions.ts';
import type { RuntimeDiagnostics } from './diagnostics.ts';
import { isScriptDocument } from './lint-diagnostics.ts';
import type { PanelHost } from './panel/panel-host.ts';
import { attachToRun } from './attach-run.ts';
import { openRecordedRun } from './run-picker.ts';
import type { Log, RunController } from './run-controller.ts';
import type { RunDisplay } from './run-view.ts';
import type { SettingsRead } from './settings.ts';
import { SUPPORTED_EXTENSIONS } from '../src/core/script-files.ts';

export const COMMANDS = {
  run: 'actlens.run',
  stop: 'actlens.stop',
  rerun: 'actlens.rerun',
  openRun: 'actlens.openRun',
  attach: 'actlens.attach',
  showPanel: 'actlens.showPanel',
  compareActivations: 'actlens.compareActivations',
  openExample: 'actlens.openExample',
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
      if (!(await controller.stop()))
        void vscode.window.showInformationMessage(`ActLens: ${controller.whyNothingToStop()}`);
    }),
    vscode.commands.registerCommand(COMMANDS.attach, () => attachToRun(controller)),
    vscode.commands.registerCommand(COMMANDS.rerun, () => rerunLast(controller)),
    vscode.commands.registerCommand(COMMANDS.openRun, () => openRecordedRun(deps)),
    vscode.commands.registerCommand(COMMANDS.showPanel, () => panel.show(false)),
    vscode.commands.registerCommand(COMMANDS.openExample, () => openExample()),
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

/**
 * Re-run from the palette or a key: when the active editor shows another script than the one last run, asks
 * which one is meant, naming both, instead of silently running a file that is not on screen.
 */
export async function rerunLast(controller: Pick<RunController, 'lastScript' | 'rerun' | 'run'>): Promise<void> {
  const last = controller.lastScript;
  const document = vscode.window.activeTextEditor?.document;
  const shown =
    document && !document.isUntitled && document.uri.scheme === 'file' && isScriptDocument(document)
      ? document.uri
      : undefined;
  // Untrusted, the controller refuses either way and says why.
  if (!last || !shown || shown.fsPath === last || !vscode.workspace.isTrusted) return void (await controller.rerun());
  const rerun = `Re-run ${path.basename(last)}`;
  const runShown = `Run ${path.basename(shown.fsPath)}`;
  const choice = await vscode.window.showInformationMessage(
    `ActLens: re-run ${path.basename(last)}, the last script run, or run ${path.basename(shown.fsPath)}, the one in the editor?`,
    rerun,
    runShown,
  );
  if (choice === rerun) await controller.rerun();
  else if (choice === runShown) await controller.run(shown);
}

/** The example the walkthrough runs (packaged with the extension: see .vscodeignore), and the module it requires. */
export const EXAMPLE_FILES = ['dying-relu-high-lr.js', 'synthetic-data.js'] as const;
/** examples/ beside dist/ (the bundle) or extension/ (the sources, in tests). */
const EXAMPLES_DIR = path.resolve(__dirname, '..', 'examples');

/**
 * Copies the example into `actlens-example/` of the first workspace folder (a temporary folder without one) and
 * opens it: the training process runs scripts from disk, and the extension's own folder is not the user's to
 * edit. Files already there are kept, edits and all. Resolves to the script's path.
 */
export async function openExample(examplesDir = EXAMPLES_DIR): Promise<string> {
  const folder = vscode.workspace.workspaceFolders?.find((candidate) => candidate.uri.scheme === 'file');
  const target = path.join(folder?.uri.fsPath ?? tmpdir(), 'actlens-example');
  await mkdir(target, { recursive: true });
  for (const file of EXAMPLE_FILES) {
    await copyFile(path.join(examplesDir, file), path.join(target, file), constants.COPYFILE_EXCL).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      },
    );
  }
  const script = path.join(target, EXAMPLE_FILES[0]);
  await vscode.window.showTextDocument(vscode.Uri.file(script), { preview: false });
  return script;
}
