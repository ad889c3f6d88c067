import './vscode-stub.ts';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { ActLensFixProvider, codeActionsFor, FIX_APPLIED_COMMAND } from '../../extension/code-actions.ts';
import { FindingDiagnostics, type FindingLookup } from '../../extension/diagnostics.ts';
import type { Finding } from '../../src/core/findings.ts';
import { diagnose } from './extension-diagnose.ts';
import { at, deadUnitsFinding, SCRIPT_TEXT } from './extension-fixtures.ts';
import {
  CodeAction,
  CodeActionKind,
  Diagnostic,
  Range,
  stub,
  StubDiagnosticCollection,
  StubDocument,
  type WorkspaceEdit,
} from './vscode-stub.ts';

const FILE = path.resolve('/w/train.js');

/** The document's text with a code action's edit applied. */
function applied(document: StubDocument, edit: WorkspaceEdit): string {
  const text = document.getText();
  const offset = (line: number, character: number) =>
    text
      .split('\n')
      .slice(0, line)
      .reduce((sum, part) => sum + part.length + 1, 0) + character;
  const changes = edit.get(document.uri).map(({ range, newText }) => ({
    start: offset(range.start.line, range.start.character),
    end: offset(range.end.line, range.end.character),
    newText,
  }));
  let result = text;
  for (const change of changes.sort((a, b) => b.start - a.start))
    result = result.slice(0, change.start) + change.newText + result.slice(change.end);
  return result;
}

describe('quick fixes', () => {
  beforeEach(() => stub.reset());

  it("offers the finding's fixes in order as edits, the first applicable preferred, advice disabled with why", () => {
    const document = new StubDocument(FILE, SCRIPT_TEXT);
    const finding = deadUnitsFinding(FILE);
    const diagnostic = diagnose(document, finding);
    const actions = codeActionsFor(document as never, [
      { diagnostic: diagnostic as never, finding },
    ]) as unknown as CodeAction[];

    assert.deepEqual(
      actions.map((action) => [
        action.title,
        action.kind?.value,
        action.isPreferred === true,
        action.disabled !== undefined,
      ]),
      [
        ['Swap activation to selu (with leCunNormal initialiser)', 'quickfix', true, false],
        ['Set kernelInitializer to heNormal', 'quickfix', false, false],
        ['Lower the learning rate', 'quickfix', false, true],
      ],
    );
    assert.ok(actions.every((action) => action.diagnostics?.[0] === diagnostic));
    assert.equal(
      actions[2]!.disabled!.reason,
      'Advice, not a code change: An update too large pushed the units below zero.',
    );
    assert.equal(actions[2]!.edit, undefined);

    const swapped = applied(document, actions[0]!.edit!);
    const layer = swapped.slice(swapped.indexOf('tf.layers.dense', swapped.indexOf('tf.layers.dense') + 1));
    assert.match(
      layer,
      /^tf\.layers\.dense\(\{\s*units: 64,\s*activation: 'selu',\s*kernelInitializer: 'leCunNormal',?\s*\}\)/,
    );
    assert.equal(swapped.split("activation: 'relu'").length - 1, 1, 'the first layer keeps its relu');
    assert.deepEqual(actions[0]!.command, {
      command: FIX_APPLIED_COMMAND,
      title: 'Offer to re-run',
      arguments: [document.uri, finding.fixes[0]!.title],
    });

    assert.match(
      applied(document, actions[1]!.edit!),
      /units: 64,\s*activation: 'relu',\s*kernelInitializer: 'heNormal'/,
    );
  });

  it('disables a fix that cannot be applied to this code, saying why, and prefers the next one that can', () => {
    const text = `const tf = require('@tensorflow/tfjs');\nconst model = tf.sequential();\nmodel.add(tf.layers.dropout({ rate: 0.5, inputShape: [4] }));\n`;
    const document = new StubDocument(FILE, text);
    const finding: Finding = {
      ...deadUnitsFinding(FILE),
      source: { file: FILE, ...at(text, 'tf.layers.dropout') },
      related: [],
      fixes: [
        { title: 'Swap activation to selu', why: '…', action: 'swap-activation', to: 'selu' },
        {
          title: 'Insert batchNormalization after this layer',
          why: '…',
          action: 'insert-layer-after',
          layer: 'batchNormalization',
        },
      ],
    };
    const [swap, insert] = codeActionsFor(document as never, [
      { diagnostic: diagnose(document, finding) as never, finding },
    ]) as unknown as CodeAction[];
    assert.equal(
      swap!.disabled?.reason,
      'ActLens cannot make this change here: a dropout layer has no activation option.',
    );
    assert.equal(swap!.isPreferred, undefined);
    assert.equal(insert!.disabled, undefined);
    assert.equal(insert!.isPreferred, true);
  });

  it('the provider finds the finding behind the copy of a diagnostic VS Code hands back, and ignores other sources', () => {
    const document = new StubDocument(FILE, SCRIPT_TEXT);
    const finding = deadUnitsFinding(FILE);
    const registry = new FindingDiagnostics(new StubDiagnosticCollection('actlens') as never);
    const diagnostic = diagnose(document, finding);
    registry.set(document.uri as never, [{ diagnostic: diagnostic as never, finding }]);
    const lookup: FindingLookup = { findingFor: (doc, candidate) => registry.findingFor(doc.uri, candidate) };
    const provider = new ActLensFixProvider([lookup]);

    // What VS Code passes in is a copy, not the object the extension created.
    const copy = new Diagnostic(
      new Range(
        diagnostic.range.start.line,
        diagnostic.range.start.character,
        diagnostic.range.end.line,
        diagnostic.range.end.character,
      ),
      diagnostic.message,
      diagnostic.severity,
    );
    copy.source = 'ActLens';
    copy.code = 'dead-units';
    const eslint = new Diagnostic(copy.range, 'no-unused-vars', 1);
    eslint.source = 'eslint';
    const actions = provider.provideCodeActions(
      document as never,
      copy.range as never,
      { diagnostics: [eslint, copy], only: undefined, triggerKind: 1 } as never,
    );
    assert.deepEqual(
      (actions as unknown as CodeAction[]).map((action) => action.title),
      [...finding.fixes.map((fix) => fix.title), 'Disable dead-units for this line'],
      "the finding's fixes, then the suppression (no documentation action: this lookup knows no page)",
    );
    assert.equal(
      provider.provideCodeActions(
        document as never,
        copy.range as never,
        { diagnostics: [eslint], triggerKind: 1 } as never,
      ).length,
      0,
    );
    const moved = new Diagnostic(new Range(0, 0, 0, 5), copy.message, copy.severity);
    moved.source = 'ActLens';
    moved.code = 'dead-units';
    assert.equal(
      provider.provideCodeActions(
        document as never,
        moved.range as never,
        { diagnostics: [moved], triggerKind: 1 } as never,
      ).length,
      0,
      'a diagnostic that no longer matches',
    );
    const refactorOnly = { diagnostics: [copy], only: CodeActionKind.Refactor, triggerKind: 1 };
    assert.equal(provider.provideCodeActions(document as never, copy.range as never, refactorOnly as never).length, 0);
  });
});
