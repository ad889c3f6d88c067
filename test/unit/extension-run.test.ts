import './vscode-stub.ts';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { CONTEXT_RUNNING, progressMessage, RunController } from '../../extension/run-controller.ts';
import { loadRecordedRun } from '../../extension/recorded-runs.ts';
import { RunDisplay, type RunView } from '../../extension/run-view.ts';
import type { StartEvent } from '../../src/core/events.ts';
import { RunState } from '../../src/core/run-state.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../extension/settings.ts';
import { MANAGE_TRUST, workspaceTrust } from '../../extension/trust.ts';
import {
  deadUnitsFinding,
  FakeSession,
  fakeSessionFactory,
  makeWorkspace,
  startEvent,
  windowEvent,
  writeRecordedRun,
} from './extension-fixtures.ts';
import { Uri } from 'vscode';
import { settle, stub, StubDocument, StubLog } from './vscode-stub.ts';

function controller(settings: Partial<Settings> = {}) {
  const display = new RunDisplay();
  const log = new StubLog('ActLens');
  let panelShown = 0;
  const created: FakeSession[] = [];
  const runs = new RunController({
    extensionPath: '/ext/actlens',
    display,
    log,
    trust: workspaceTrust,
    settings: () => ({ settings: { ...DEFAULT_SETTINGS, ...settings }, problems: [] }),
    createSession: (request, listeners) => {
      const session = fakeSessionFactory(request, listeners);
      created.push(session);
      return session;
    },
    showPanel: () => panelShown++,
  });
  return { runs, display, log, created, panelShown: () => panelShown };
}

describe('running from the editor', () => {
  beforeEach(() => stub.reset());

  it('refuses to run in an untrusted workspace, says why, offers the trust settings, and starts nothing', async () => {
    stub.isTrusted = false;
    stub.answer = (message) => (message.items.includes(MANAGE_TRUST) ? MANAGE_TRUST : undefined);
    const { script } = makeWorkspace();
    const { runs, created } = controller();
    assert.equal(await runs.run(Uri.file(script)), undefined);
    assert.equal(await runs.rerunTarget({ script }), undefined);
    await settle();
    assert.equal(created.length, 0, 'no training process');
    assert.equal(stub.messages.length, 2);
    assert.equal(stub.messages[0]!.severity, 'warning');
    assert.match(
      stub.messages[0]!.message,
      /cannot run a training script in an untrusted workspace: that would execute the workspace's code/,
    );
    assert.match(stub.messages[0]!.message, /Static checks still work/);
    assert.deepEqual(stub.messages[0]!.items, [MANAGE_TRUST]);
    assert.ok(stub.executed.some((call) => call.command === 'workbench.trust.manage'));
  });

  it("starts a session in a child process with the settings, the runner in dist/, and VS Code's binary as Node", async () => {
    const { folder, script } = makeWorkspace();
    stub.workspaceFolders = [folder];
    const dirty = new StubDocument(script, 'edited');
    dirty.isDirty = true;
    stub.documents.push(dirty);
    const { runs, created, panelShown } = controller({
      backend: 'wasm',
      every: 5,
      maxSteps: 100,
      seed: 3,
      thresholds: { deadUnitsWarnFraction: 0.2 },
    });
    const run = await runs.run(Uri.file(script));
    assert.ok(run);
    assert.equal(dirty.saved, 1, 'unsaved edits are saved first: the runner reads the file from disk');
    assert.deepEqual(created[0]!.request, {
      script,
      args: [],
      cwd: undefined,
      workspaceRoot: folder,
      backend: 'wasm',
      gpu: null,
      overheadBudget: 0.01,
      seed: 3,
      every: 5,
      maxSteps: 100,
      thresholds: { deadUnitsWarnFraction: 0.2 },
      nodePath: process.execPath,
      env: { ELECTRON_RUN_AS_NODE: '1' },
      runnerPath: path.join('/ext/actlens', 'dist', 'runner.js'),
    });
    assert.equal(panelShown(), 1);
    assert.ok(
      stub.executed.some(
        (call) => call.command === 'setContext' && call.args[0] === CONTEXT_RUNNING && call.args[1] === true,
      ),
    );
    created[0]!.end();
    await settle();
    assert.ok(
      stub.executed.some(
        (call) => call.command === 'setContext' && call.args[0] === CONTEXT_RUNNING && call.args[1] === false,
      ),
    );
    assert.equal(runs.running, undefined);
  });

  it("logs the script's output line by line and the run's notes and outcome", async () => {
    const { script } = makeWorkspace();
    const { runs, log, created } = controller({ openPanelOnRun: false });
    await runs.run(Uri.file(script));
    const session = created[0]!;
    session.emit(startEvent(script));
    session.emit({ type: 'note', level: 'warning', message: 'Falling back to wasm.' });
    session.output('stdout', 'epoch 1 loss 0.');
    session.output('stdout', '5\nepoch 2');
    session.output('stderr', 'a warning\n');
    session.end();
    await settle();
    const lines = log.lines.map((line) => `${line.level}: ${line.message}`);
    assert.ok(lines.includes('info: [script] epoch 1 loss 0.5'), lines.join('\n'));
    assert.ok(lines.includes('info: [script] epoch 2'), 'the last line without a newline is flushed at the end');
    assert.ok(lines.includes('warn: [script] a warning'));
    assert.ok(lines.includes('warn: Falling back to wasm.'));
    assert.ok(
      lines.some((line) => /^info: Run run-\d+: The script finished without building a tfjs model/.test(line)),
      lines.join('\n'),
    );
  });

  it('shows progress with Cancel, which stops the run', async () => {
    const { script } = makeWorkspace();
    const { runs, created } = controller();
    const run = await runs.run(Uri.file(script));
    const session = created[0]!;
    session.findingsNow = [deadUnitsFinding(script)];
    session.emit(startEvent(script));
    session.emit(windowEvent(40));
    await settle(300);
    const progress = stub.progress[0]!;
    assert.equal(progress.title, 'ActLens: train.js');
    assert.equal(progress.messages.at(-1), 'step 40 · 1 problem');
    progress.cancel();
    await settle();
    assert.equal(session.stopped, 1);
    assert.equal(run!.live, false);
    assert.equal(run!.status().status, 'stopped');
  });

  it('a run without a host of its own (one the extension host owns) is stopped when the window goes, and reads as stopped', async () => {
    const { script } = makeWorkspace();
    const { runs, created } = controller();
    const run = await runs.run(Uri.file(script));
    created[0]!.emit(startEvent(script));
    created[0]!.emit(windowEvent(20));
    await runs.shutdown();
    assert.equal(created[0]!.stopped, 1, 'no training process is left without an owner');
    assert.equal(run!.status().status, 'stopped');
  });

  it('asks before replacing a run in progress, and re-runs the last script', async () => {
    const { script } = makeWorkspace();
    const { runs, created } = controller();
    await runs.run(Uri.file(script));
    stub.answer = () => undefined;
    assert.equal(await runs.rerun(), undefined, 'dismissed: the run goes on');
    assert.equal(created.length, 1);
    assert.equal(created[0]!.stopped, 0);
    stub.answer = (message) => (message.items.includes('Stop and Run') ? 'Stop and Run' : undefined);
    const second = await runs.rerun();
    assert.ok(second);
    assert.equal(created[0]!.stopped, 1);
    assert.equal(created[1]!.request.script, script);
    assert.equal(runs.running, second);
  });

  it('stops from the panel only the run that is running, and says why not for any other', async () => {
    const { script } = makeWorkspace();
    const { runs, created } = controller();
    const run = await runs.run(Uri.file(script));
    assert.equal(await runs.stopIfRunning('run-elsewhere'), 'That run is not running.');
    assert.equal(created[0]!.stopped, 0);
    assert.equal(await runs.stopIfRunning(run!.id), undefined);
    assert.equal(created[0]!.stopped, 1);
    assert.equal(await runs.stopIfRunning(run!.id), 'That run is not running.', 'it has ended');
  });

  it('re-runs from the panel the run it shows, live or recorded, and says why not when it cannot', async () => {
    const { folder, script } = makeWorkspace();
    const { runs, display, created } = controller();
    const first = await runs.run(Uri.file(script));
    created[0]!.end();
    await settle();
    assert.equal(await runs.rerunShown('run-elsewhere'), 'That run is no longer the one shown.');
    assert.equal(await runs.rerunShown(first!.id), undefined);
    assert.equal(created[1]!.request.script, script);
    assert.equal(
      await runs.rerunShown(first!.id),
      'That run is no longer the one shown.',
      'the new run took its place',
    );
    created[1]!.end();
    await settle();

    const recordedDir = writeRecordedRun(folder, 'recorded-1', [
      { ...(startEvent(script) as StartEvent), args: ['--lr', '0.5'], cwd: folder },
      { type: 'end', reason: 'completed', steps: 0, elapsedMs: 1 },
    ]);
    const recorded = loadRecordedRun(recordedDir, {});
    assert.ok(!('error' in recorded));
    display.show(recorded);
    assert.equal(await runs.rerunShown('recorded-1'), undefined);
    assert.deepEqual(
      [created[2]!.request.script, created[2]!.request.args, created[2]!.request.cwd],
      [script, ['--lr', '0.5'], folder],
      'what its start event says it ran',
    );
    created[2]!.end();
    await settle();

    display.show({ id: 'unstarted', state: new RunState() } as unknown as RunView);
    assert.equal(await runs.rerunShown('unstarted'), 'The run does not say which script it ran.');
    stub.isTrusted = false;
    stub.answer = () => undefined;
    display.show(recorded);
    assert.equal(await runs.rerunShown('recorded-1'), 'No new run was started.');
    assert.equal(created.length, 3);
  });

  it('says so when the script cannot be run at all', async () => {
    const { runs } = controller();
    const failing = new RunController({
      extensionPath: '/ext',
      display: new RunDisplay(),
      log: new StubLog('x'),
      trust: workspaceTrust,
      settings: () => ({ settings: DEFAULT_SETTINGS, problems: [] }),
      createSession: () => {
        throw new Error('/w/x.py: unsupported file type');
      },
      showPanel: () => undefined,
    });
    assert.equal(await failing.run(Uri.file('/w/x.py')), undefined);
    assert.deepEqual(stub.messages.at(-1), {
      severity: 'error',
      message: 'ActLens: /w/x.py: unsupported file type',
      items: [],
    });
    assert.equal(await runs.stop(), false);
  });

  it('words progress for a run that has not started training yet', () => {
    const display = {
      state: { start: null, steps: 0 },
      findings: () => [],
      status: () => ({ status: 'running' as const, message: 'Starting the training script…' }),
    };
    assert.equal(progressMessage(display as never), 'Starting the training script…');
  });
});
