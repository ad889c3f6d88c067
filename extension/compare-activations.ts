/**
 * `ActLens: Compare Activations…`: asks which layers, which activations, how many seeds and which metric,
 * runs candidates × seeds in parallel child processes with progress and Cancel, and shows the result in the
 * panel (per-seed strips with box and 95 % CI, verdicts, Copy table), with the Markdown table in the log.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMPARABLE_ACTIVATION_IDS, LECTURE_ALTERNATIVE_IDS } from '../src/core/activations.ts';
import { compareActivations, CompareCancelled, type LayerTarget } from '../src/compare/compare-runs.ts';
import { METRICS, type Metric } from '../src/core/compare/final-metric.ts';
import { comparisonTable } from '../src/core/compare/comparison-table.ts';
import type { CompareResult } from '../src/core/compare/comparison-schema.ts';
import { layerCallAt } from '../src/source/layer-calls.ts';
import { scriptToRun } from './commands.ts';
import type { Log } from './run-controller.ts';
import { nodeLaunch, type SettingsRead } from './settings.ts';
import type { TrustGate } from './trust.ts';

export interface CompareDeps {
  extensionPath: string;
  /** Shows the comparison in the panel, opening it. */
  showComparison(result: CompareResult): void;
  log: Log;
  trust: TrustGate;
  settings(scope?: vscode.Uri): SettingsRead;
}

/** Without a max-steps setting, each of the many runs is kept short. */
const DEFAULT_COMPARE_STEPS = 300;

export async function compareActivationsCommand(deps: CompareDeps, uri?: unknown): Promise<void> {
  if (!deps.trust.allowRun('compare activations')) return;
  const script = scriptToRun(uri);
  if (typeof script === 'string') return void vscode.window.showErrorMessage(`ActLens: ${script}`);
  const target = await pickTarget(script);
  if (!target) return;
  const candidates = await vscode.window.showQuickPick(
    COMPARABLE_ACTIVATION_IDS.map((label) => ({ label, picked: LECTURE_ALTERNATIVE_IDS.includes(label) })),
    { canPickMany: true, title: 'Activations to compare with the script’s own' },
  );
  if (!candidates || candidates.length === 0) return;
  const seedsText = await vscode.window.showInputBox({
    title: 'Seeds per activation',
    value: '5',
    validateInput: (value) =>
      /^\d+$/.test(value) && Number(value) >= 2 ? undefined : 'A whole number of at least 2 (5 or more is better).',
  });
  if (!seedsText) return;
  const metric = (await vscode.window.showQuickPick([...METRICS], {
    title: 'Metric to compare (the last logged values, averaged)',
  })) as Metric | undefined;
  if (!metric) return;

  await vscode.workspace.saveAll(false);
  const { settings } = deps.settings(script);
  const folder = vscode.workspace.getWorkspaceFolder(script)?.uri.fsPath;
  const launch = nodeLaunch(settings, folder);
  const names = candidates.map((candidate) => candidate.label);
  deps.log.info(
    `Comparing ${names.join(', ')} with ${path.basename(script.fsPath)}'s own activation over ${seedsText} seeds (${metric}).`,
  );
  try {
    const result = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `ActLens: comparing activations in ${path.basename(script.fsPath)}`,
        cancellable: true,
      },
      (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return compareActivations(
          {
            script: script.fsPath,
            target,
            candidates: names,
            seeds: Number(seedsText),
            maxSteps: settings.maxSteps ?? DEFAULT_COMPARE_STEPS,
            metric,
            run: {
              backend: settings.backend,
              workspaceRoot: folder,
              nodePath: launch.nodePath,
              env: launch.env,
              runnerPath: path.join(deps.extensionPath, 'dist', 'runner.js'),
            },
          },
          ({ done, total, last }) => {
            progress.report({
              increment: 100 / total,
              message: `${done}/${total}: ${last.activation}, seed ${last.seed}`,
            });
            deps.log.info(`${last.activation} seed ${last.seed}: ${last.value ?? `no result — ${last.failure}`}`);
          },
          controller.signal,
        );
      },
    );
    deps.log.info(`Comparison of ${result.metric}:\n${comparisonTable(result)}`);
    deps.showComparison(result);
  } catch (error) {
    if (error instanceof CompareCancelled)
      return void vscode.window.showInformationMessage('ActLens: comparison cancelled.');
    deps.log.error(`Comparison failed: ${(error as Error).message}`);
    void vscode.window.showErrorMessage(`ActLens: the comparison failed: ${(error as Error).message}`);
  }
}

/** The layer under the cursor when there is one, else all ReLU layers, or a line/name the user types. */
async function pickTarget(script: vscode.Uri): Promise<LayerTarget | undefined> {
  const editor = vscode.window.activeTextEditor;
  const items: (vscode.QuickPickItem & { target?: LayerTarget })[] = [];
  if (editor && editor.document.uri.toString() === script.toString()) {
    const line = editor.selection.active.line + 1;
    const call = layerCallAt(editor.document.getText(), editor.document.fileName, {
      line,
      column: editor.selection.active.character + 1,
    });
    if (call) items.push({ label: `The ${call.factory} layer on line ${call.line}`, target: { line: call.line } });
  }
  items.push(
    { label: 'All ReLU-family layers', target: { allRelu: true } },
    { label: 'A layer by line number or name…' },
  );
  const choice = await vscode.window.showQuickPick(items, { title: 'Which layers get the other activations?' });
  if (!choice) return undefined;
  if (choice.target) return choice.target;
  const typed = await vscode.window.showInputBox({
    title: 'Line number of the layer factory call, or the layer’s name',
    validateInput: (value) => (value.trim() ? undefined : 'Enter a line or a name.'),
  });
  if (!typed) return undefined;
  return /^\d+$/.test(typed.trim()) ? { line: Number(typed.trim()) } : { name: typed.trim() };
}
