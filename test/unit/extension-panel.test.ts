import './vscode-stub.ts';
import assert from 'node:assert/strict';
import { symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import {
  PANEL_VIEW_TYPE,
  PanelHost,
  registerPanelSerializer,
  type PanelActions,
} from '../../extension/panel/panel-host.ts';
import { isInsideFolders } from '../../extension/panel/panel-messages.ts';
import { findRunDir, isRunId, listRecordedRuns, loadRecordedRun } from '../../extension/recorded-runs.ts';
import { LiveRun } from '../../extension/run-controller.ts';
import { RunDisplay } from '../../extension/run-view.ts';
import { WEBVIEW_PROTOCOL_VERSION } from '../../src/core/webview-messages.ts';
import {
  deadUnitsFinding,
  FakeSession,
  makeWorkspace,
  startEvent,
  windowEvent,
  writeRecordedRun,
} from './extension-fixtures.ts';
import { Uri } from 'vscode';
import { settle, stub, StubLog, ViewColumn, type StubWebviewPanel } from './vscode-stub.ts';

interface Posted {
  type: string;
  [key: string]: unknown;
}

function setup(overrides: Partial<PanelActions> = {}) {
  const { folder, script } = makeWorkspace();
  stub.workspaceFolders = [folder];
  const display = new RunDisplay();
  const log = new StubLog('ActLens');
  const calls: string[] = [];
  const actions: PanelActions = {
    stop: async (runId) => (calls.push(`stop ${runId}`), undefined),
    rerun: async (runId) => (calls.push(`rerun ${runId}`), 'No new run was started.'),
    loadRun: () => undefined,
    folders: () => [folder],
    ...overrides,
  };
  const host = new PanelHost(Uri.file('/ext/actlens'), display, actions, log);
  const session = new FakeSession({ script, workspaceRoot: folder }, {});
  const run = new LiveRun(session, { script });
  const emit = (event: Parameters<FakeSession['emit']>[0]) => {
    session.emit(event);
    run.display.push(event);
    display.update(run);
  };
  return {
    folder,
    script,
    display,
    log,
    calls,
    host,
    session,
    run,
    emit,
    dispose: () => (host.dispose(), display.dispose()),
  };
}

const posted = (panel: StubWebviewPanel) => panel.posted as Posted[];

describe('panel host', () => {
  beforeEach(() => stub.reset());

  it('opens beside the editor with scripts from dist/ only, a nonce CSP, and no retained context', () => {
    const { host, dispose } = setup();
    host.show();
    const panel = stub.panels[0]!;
    assert.equal(panel.viewType, PANEL_VIEW_TYPE);
    assert.deepEqual(panel.showOptions, { viewColumn: ViewColumn.Beside, preserveFocus: true });
    assert.equal(panel.options.retainContextWhenHidden, false);
    assert.equal(panel.webview.options.enableScripts, true);
    assert.deepEqual((panel.webview.options.localResourceRoots as Uri[]).map(String), ['file:///ext/actlens/dist']);
    const html = panel.webview.html.replace(/&#39;/g, "'");
    const nonce = /script-src 'nonce-([^']+)'/.exec(html)?.[1];
    assert.ok(nonce && nonce.length >= 16, html);
    assert.match(html, /default-src 'none'/);
    assert.ok(html.includes(`<script nonce="${nonce}" src="vscode-webview:///ext/actlens/dist/webview.js">`), html);
    host.show();
    assert.equal(stub.panels.length, 1, 'one panel, revealed again');
    dispose();
  });

  it('sends the whole run on `ready`, then new events batched at most 10 times a second, and findings and state as they change', async () => {
    const { host, display, run, session, emit, script, dispose } = setup();
    display.show(run);
    emit(startEvent(script));
    host.show();
    const panel = stub.panels[0]!;
    await settle(150);
    assert.equal(panel.posted.length, 0, 'nothing before the page is ready');
    panel.receive({ type: 'ready', protocol: WEBVIEW_PROTOCOL_VERSION });
    const init = posted(panel)[0]!;
    assert.equal(init.type, 'init');
    assert.deepEqual(init.run, { id: run.id, title: init.run && (init.run as { title: string }).title });
    assert.match((init.run as { title: string }).title, /^train\.js · /);
    assert.equal((init.events as unknown[]).length, 1);
    assert.deepEqual(init.state, { status: 'running', message: 'Training on wasm: step 0.' });

    session.findingsNow = [deadUnitsFinding(script)];
    for (let step = 20; step <= 600; step += 20) emit(windowEvent(step));
    await settle(250);
    const batches = posted(panel).filter((message) => message.type === 'events');
    assert.ok(batches.length >= 1 && batches.length <= 3, `${batches.length} batches`);
    assert.equal(batches.flatMap((message) => message.events as unknown[]).length, 30, 'every event once');
    const findings = posted(panel).filter((message) => message.type === 'findings');
    assert.equal(findings.length, 1);
    assert.equal((findings[0]!.findings as unknown[]).length, 1);
    const before = panel.posted.length;
    display.update(run);
    await settle(150);
    assert.equal(panel.posted.length, before, 'nothing new, nothing sent');
    dispose();
  });

  it('drops and logs malformed messages without acting on them', async () => {
    const { host, log, calls, dispose, run, display } = setup();
    display.show(run);
    host.show();
    const panel = stub.panels[0]!;
    panel.receive({ type: 'stop', requestId: 1 });
    panel.receive({ type: 'reveal', requestId: 2, file: '/etc/passwd', line: 0, column: 1 });
    panel.receive('ready');
    panel.receive({ type: 'exec', command: 'rm -rf /' });
    await settle();
    assert.deepEqual(calls, []);
    assert.equal(panel.posted.length, 0, 'no reply to a malformed request');
    assert.equal(stub.shownDocuments.length, 0);
    assert.equal(
      log.lines.filter((line) => line.level === 'warn' && /^Panel: dropped a malformed message/.test(line.message))
        .length,
      4,
    );
    dispose();
  });

  it('reveals only files inside the workspace, and answers every request', async () => {
    const { host, script, folder, calls, run, display, dispose } = setup();
    display.show(run);
    host.show();
    const panel = stub.panels[0]!;
    panel.receive({ type: 'reveal', requestId: 1, file: script, line: 6, column: 13 });
    panel.receive({ type: 'reveal', requestId: 2, file: path.join(folder, '..', 'outside.js'), line: 1, column: 1 });
    panel.receive({ type: 'stop', requestId: 3, runId: run.id });
    panel.receive({ type: 'rerun', requestId: 4, runId: run.id });
    panel.receive({ type: 'copy', requestId: 5, text: 'summary' });
    await settle(20);
    assert.equal(stub.shownDocuments.length, 1);
    assert.equal(stub.shownDocuments[0]!.uri.fsPath, script);
    const selection = (stub.shownDocuments[0]!.options as { selection: { start: { line: number; character: number } } })
      .selection;
    assert.deepEqual([selection.start.line, selection.start.character], [5, 12]);
    const replies = posted(panel).filter((message) => message.type === 'reply');
    assert.deepEqual(
      replies
        .map((reply) => [reply.requestId, reply.ok, reply.message])
        .sort((a, b) => (a[0] as number) - (b[0] as number)),
      [
        [1, true, undefined],
        [2, false, 'ActLens only opens files inside the workspace.'],
        [3, true, undefined],
        [4, false, 'No new run was started.'],
        [5, true, undefined],
      ],
    );
    assert.deepEqual(calls, [`stop ${run.id}`, `rerun ${run.id}`]);
    assert.equal(stub.clipboard, 'summary');
    dispose();
  });

  it('sends the run again after the hidden page reloads', async () => {
    const { host, run, display, dispose } = setup();
    display.show(run);
    host.show();
    const panel = stub.panels[0]!;
    panel.receive({ type: 'ready', protocol: WEBVIEW_PROTOCOL_VERSION });
    panel.visible = false;
    panel.receive({ type: 'ready', protocol: WEBVIEW_PROTOCOL_VERSION });
    await settle();
    assert.deepEqual(
      posted(panel).map((message) => message.type),
      ['init', 'init'],
    );
    dispose();
  });

  it("is restored after a restart with the run it showed, read from the run's log", async () => {
    const { folder, script } = makeWorkspace();
    stub.workspaceFolders = [folder];
    writeRecordedRun(folder, '20260101-000000-train-abcd', [
      startEvent(script),
      windowEvent(20),
      { type: 'end', reason: 'completed', steps: 20, elapsedMs: 5 },
    ]);
    const display = new RunDisplay();
    const host = new PanelHost(
      Uri.file('/ext/actlens'),
      display,
      {
        stop: async () => undefined,
        rerun: async () => undefined,
        folders: () => [folder],
        loadRun: (runId) => {
          const runDir = findRunDir([folder], runId);
          const loaded = runDir ? loadRecordedRun(runDir, {}) : undefined;
          return loaded && !('error' in loaded) ? loaded : undefined;
        },
      },
      new StubLog('ActLens'),
    );
    const registration = registerPanelSerializer(host);
    const serializer = stub.serializers.get(PANEL_VIEW_TYPE) as {
      deserializeWebviewPanel(panel: unknown, state: unknown): Promise<void>;
    };
    const { StubWebviewPanel } = await import('./vscode-stub.ts');
    const panel = new StubWebviewPanel(PANEL_VIEW_TYPE, 'ActLens', {}, {});
    await serializer.deserializeWebviewPanel(panel, { runId: '20260101-000000-train-abcd', selectedLayer: null });
    assert.equal(display.current?.id, '20260101-000000-train-abcd');
    assert.equal(panel.title, 'ActLens: train.js');
    assert.ok(panel.webview.html.includes('webview.js'));
    panel.receive({ type: 'ready', protocol: WEBVIEW_PROTOCOL_VERSION });
    const init = posted(panel)[0]!;
    assert.equal((init.events as unknown[]).length, 3);
    assert.deepEqual(init.state, { status: 'finished', message: 'Finished after 20 steps.' });
    registration.dispose();
    host.dispose();
  });
});

describe('recorded runs', () => {
  it('lists runs of all folders newest first with script, date and outcome, reading only the ends of each log', () => {
    const { folder, script } = makeWorkspace();
    const older = writeRecordedRun(folder, '20260101-000000-train-aaaa', [
      startEvent(script),
      windowEvent(20),
      { type: 'error', phase: 'script', message: 'boom', stack: null, location: null, steps: 20 },
    ]);
    utimesSync(path.join(older, 'events.jsonl'), new Date(2026, 0, 1), new Date(2026, 0, 1));
    writeRecordedRun(folder, '20260102-000000-train-bbbb', [startEvent(script), windowEvent(20)]);
    writeFileSync(path.join(folder, '.actlens', 'runs', 'not-a-run'), 'x');
    const runs = listRecordedRuns([folder]);
    assert.deepEqual(
      runs.map((run) => run.runId),
      ['20260102-000000-train-bbbb', '20260101-000000-train-aaaa'],
    );
    assert.equal(runs[0]!.script, script);
    assert.deepEqual(runs[0]!.status, { status: 'stopped', message: 'The run has no end record: it was interrupted.' });
    assert.equal(runs[1]!.status.status, 'failed');
    assert.match(runs[1]!.status.message, /failed after 20 steps: boom/);
  });

  it('finds a run only by a plain id inside .actlens/runs', () => {
    const { folder, script } = makeWorkspace();
    writeRecordedRun(folder, 'run-1', [startEvent(script)]);
    assert.ok(findRunDir([folder], 'run-1'));
    assert.equal(findRunDir([folder], '../../etc'), undefined);
    assert.equal(isRunId('..'), false);
    assert.equal(isRunId('a/b'), false);
  });

  it('refuses files outside the workspace folders, also through .. and symbolic links', () => {
    const { folder, script } = makeWorkspace();
    const outside = makeWorkspace().script;
    const link = path.join(folder, 'link.js');
    symlinkSync(outside, link);
    assert.equal(isInsideFolders(script, [folder]), true);
    assert.equal(
      isInsideFolders(path.join(folder, '..', path.basename(path.dirname(outside)), 'train.js'), [folder]),
      false,
    );
    assert.equal(isInsideFolders(link, [folder]), false);
    assert.equal(isInsideFolders('train.js', [folder]), false, 'relative paths');
    assert.equal(isInsideFolders(folder, [folder]), false, 'the folder itself is not a file in it');
  });
});
