/**
 * Runs that outlive the window (#13), from the editor's side: a reload lets go of the run instead of stopping
 * it, the next window follows it again from its folder (panel, markers and progress come back), "Attach to
 * Run…" follows a run written elsewhere, and Stop says what happened when it cannot or need not stop anything.
 */
import './vscode-stub.ts';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { attachToRun } from '../../extension/attach-run.ts';
import { RunController, type SessionLike } from '../../extension/run-controller.ts';
import { RunDisplay } from '../../extension/run-view.ts';
import { DEFAULT_SETTINGS } from '../../extension/settings.ts';
import { workspaceTrust } from '../../extension/trust.ts';
import type { RunnerEvent } from '../../src/core/events.ts';
import { FakeSession, makeWorkspace, startEvent, windowEvent, writeRecordedRun } from './extension-fixtures.ts';
import { Uri } from 'vscode';
import { settle, stub, StubLog } from './vscode-stub.ts';

function controller(createSession?: (session: FakeSession) => SessionLike) {
  const display = new RunDisplay();
  const log = new StubLog('ActLens');
  const runs = new RunController({
    extensionPath: '/ext/actlens',
    display,
    log,
    trust: workspaceTrust,
    settings: () => ({ settings: DEFAULT_SETTINGS, problems: [] }),
    createSession: (request, listeners) => {
      const session = new FakeSession(request, listeners);
      return createSession ? createSession(session) : session;
    },
    showPanel: () => undefined,
  });
  return { runs, display, log };
}

/** A process standing in for a run's owner (a run host, a terminal's `actlens run`). */
const owners: ChildProcess[] = [];
function ownerProcess(): number {
  // Named as an ActLens process is (its command line says actlens): Stop signals only those.
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', 'actlens-owner'], { stdio: 'ignore' });
  owners.push(child);
  return child.pid!;
}

/** A run folder being written: its first records and an owner record. */
function writtenRun(folder: string, script: string, owner: { pid: number; host?: string; from?: string }): string {
  const runDir = writeRecordedRun(folder, '20261201-120000-train-abcd', [startEvent(script), windowEvent(20)]);
  const record = { version: 1, host: hostname(), started: new Date().toISOString(), from: 'editor', ...owner };
  writeFileSync(path.join(runDir, 'owner.json'), JSON.stringify(record));
  return runDir;
}

function append(runDir: string, event: RunnerEvent): void {
  appendFileSync(path.join(runDir, 'events.jsonl'), JSON.stringify(event) + '\n');
}

async function until(what: string, probe: () => boolean): Promise<void> {
  for (const end = Date.now() + 5000; Date.now() < end; await delay(20)) if (probe()) return;
  throw new Error(`timed out waiting for ${what}`);
}

describe('runs that outlive the window', () => {
  beforeEach(() => stub.reset());
  afterEach(() => owners.splice(0).forEach((child) => child.kill('SIGKILL')));

  it('a reload lets go of a run in its own host: it is not stopped', async () => {
    const { script } = makeWorkspace();
    let detached = 0;
    let fake: FakeSession | undefined;
    const { runs, log } = controller((session) => {
      fake = session;
      return Object.assign(session, { detach: () => detached++ });
    });
    await runs.run(Uri.file(script));
    fake!.emit(startEvent(script));
    await runs.shutdown();
    assert.equal(fake!.stopped, 0, 'the training goes on');
    assert.equal(detached, 1);
    assert.ok(
      log.lines.some((line) => /goes on training after this window/.test(line.message)),
      JSON.stringify(log.lines),
    );
  });

  it('the next window follows the run again from its folder, and sees it end', async () => {
    const { folder, script } = makeWorkspace();
    const runDir = writtenRun(folder, script, { pid: ownerProcess() });
    const { runs, display } = controller();
    const run = await runs.reattach([folder]);
    assert.equal(run?.runDir, runDir);
    assert.equal(display.current, run, 'the panel, markers and status bar show it');
    assert.equal(run!.live, true);
    await until('the log read', () => run!.state.steps === 20);
    assert.deepEqual(
      run!.events.map((event) => event.type),
      ['start', 'window'],
      'the panel gets the records written before it attached',
    );
    append(runDir, windowEvent(40));
    await until('the new window', () => run!.state.steps === 40);
    append(runDir, { type: 'end', reason: 'completed', steps: 40, elapsedMs: 400 });
    await run!.session.done;
    await settle();
    assert.equal(run!.live, false);
    assert.equal(run!.status().status, 'finished');
    assert.equal(runs.running, undefined);
  });

  it('a run started from a command line, or whose owner is gone, is not followed again on its own', async () => {
    const { folder, script } = makeWorkspace();
    writtenRun(folder, script, { pid: ownerProcess(), from: 'command-line' });
    const { runs } = controller();
    assert.equal(await runs.reattach([folder]), undefined, 'a terminal run is attached to only when asked');
    const other = makeWorkspace();
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => gone.on('exit', resolve));
    writtenRun(other.folder, other.script, { pid: gone.pid! });
    assert.equal(await runs.reattach([other.folder]), undefined, 'a dead owner: the run was interrupted');
  });

  it('an owner.json naming a process that is not ActLens (planted in a cloned repository) is neither followed nor signalled', async () => {
    const { folder, script } = makeWorkspace();
    const bystander = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    owners.push(bystander);
    const runDir = writtenRun(folder, script, { pid: bystander.pid! });
    const { runs } = controller();
    assert.equal(await runs.reattach([folder]), undefined, 'not followed again on its own');
    await runs.attach(runDir);
    await runs.stop();
    await settle();
    assert.equal(bystander.exitCode, null, 'the process was not signalled');
    assert.equal(bystander.signalCode, null);
    const warning = stub.messages.find((message) => message.severity === 'warning');
    assert.match(warning?.message ?? '', /not a running ActLens process on this machine/);
  });

  it('Attach to Run… lists the runs still being written and follows the one picked', async () => {
    const { folder, script } = makeWorkspace();
    const runDir = writtenRun(folder, script, { pid: ownerProcess(), from: 'command-line' });
    writeRecordedRun(folder, '20261201-110000-train-done', [
      startEvent(script),
      { type: 'end', reason: 'completed', steps: 0, elapsedMs: 1 },
    ]);
    stub.workspaceFolders = [folder];
    const { runs, display } = controller();
    let offered: string[] = [];
    stub.pick = (items) => {
      offered = (items as Array<{ label: string; detail?: string }>).map((item) => `${item.label} ${item.detail}`);
      return items[0];
    };
    await attachToRun(runs);
    assert.equal(offered.length, 2, `the live run and Browse…, not the ended run: ${offered.join(' | ')}`);
    assert.match(offered[0]!, /train\.js/);
    assert.match(offered[1]!, /Browse for a run folder/);
    assert.equal(display.current?.runDir, runDir);
    assert.equal(runs.running?.runDir, runDir);
    runs.dispose();
  });

  it('Stop on a run written by another machine lets go of it and says where to stop it', async () => {
    const { folder, script } = makeWorkspace();
    const runDir = writtenRun(folder, script, { pid: 4242, host: 'gpu-box-7', from: 'command-line' });
    const { runs } = controller();
    const run = await runs.attach(runDir);
    await runs.stop();
    await settle();
    const warning = stub.messages.find((message) => message.severity === 'warning');
    assert.match(
      warning?.message ?? '',
      /cannot stop train\.js from here: .*runs on gpu-box-7 \(pid 4242\); stop it there/,
    );
    assert.equal(run!.live, false);
    assert.match(run!.status().message, /No longer followed at step 20/);
    assert.equal(runs.running, undefined);
  });

  it('a Stop that arrives just after the run ended says so, instead of "no run is in progress"', async () => {
    const { script } = makeWorkspace();
    let fake: FakeSession | undefined;
    const { runs } = controller((session) => (fake = session));
    assert.match(runs.whyNothingToStop(), /no run is in progress/);
    await runs.run(Uri.file(script));
    fake!.emit(startEvent(script));
    fake!.emit(windowEvent(20));
    fake!.end();
    await settle();
    assert.equal(await runs.stop(), false);
    assert.match(runs.whyNothingToStop(), /the run of train\.js had already ended \(.*\) when Stop arrived/);
  });
});
