/**
 * The end-to-end journey through VS Code's extension API, for VS Code desktop (`npm run test:vscode`, see
 * vscode-desktop.ts): VS Code loads this file (bundled) into the extension host and calls run(). The same
 * steps as journey.test.ts, without the UI: the run command, the diagnostics at the faulty layer's line, the
 * quick fix from the code action provider, the re-run.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  callSite,
  DEEP_SIGMOID,
  DYING_RELU,
  LEAKY_RELU_FIX,
  LEAKY_RELU_LAYER,
  RELU_HE_FIX,
  RELU_HE_LAYER,
} from './examples.ts';

const RUN_TIMEOUT_MS = 120_000;

export async function run(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(folder, 'VS Code opened no workspace folder');
  const extension = vscode.extensions.all.find((candidate) => candidate.packageJSON?.name === 'actlens');
  assert.ok(extension, 'the ActLens extension is not loaded');
  await extension.activate();

  await step('dying ReLU: dead units at the layer, LeakyReLU fix, re-run clean', () => dyingRelu(folder));
  await step('deep sigmoid: vanishing gradients at the first layer, ReLU + heNormal fix', () => deepSigmoid(folder));
}

async function dyingRelu(folder: string): Promise<void> {
  const uri = vscode.Uri.file(path.join(folder, DYING_RELU));
  const document = await open(uri);
  await sleep(3000);
  assert.deepEqual(
    ours(uri).map((diagnostic) => diagnostic.message),
    [],
    'the static checks find nothing wrong',
  );

  await runAndWait(folder, () => vscode.commands.executeCommand('actlens.run'));
  const dead = await waitForDiagnostic(uri, 'dead-units');
  const layer = /of (\w+) are dead/.exec(dead.message)?.[1];
  assert.ok(layer, `the finding names its layer: ${dead.message}`);
  const site = callSite(document.getText(), layer);
  assert.deepEqual(
    position(dead),
    { line: site.line, column: site.column },
    `the finding points at ${layer}'s factory call`,
  );

  await applyFix(uri, dead, LEAKY_RELU_FIX);
  const lines = document.getText().split('\n');
  assert.match(lines[site.line]!, LEAKY_RELU_LAYER, 'the LeakyReLU layer follows the dense layer');
  assert.doesNotMatch(lines[site.line - 1]!, /relu/i, 'the dense layer has no ReLU activation any more');

  await runAndWait(folder, () => vscode.commands.executeCommand('actlens.rerun'));
  await sleep(1000);
  assert.match(readFileSync(uri.fsPath, 'utf8'), LEAKY_RELU_LAYER, 'the re-run saved the fixed script');
  assert.deepEqual(
    ours(uri)
      .filter((diagnostic) => code(diagnostic) === 'dead-units')
      .map((diagnostic) => diagnostic.message),
    [],
    'no dead units after the fix',
  );
}

async function deepSigmoid(folder: string): Promise<void> {
  const uri = vscode.Uri.file(path.join(folder, DEEP_SIGMOID));
  const document = await open(uri);
  await sleep(3000);
  const early = ours(uri).filter((diagnostic) => diagnostic.severity <= vscode.DiagnosticSeverity.Warning);
  assert.deepEqual(
    early.map((diagnostic) => diagnostic.message),
    [],
    'the static checks find nothing at warning or above',
  );

  await runAndWait(folder, () => vscode.commands.executeCommand('actlens.run'));
  const vanishing = await waitForDiagnostic(uri, 'vanishing-gradient', (diagnostic) =>
    /\bdense_Dense1\b/.test(diagnostic.message),
  );
  const site = callSite(document.getText(), 'dense_Dense1');
  assert.deepEqual(
    position(vanishing),
    { line: site.line, column: site.column },
    'the finding points at the first layer',
  );

  await applyFix(uri, vanishing, RELU_HE_FIX);
  const line = document.getText().split('\n')[site.line - 1]!;
  assert.match(line, RELU_HE_LAYER, `the first layer is ReLU with He initialisation: ${line.trim()}`);
  assert.doesNotMatch(line, /sigmoid/);
}

async function step(name: string, body: () => Promise<void>): Promise<void> {
  const t0 = Date.now();
  try {
    await body();
    console.log(`ok - ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (error) {
    console.log(`not ok - ${name}`);
    throw error;
  }
}

async function open(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
  return document;
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'ActLens');
}

function code(diagnostic: vscode.Diagnostic): string | number | undefined {
  return typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
}

function position(diagnostic: vscode.Diagnostic): { line: number; column: number } {
  return { line: diagnostic.range.start.line + 1, column: diagnostic.range.start.character + 1 };
}

async function waitForDiagnostic(
  uri: vscode.Uri,
  kind: string,
  where: (diagnostic: vscode.Diagnostic) => boolean = () => true,
): Promise<vscode.Diagnostic> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = ours(uri).find((diagnostic) => code(diagnostic) === kind && where(diagnostic));
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(
        `no ${kind} diagnostic on ${path.basename(uri.fsPath)}; it has: ${
          ours(uri)
            .map((diagnostic) => `${code(diagnostic)} ${diagnostic.message.slice(0, 80)}`)
            .join(' | ') || '(none)'
        }`,
      );
    await sleep(250);
  }
}

/** Applies the code action whose title matches, as the quick-fix menu would (its edit; its follow-up command only offers a re-run). */
async function applyFix(uri: vscode.Uri, diagnostic: vscode.Diagnostic, title: RegExp): Promise<void> {
  const at = new vscode.Range(diagnostic.range.start, diagnostic.range.start);
  const actions =
    (await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      at,
      vscode.CodeActionKind.QuickFix.value,
    )) ?? [];
  const action = actions.find((candidate) => title.test(candidate.title));
  assert.ok(
    action,
    `no quick fix matches ${title}; offered: ${actions.map((candidate) => candidate.title).join(' | ')}`,
  );
  assert.ok(action.edit, `"${action.title}" has no edit`);
  assert.ok(await vscode.workspace.applyEdit(action.edit), `VS Code did not apply "${action.title}"`);
}

/** Starts a run and waits until its log in the workspace's .actlens/runs ends. */
async function runAndWait(folder: string, start: () => Thenable<unknown>): Promise<void> {
  const runs = path.join(folder, '.actlens', 'runs');
  const before = new Set(existsSync(runs) ? readdirSync(runs) : []);
  await start();
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  for (;;) {
    const fresh = (existsSync(runs) ? readdirSync(runs) : []).filter((name) => !before.has(name));
    for (const name of fresh) {
      const log = path.join(runs, name, 'events.jsonl');
      const last = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').at(-1) : undefined;
      const type = last ? (JSON.parse(last) as { type?: string }).type : undefined;
      if (type === 'end') return;
      if (type === 'error') throw new Error(`the run failed: ${last}`);
    }
    if (Date.now() > deadline)
      throw new Error(`no run finished within ${RUN_TIMEOUT_MS / 1000} s (new runs: ${fresh.join(', ') || 'none'})`);
    await sleep(250);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
