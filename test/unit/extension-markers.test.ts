import './vscode-stub.ts';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { ActLensFixProvider } from '../../extension/code-actions.ts';
import { docsLookup, RuntimeDiagnostics } from '../../extension/diagnostics.ts';
import { MarkerJournal } from '../../extension/marker-journal.ts';
import { movePosition, touches } from '../../extension/marker-tracking.ts';
import { MAX_SCRIPTS, RunMarkers, runTime } from '../../extension/run-markers.ts';
import { RunDisplay } from '../../extension/run-view.ts';
import { RunStatusBar } from '../../extension/status-bar.ts';
import { fakeController } from './extension-fake-controller.ts';
import { RunState } from '../../src/core/run-state.ts';
import { at, deadUnitsFinding, FakeSession, makeWorkspace, SCRIPT_TEXT, startEvent } from './extension-fixtures.ts';
import {
  CodeAction,
  Position,
  Range,
  settle,
  stub,
  StubDocument,
  workspace,
  type Diagnostic,
  type WorkspaceEdit,
} from './vscode-stub.ts';
import { Uri } from 'vscode';

const docs = docsLookup(Uri.file('/ext/actlens'), (file) => file.endsWith('dead-units.md'));
/** The multi-line second dense call, as SCRIPT_TEXT writes it. */
const SECOND_CALL = `  model.add(tf.layers.dense({
    units: 64,
    activation: 'relu',
  }));
`;

/** A finished run of `script` (its open document: `document`) with the dead-units finding, shown. */
async function setUp(names = ['train.js']) {
  const { folder, script } = makeWorkspace(SCRIPT_TEXT, names[0]);
  const scripts = [script, ...names.slice(1).map((name) => path.join(folder, name))];
  for (const other of scripts.slice(1)) writeFileSync(other, SCRIPT_TEXT);
  stub.workspaceFolders = [folder];
  const documents = scripts.map((file) => new StubDocument(file, SCRIPT_TEXT));
  stub.documents.push(...documents);
  const display = new RunDisplay();
  const runtime = new RuntimeDiagnostics(display, docs);
  const bar = new RunStatusBar(display, runtime);
  const controller = fakeController(display);
  const collection = stub.collections.find((candidate) => candidate.name === 'actlens')!;
  /** Runs a script to its end with the dead-units finding (placed by the document's current text). */
  const run = async (file: string, text = SCRIPT_TEXT) => {
    const live = await controller.run(Uri.file(file));
    assert.ok(live);
    const session = live.session as FakeSession;
    session.findingsNow = [deadUnitsFinding(file, text)];
    session.emit(startEvent(file));
    session.end();
    await settle(300);
    return session;
  };
  const session = await run(script);
  const diagnostics = (file = script): Diagnostic[] => collection.get(Uri.file(file)) ?? [];
  return {
    script,
    scripts,
    document: documents[0]!,
    documents,
    runtime,
    controller,
    collection,
    run,
    diagnostics,
    started: runTime(session.state.start!.time)!,
    item: stub.statusBarItems[0]!,
    dispose: () => [bar, runtime, controller, display].forEach((item) => item.dispose()),
  };
}

function lineOf(diagnostic: Diagnostic): number {
  return diagnostic.range.start.line;
}

describe('markers while the code is edited', () => {
  beforeEach(() => stub.reset());

  it('move down with lines inserted above, marked as from the run, with code, severity and related places kept', async () => {
    const { document, diagnostics, started, dispose } = await setUp();
    const before = diagnostics()[0]!;
    assert.equal(before.message, deadUnitsFinding('x').message);
    document.edit(`// a comment\n// another\n${SCRIPT_TEXT}`);
    const after = diagnostics();
    assert.equal(after.length, 1);
    const moved = after[0]!;
    assert.deepEqual(
      [moved.range.start.line, moved.range.start.character, moved.range.end.line, moved.range.end.character],
      [
        before.range.start.line + 2,
        before.range.start.character,
        before.range.end.line + 2,
        before.range.end.character,
      ],
    );
    assert.equal(moved.message, `${before.message} (from the run at ${started}; the code has changed since)`);
    assert.match(started, /^\d\d:\d\d$/);
    assert.deepEqual([moved.code, moved.severity, moved.source], [before.code, before.severity, before.source]);
    const relatedLine = (diagnostic: Diagnostic) => diagnostic.relatedInformation![0]!.location.range.start.line;
    assert.equal(relatedLine(moved), relatedLine(before) + 2);
    dispose();
  });

  it('stay where they are, marked stale, when the file is edited elsewhere', async () => {
    const { document, diagnostics, started, dispose } = await setUp();
    const before = diagnostics()[0]!;
    document.edit(SCRIPT_TEXT.replace('sgd(0.6)', 'sgd(0.05)'));
    const after = diagnostics()[0]!;
    assert.ok(after.range.isEqual(before.range as never));
    assert.match(after.message, new RegExp(`\\(from the run at ${started}; the code has changed since\\)$`));
    dispose();
  });

  it('stay on the call while its arguments are edited, and drop when the call is deleted', async () => {
    const { document, diagnostics, dispose } = await setUp();
    const before = diagnostics()[0]!;
    const edited = SCRIPT_TEXT.replace(SECOND_CALL, SECOND_CALL.replace('units: 64', 'units: 128'));
    assert.notEqual(edited, SCRIPT_TEXT);
    document.edit(edited);
    assert.ok(diagnostics()[0]?.range.isEqual(before.range as never), 'kept on the same call');
    // Its four lines deleted, as Ctrl+Shift+K would.
    const first = at(SCRIPT_TEXT, 'tf.layers.dense', 1).line - 1;
    document.replace(new Range(first, 0, first + 4, 0), '');
    assert.equal(document.getText(), edited.replace(SECOND_CALL.replace('units: 64', 'units: 128'), ''));
    assert.deepEqual(diagnostics(), [], 'the call is gone');
    dispose();
  });

  it('drop when the call is replaced by a call to another layer factory, not when another call is added', async () => {
    const { document, diagnostics, dispose } = await setUp();
    const line = lineOf(diagnostics()[0]!);
    document.edit(SCRIPT_TEXT.replace(SECOND_CALL, `  model.add(tf.layers.dropout({ rate: 0.1 }));\n${SECOND_CALL}`));
    assert.equal(lineOf(diagnostics()[0]!), line + 1);
    document.edit(SCRIPT_TEXT.replace(SECOND_CALL, SECOND_CALL.replace('tf.layers.dense', 'tf.layers.conv1d')));
    assert.deepEqual(diagnostics(), []);
    dispose();
  });

  it('keep their quick fixes working where the call is now, and go when a comment disables them', async () => {
    const { document, diagnostics, runtime, dispose } = await setUp();
    document.edit(`// one\n// two\n// three\n${SCRIPT_TEXT}`);
    const moved = diagnostics()[0]!;
    // VS Code hands back a copy of the diagnostic.
    const copy = Object.assign(Object.create(Object.getPrototypeOf(moved)), moved) as Diagnostic;
    const actions = new ActLensFixProvider([runtime]).provideCodeActions(
      document as never,
      moved.range as never,
      {
        diagnostics: [copy],
        only: undefined,
        triggerKind: 1,
      } as never,
    ) as unknown as CodeAction[];
    const preferred = actions.find((action) => action.isPreferred)!;
    assert.equal(preferred.title, 'Swap activation to selu (with leCunNormal initialiser)');
    const edits = (preferred.edit as WorkspaceEdit).get(document.uri);
    assert.ok(edits.length > 0);
    // The edits are in the second dense call where it is now (3 lines further down), not where the run saw it.
    const call = at(document.getText(), 'tf.layers.dense', 1);
    for (const edit of edits)
      assert.ok(edit.range.start.line >= call.line - 1 && edit.range.start.line <= call.line + 2);
    const disable = actions.find((action) => action.title === 'Disable dead-units for this line')!;
    assert.equal((disable.edit as WorkspaceEdit).get(document.uri)[0]!.range.start.line, call.line - 1);
    // Applied, its comment silences the finding: the marker goes (its line moved down under the comment).
    await workspace.applyEdit(disable.edit as WorkspaceEdit);
    assert.match(
      document.getText(),
      /\/\/ actlens-disable-next-line dead-units\n\s*model\.add\(tf\.layers\.dense\(\{\n/,
    );
    assert.deepEqual(diagnostics(), []);
    dispose();
  });
});

describe('markers of several scripts', () => {
  beforeEach(() => stub.reset());

  it("a run of another script keeps the first script's markers, marked as from its run; the status bar counts both", async () => {
    const { scripts, diagnostics, collection, run, started, item, dispose } = await setUp(['a.js', 'b.js']);
    const [a, b] = scripts as [string, string];
    assert.equal(diagnostics(a).length, 1);
    await run(b);
    assert.equal(diagnostics(b).length, 1);
    assert.equal(diagnostics(b)[0]!.message, deadUnitsFinding(b).message, "the shown run's own: no note");
    assert.equal(diagnostics(a).length, 1, "a.js's markers stay");
    assert.equal(diagnostics(a)[0]!.message, `${deadUnitsFinding(a).message} (from the run of a.js at ${started})`);
    await settle(300);
    const inCollection = [...collection.entries.values()].flat();
    assert.equal(inCollection.length, 2);
    assert.match(item.text, /\$\(error\) 2 \$\(warning\) 0 \$\(info\) 0$/);
    assert.match(String(item.tooltip), /In Problems: 2 error\(s\), 0 warning\(s\), 0 info/);
    assert.match(String(item.tooltip), /this run \(b\.js\): 1 error/);
    assert.match(String(item.tooltip), /last runs of a\.js: 1 error/);
    dispose();
  });

  it('the status bar count follows markers that an edit drops', async () => {
    const { document, collection, item, dispose } = await setUp();
    await settle(300);
    assert.match(item.text, /\$\(error\) 1 /);
    const first = at(SCRIPT_TEXT, 'tf.layers.dense', 1).line - 1;
    document.replace(new Range(first, 0, first + 4, 0), '');
    await settle(300);
    assert.equal([...collection.entries.values()].flat().length, 0);
    assert.match(item.text, /\$\(error\) 0 /);
    dispose();
  });

  it('running the script again clears the stale marks', async () => {
    const { script, document, diagnostics, run, dispose } = await setUp();
    const text = `// added\n${SCRIPT_TEXT}`;
    document.edit(text);
    assert.match(diagnostics()[0]!.message, /the code has changed since/);
    await run(script, text);
    const fresh = diagnostics();
    assert.equal(fresh.length, 1);
    assert.equal(fresh[0]!.message, deadUnitsFinding(script).message);
    assert.equal(lineOf(fresh[0]!), at(text, 'tf.layers.dense', 1).line - 1);
    dispose();
  });

  it(`keeps the last runs of at most ${MAX_SCRIPTS} scripts`, () => {
    const markers = new RunMarkers();
    const state = new RunState();
    for (let index = 0; index <= MAX_SCRIPTS; index++) {
      const run = markers.recordFor({ id: `run-${index}`, script: `/w/s${index}.js`, state });
      run.files.set(`/w/s${index}.js`, []);
    }
    const files = markers.files();
    assert.equal(files.size, MAX_SCRIPTS);
    assert.ok(!files.has('/w/s0.js') && files.has(`/w/s${MAX_SCRIPTS}.js`));
  });
});

describe('moving positions through an edit', () => {
  const change = (startLine: number, startCharacter: number, endLine: number, endCharacter: number, text: string) => ({
    range: new Range(startLine, startCharacter, endLine, endCharacter) as never,
    text,
  });

  it('moves what follows, keeps what precedes, and puts what was replaced at the edge', () => {
    const position = new Position(3, 4) as never;
    const moved = (edit: ReturnType<typeof change>, side: 'start' | 'end' = 'start') => {
      const result = movePosition(position, edit, side);
      return [result.line, result.character];
    };
    assert.deepEqual(moved(change(5, 0, 5, 0, 'x\n')), [3, 4], 'after it');
    assert.deepEqual(moved(change(0, 0, 0, 0, 'a\nb\n')), [5, 4], 'two lines above');
    assert.deepEqual(moved(change(3, 0, 3, 2, '')), [3, 2], 'two characters before it on its line');
    assert.deepEqual(moved(change(1, 2, 3, 1, 'zz')), [1, 7], 'lines joined before it');
    assert.deepEqual(moved(change(2, 0, 4, 0, 'new\n')), [2, 0], 'replaced: to the start');
    assert.deepEqual(moved(change(2, 0, 4, 0, 'new\n'), 'end'), [3, 0], 'replaced: an end goes after the new text');
    assert.deepEqual(moved(change(3, 4, 3, 4, 'ab'), 'end'), [3, 4], 'an end does not take text typed after it');
  });

  it('tells an edit inside a span from one at its edges', () => {
    const start = new Position(2, 2) as never;
    const end = new Position(4, 3) as never;
    assert.equal(touches(change(3, 0, 3, 1, ''), start, end), true);
    assert.equal(touches(change(2, 2, 2, 2, 'x'), start, end), false, 'typed right before it');
    assert.equal(touches(change(4, 3, 4, 3, ';'), start, end), false, 'typed right after it');
    assert.equal(touches(change(1, 0, 2, 3, ''), start, end), true, 'deleted into it');
  });
});

describe('markers after a window reload', () => {
  beforeEach(() => stub.reset());

  it('edits made while the run was shown live put its markers where they moved, stale, in the next window', async () => {
    const { folder, script } = makeWorkspace(SCRIPT_TEXT);
    stub.workspaceFolders = [folder];
    const document = new StubDocument(script, SCRIPT_TEXT);
    stub.documents.push(document);
    const store = new Map<string, unknown>();
    const memento = {
      get: (key: string) => store.get(key),
      update: (key: string, value: unknown) => Promise.resolve(void store.set(key, structuredClone(value))),
    } as never;
    const window = (display: RunDisplay) =>
      new RuntimeDiagnostics(display, docs, undefined, new MarkerJournal(memento));
    const display = new RunDisplay();
    const first = window(display);
    const controller = fakeController(display);
    const live = (await controller.run(Uri.file(script)))!;
    const session = live.session as FakeSession;
    session.findingsNow = [deadUnitsFinding(script)];
    session.emit(startEvent(script));
    await settle(300);
    const collection = stub.collections.find((candidate) => candidate.name === 'actlens')!;
    const before = collection.get(Uri.file(script))![0]!;
    document.edit(`// a comment\n// another\n${SCRIPT_TEXT}`);
    first.dispose();
    // The reload: a new window's diagnostics, shown the same run (followed again from its folder), still live.
    const next = new RunDisplay();
    window(next);
    next.show(live);
    await settle(300);
    const after = stub.collections
      .filter((candidate) => candidate.name === 'actlens')
      .at(-1)!
      .get(Uri.file(script))!;
    assert.equal(after.length, 1);
    assert.equal(after[0]!.range.start.line, before.range.start.line + 2, 'moved with the two lines inserted above');
    assert.match(after[0]!.message, /the code has changed since\)$/);
    session.end();
    controller.dispose();
  });
});
