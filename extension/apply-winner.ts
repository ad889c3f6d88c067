/**
 * "Apply": the comparison's winner written into the script with the quick fix's own edit (computeFixEdits on
 * the FixAction winnerFix gives), then an offer to run the script again to see it train.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ComparePlan } from '../src/compare/compare-plan.ts';
import { winnerFix } from '../src/compare/winner-fix.ts';
import type { CompareResult } from '../src/core/compare/comparison-schema.ts';
import { winner } from '../src/core/compare/verdict-words.ts';
import { fixTitle } from '../src/core/fix-builders.ts';
import { computeFixEdits } from '../src/fixes/edits.ts';
import { findLayerCalls } from '../src/source/layer-calls.ts';
import { COMMANDS } from './commands.ts';
import type { Log } from './run-controller.ts';

/** The completion notification: the headline, with "Apply …" when there is a winner that one edit can apply. */
export async function offerToApplyWinner(
  result: CompareResult,
  plan: Pick<ComparePlan, 'target'>,
  script: vscode.Uri,
  headline: string,
  log: Log,
): Promise<void> {
  const best = winner(result);
  // Several layers (all ReLU-family) would need several edits that may touch each other: pick one by line.
  const line = 'line' in plan.target ? plan.target.line : null;
  const apply = best && line !== null ? `Apply ${best.candidate}` : undefined;
  const choice = await vscode.window.showInformationMessage(`ActLens: ${headline}`, ...(apply ? [apply] : []));
  if (!apply || choice !== apply || !best || line === null) return;
  const failure = await applyActivation(script, line, best.candidate);
  if (failure) {
    log.warn(`Applying ${best.candidate} failed: ${failure}`);
    return void vscode.window.showErrorMessage(`ActLens could not apply ${best.candidate}: ${failure}`);
  }
  const run = 'Run';
  const again = await vscode.window.showInformationMessage(
    `ActLens applied ${best.candidate} to ${path.basename(script.fsPath)}:${line}. Run it with diagnostics to see it train?`,
    run,
  );
  if (again === run) await vscode.commands.executeCommand(COMMANDS.run, script);
}

/** Applies the edit; resolves with why not when it cannot. */
async function applyActivation(script: vscode.Uri, line: number, activation: string): Promise<string | undefined> {
  const fix = winnerFix(activation);
  if (!fix) return `${activation} is not an activation ActLens can write into the source.`;
  const document = await vscode.workspace.openTextDocument(script);
  const text = document.getText();
  const call = findLayerCalls(text, document.fileName).find((candidate) => candidate.line === line);
  if (!call) return `there is no longer a layer call on line ${line}; the file changed since the comparison.`;
  const result = computeFixEdits(text, document.fileName, { line, column: call.column }, fix);
  if (!result.ok) return `${fixTitle(fix)}: ${result.reason}.`;
  const edit = new vscode.WorkspaceEdit();
  for (const change of result.edits)
    edit.replace(
      script,
      new vscode.Range(document.positionAt(change.start), document.positionAt(change.end)),
      change.newText,
    );
  if (!(await vscode.workspace.applyEdit(edit))) return 'VS Code refused the edit (is the file read-only?).';
  await document.save();
  return undefined;
}
