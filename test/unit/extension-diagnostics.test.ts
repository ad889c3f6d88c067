import './vscode-stub.ts';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import {
  DIAGNOSTIC_SOURCE,
  docsLookup,
  findingDocsLink,
  findingToDiagnostic,
  RuntimeDiagnostics,
  SourceIndex,
} from '../../extension/diagnostics.ts';
import { LintDiagnostics } from '../../extension/lint-diagnostics.ts';
import { RunDisplay } from '../../extension/run-view.ts';
import { fakeController } from './extension-fake-controller.ts';
import {
  at,
  deadUnitsFinding,
  FakeSession,
  makeWorkspace,
  nonFiniteFinding,
  SCRIPT_TEXT,
  startEvent,
  windowEvent,
} from './extension-fixtures.ts';
import { Uri } from 'vscode';
import { DiagnosticSeverity, settle, simulate, stub, StubDocument, StubLog } from './vscode-stub.ts';

const EXTENSION = Uri.file('/ext/actlens');
const docs = docsLookup(EXTENSION, (file) => file.endsWith('dead-units.md'));

describe('findings as diagnostics', () => {
  beforeEach(() => stub.reset());

  it('puts a finding on its layer call, with source, kind linked to its page, severity and related places', () => {
    const { script } = makeWorkspace();
    const finding = deadUnitsFinding(script);
    const diagnostic = findingToDiagnostic(finding, new SourceIndex(() => SCRIPT_TEXT), docs, {
      file: script,
      line: 1,
      column: 1,
    });
    // The call spans three lines, so the range is its callee, `tf.layers.dense` on line 6 (0-based 5).
    const callee = at(SCRIPT_TEXT, 'tf.layers.dense', 1);
    assert.deepEqual(
      [diagnostic.range.start.line, diagnostic.range.start.character],
      [callee.line - 1, callee.column - 1],
    );
    assert.deepEqual(
      [diagnostic.range.end.line, diagnostic.range.end.character],
      [callee.line - 1, callee.column - 1 + 'tf.layers.dense'.length],
    );
    assert.equal(diagnostic.source, DIAGNOSTIC_SOURCE);
    assert.equal(diagnostic.severity, DiagnosticSeverity.Error);
    assert.equal(diagnostic.message, finding.message);
    // The code links to the kind's page through the command that opens it rendered, not as a Markdown source tab.
    assert.deepEqual(diagnostic.code, {
      value: 'dead-units',
      target: Uri.parse('command:actlens.showFindingDocs?%5B%22dead-units%22%5D'),
    });
    assert.equal(diagnostic.relatedInformation?.length, 1, 'only related places with a source');
    const related = diagnostic.relatedInformation![0]!;
    assert.equal(related.message, 'The layer before it is healthy.');
    assert.equal(related.location.uri.fsPath, script);
    // The first dense call fits on one line: the whole call is the range.
    const line = SCRIPT_TEXT.split('\n')[4]!;
    assert.equal(related.location.range.start.character, line.indexOf('tf.layers.dense'));
    assert.equal(related.location.range.end.character, line.lastIndexOf(')'));
  });

  it('maps severities and leaves the code unlinked for kinds without a page', () => {
    const diagnostic = findingToDiagnostic(nonFiniteFinding(), new SourceIndex(() => SCRIPT_TEXT), docs, {
      file: '/w/train.js',
      ...at(SCRIPT_TEXT, 'tf.sequential'),
    });
    assert.equal(diagnostic.severity, DiagnosticSeverity.Warning);
    assert.equal(diagnostic.code, 'non-finite');
    // No source: shown where the model was built (the fallback). That is no layer call, so the range is its line, less indentation.
    const model = at(SCRIPT_TEXT, 'tf.sequential');
    const line = SCRIPT_TEXT.split('\n')[model.line - 1]!;
    assert.deepEqual(
      [diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.character],
      [model.line - 1, line.indexOf('const'), line.length],
    );
  });

  it('falls back to the line when there is no layer call at the location, and to the position when the file is unreadable', () => {
    const finding = {
      ...deadUnitsFinding('/w/train.js'),
      source: { file: '/w/train.js', ...at(SCRIPT_TEXT, 'model.compile') },
    };
    const onLine = findingToDiagnostic(finding, new SourceIndex(() => SCRIPT_TEXT), docs, finding.source);
    const index = finding.source.line - 1;
    const line = SCRIPT_TEXT.split('\n')[index]!;
    assert.deepEqual(
      [onLine.range.start.line, onLine.range.start.character, onLine.range.end.character],
      [index, line.indexOf('model'), line.length],
    );
    const unreadable = findingToDiagnostic(finding, new SourceIndex(() => undefined), docs, finding.source);
    assert.deepEqual(
      [unreadable.range.start.line, unreadable.range.start.character],
      [index, finding.source.column - 1],
    );
  });
});

describe('runtime diagnostics', () => {
  beforeEach(() => stub.reset());

  async function liveRun() {
    const { folder, script } = makeWorkspace();
    stub.workspaceFolders = [folder];
    const display = new RunDisplay();
    const runtime = new RuntimeDiagnostics(display, docs);
    const controller = fakeController(display);
    const run = await controller.run(Uri.file(script));
    assert.ok(run);
    const session = run.session as FakeSession;
    const collection = stub.collections.find((candidate) => candidate.name === 'actlens')!;
    return {
      script,
      display,
      runtime,
      controller,
      session,
      collection,
      dispose: () => [runtime, controller, display].forEach((item) => item.dispose()),
    };
  }

  it('updates while the run goes (throttled), leaves static findings to the linter, and keeps them after the run', async () => {
    const { script, session, collection, dispose } = await liveRun();
    session.emit(startEvent(script));
    await settle(300);
    assert.equal(collection.get(Uri.file(script)), undefined);
    const lint = { ...deadUnitsFinding(script), kind: 'lint-selu-initializer' as const, severity: 'info' as const };
    session.findingsNow = [deadUnitsFinding(script), lint];
    for (let step = 20; step <= 200; step += 20) session.emit(windowEvent(step));
    assert.equal(collection.get(Uri.file(script)), undefined, 'not synchronously on every event');
    await settle(300);
    assert.deepEqual(
      collection.get(Uri.file(script))?.map((diagnostic) => diagnostic.code),
      [{ value: 'dead-units', target: findingDocsLink('dead-units') }],
    );
    session.end();
    await settle(300);
    assert.equal(collection.get(Uri.file(script))?.length, 1, 'still there after the run');
    dispose();
  });

  it("keeps a live run's markers in a file edited while it runs, marked stale, and adds none there", async () => {
    const { script, session, collection, dispose } = await liveRun();
    session.findingsNow = [deadUnitsFinding(script)];
    session.emit(startEvent(script));
    session.emit(windowEvent(20));
    await settle(300);
    assert.equal(collection.get(Uri.file(script))?.length, 1);
    new StubDocument(script, SCRIPT_TEXT).edit(SCRIPT_TEXT.replace("'relu'", "'selu'"));
    assert.match(collection.get(Uri.file(script))![0]!.message, /the code has changed since\)$/);
    // Its lines are the run's, not the edited text's: not placed until the next run.
    session.findingsNow = [deadUnitsFinding(script), { ...deadUnitsFinding(script), kind: 'vanishing-gradient' }];
    session.emit(windowEvent(40));
    await settle(300);
    assert.deepEqual(
      collection.get(Uri.file(script))?.map((diagnostic) => diagnostic.code),
      [{ value: 'dead-units', target: findingDocsLink('dead-units') }],
    );
    dispose();
  });

  it("a new run clears the last run's diagnostics", async () => {
    const { script, session, controller, collection, dispose } = await liveRun();
    session.findingsNow = [deadUnitsFinding(script)];
    session.emit(startEvent(script));
    session.end();
    await settle(300);
    assert.equal(collection.get(Uri.file(script))?.length, 1);
    await controller.rerun();
    await settle(10);
    assert.equal(collection.get(Uri.file(script)), undefined);
    dispose();
  });
});

describe('static lint diagnostics', () => {
  beforeEach(() => stub.reset());

  const SELU = `const tf = require('@tensorflow/tfjs');
const model = tf.sequential();
model.add(tf.layers.dense({ units: 32, activation: 'selu', inputShape: [8] }));
model.add(tf.layers.dense({ units: 1 }));
`;

  it('lints JS/TS documents that build layers 400 ms after opening or a change, and never other documents', async () => {
    let enabled = true;
    const lint = new LintDiagnostics(() => enabled, docs, new StubLog('ActLens'));
    const collection = stub.collections.find((candidate) => candidate.name === 'actlens-lint')!;
    const document = new StubDocument(path.resolve('/w/model.js'), SELU);
    const notes = new StubDocument(path.resolve('/w/notes.md'), SELU, 'markdown');
    simulate.openDocument(document);
    simulate.openDocument(notes);
    assert.equal(collection.get(document.uri), undefined, 'debounced');
    await settle(450);
    const diagnostics = collection.get(document.uri)!;
    assert.deepEqual(
      diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity, diagnostic.range.start.line]),
      [['lint-selu-initializer', DiagnosticSeverity.Information, 2]],
    );
    assert.equal(collection.get(notes.uri), undefined);

    document.edit(SELU.replace("activation: 'selu'", "activation: 'selu', kernelInitializer: 'leCunNormal'"));
    await settle(450);
    assert.equal(collection.get(document.uri), undefined, 'fixed: the finding is gone');

    document.edit(SELU);
    enabled = false;
    await settle(450);
    assert.equal(collection.get(document.uri), undefined, 'actlens.lint.enabled = false');
    simulate.closeDocument(document);
    lint.dispose();
  });

  it('runs in an untrusted workspace: it only reads the source', async () => {
    stub.isTrusted = false;
    const { script } = makeWorkspace(SELU, 'selu.js');
    writeFileSync(script, SELU);
    stub.documents.push(new StubDocument(script, SELU));
    const lint = new LintDiagnostics(() => true, docs, new StubLog('ActLens'));
    await settle(); // open documents are linted just after activation
    assert.equal(
      stub.collections.find((candidate) => candidate.name === 'actlens-lint')!.get(Uri.file(script))?.length,
      1,
    );
    lint.dispose();
  });
});
