/**
 * `ActLens: Compare Activations…`: proposes a comparison (the layer at the cursor, the lecture's alternatives,
 * the seeds of `actlens.compare.seeds`, the metric the script logs), lets the user change it in a three-step
 * quick input or run it as proposed, runs candidates × seeds with progress and Cancel, then says what came
 * out in one notification, shows the comparison in its own view, and offers to apply the winner.
 */
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { compareActivations } from '../src/compare/compare-runs.ts';
import {
  callLabel,
  defaultPlan,
  estimatedSeconds,
  type ComparePlan,
  type RunFacts,
} from '../src/compare/compare-plan.ts';
import { comparisonTable } from '../src/core/compare/comparison-table.ts';
import { comparisonHeadline } from '../src/core/compare/verdict-words.ts';
import type { CompareResult } from '../src/core/compare/comparison-schema.ts';
import { formatElapsed, formatRate } from '../src/core/format.ts';
import { isReluFamily } from '../src/core/activations.ts';
import { findLayerCalls } from '../src/source/layer-calls.ts';
import { offerToApplyWinner } from './apply-winner.ts';
import { scriptToRun } from './commands.ts';
import { guidedPlan, type LayerChoice } from './compare-flow.ts';
import { lastRunFacts, keepComparison } from './comparison-records.ts';
import type { Log } from './run-controller.ts';
import { nodeLaunch, type SettingsRead } from './settings.ts';
import type { TrustGate } from './trust.ts';

export interface CompareDeps {
  extensionPath: string;
  /** Opens the comparison in a view of its own. */
  showComparison(result: CompareResult): void;
  log: Log;
  trust: TrustGate;
  settings(scope?: vscode.Uri): SettingsRead;
  folders(): string[];
}

export async function compareActivationsCommand(deps: CompareDeps, uri?: unknown): Promise<void> {
  if (!deps.trust.allowRun('compare activations')) return;
  const script = scriptToRun(uri);
  if (typeof script === 'string') return void vscode.window.showErrorMessage(`ActLens: ${script}`);
  const document = await vscode.workspace.openTextDocument(script);
  const calls = findLayerCalls(document.getText(), script.fsPath);
  const editor = vscode.window.activeTextEditor;
  const { settings } = deps.settings(script);
  const lastRun = lastRunFacts(deps.folders(), script.fsPath);
  const parallel = availableParallelism();
  const defaults = defaultPlan({
    script: script.fsPath,
    calls,
    cursorLine: editor?.document.uri.toString() === script.toString() ? editor.selection.active.line + 1 : null,
    lastRun,
    seeds: settings.compareSeeds,
    maxSteps: settings.compareMaxSteps,
  });
  const layers: LayerChoice[] = [
    ...calls
      .filter((call) => call.activation !== undefined)
      .map((call) => ({
        target: { line: call.line },
        targetLabel: callLabel(script.fsPath, calls, call),
        baseline: call.activation ?? null,
        description: `activation: ${call.activation}`,
      })),
    {
      target: { allRelu: true },
      targetLabel: `all ReLU-family layers of ${path.basename(script.fsPath)}`,
      baseline: calls.find((call) => isReluFamily(call.activation))?.activation ?? null,
      description: 'every relu and relu6 layer',
    },
  ];
  const plan = await guidedPlan(defaults, { layers, estimate: (choice) => estimateWords(choice, lastRun, parallel) });
  if (!plan) return;

  await vscode.workspace.saveAll(false);
  const folder = vscode.workspace.getWorkspaceFolder(script)?.uri.fsPath;
  const launch = nodeLaunch(settings, folder);
  deps.log.info(
    `Comparing ${plan.candidates.join(', ')} with ${plan.targetLabel}'s own activation over ${plan.seeds} seeds (${plan.metric}, ${plan.maxSteps} steps a run); every seed runs, with no early stop.`,
  );
  try {
    const result = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `ActLens: comparing activations at ${plan.targetLabel}`,
        cancellable: true,
      },
      (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return compareActivations(
          {
            script: script.fsPath,
            target: plan.target,
            candidates: plan.candidates,
            seeds: plan.seeds,
            maxSteps: plan.maxSteps,
            metric: plan.metric,
            label: plan.targetLabel,
            parallel,
            run: {
              backend: settings.backend,
              gpu: settings.gpu,
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
    if (result.cancelled)
      return void vscode.window.showInformationMessage('ActLens: comparison cancelled; every run was stopped.');
    const headline = comparisonHeadline(result);
    deps.log.info(`Comparison of ${result.metric} at ${result.target}: ${headline}\n${comparisonTable(result)}`);
    const kept = keepComparison(deps.folders(), result);
    if ('error' in kept) deps.log.warn(`The comparison was not kept: ${kept.error}`);
    deps.showComparison(result);
    await offerToApplyWinner(result, plan, script, headline, deps.log);
  } catch (error) {
    deps.log.error(`Comparison failed: ${(error as Error).message}`);
    void vscode.window.showErrorMessage(`ActLens: the comparison failed: ${(error as Error).message}`);
  }
}

/** "36 runs, ≈ 1 min 40 s (from the last run's 95 steps/s)". */
function estimateWords(plan: ComparePlan, lastRun: RunFacts | null, parallel: number): string {
  const runs = `${(plan.candidates.length + 1) * plan.seeds} runs of at most ${plan.maxSteps} steps`;
  const seconds = estimatedSeconds(plan, lastRun, parallel);
  if (seconds === null || !lastRun?.stepsPerSecond)
    return `${runs}; no estimate of the time: run the script once with diagnostics to get one`;
  return `${runs}, ≈ ${formatElapsed(seconds * 1000)} (from the last run's ${formatRate(lastRun.stepsPerSecond)}, ${parallel} at a time)`;
}
