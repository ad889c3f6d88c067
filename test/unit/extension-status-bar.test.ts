import './vscode-stub.ts';
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { LiveRun } from '../../extension/run-controller.ts';
import { RunDisplay } from '../../extension/run-view.ts';
import { RunStatusBar, statusBarContent } from '../../extension/status-bar.ts';
import { deadUnitsFinding, FakeSession, nonFiniteFinding, startEvent, windowEvent } from './extension-fixtures.ts';
import { settle, stub } from './vscode-stub.ts';

function liveRun(): { run: LiveRun; session: FakeSession } {
  const session = new FakeSession({ script: '/w/train.js' }, {});
  const run = new LiveRun(session, { script: '/w/train.js' });
  return { run, session };
}

describe('status bar', () => {
  beforeEach(() => stub.reset());

  it('shows a spinner while starting, then backend, step and findings by severity', () => {
    const { run, session } = liveRun();
    assert.equal(statusBarContent(run).text, '$(loading~spin) ActLens: starting…');
    session.emit(startEvent('/w/train.js', 'cpu'));
    session.emit(windowEvent(120));
    session.findingsNow = [
      deadUnitsFinding('/w/train.js'),
      nonFiniteFinding(),
      { ...nonFiniteFinding(), severity: 'info' },
    ];
    const content = statusBarContent(run);
    assert.equal(content.text, '$(loading~spin) ActLens cpu · step 120 · $(error) 1 $(warning) 1 $(info) 1');
    assert.match(content.tooltip, /train\.js\nTraining on cpu: step 120\./);
  });

  it('drops the spinner when the run ends and keeps the counts', () => {
    const { run, session } = liveRun();
    session.emit(startEvent('/w/train.js'));
    session.emit(windowEvent(20));
    session.end();
    run.outcome = {
      runId: session.runId,
      runDir: session.runDir,
      terminal: session.state.terminal!,
      findings: [deadUnitsFinding('/w/train.js')],
      state: session.state,
      invalidEvents: 0,
      thresholds: session.thresholds,
    };
    assert.equal(statusBarContent(run).text, '$(pulse) ActLens wasm · 20 steps · $(error) 1 $(warning) 0 $(info) 0');
    assert.match(statusBarContent(run).tooltip, /Finished after 20 steps\./);
  });

  it('is hidden until a run is shown, then opens the panel on click and follows the run (throttled)', async () => {
    const display = new RunDisplay();
    const bar = new RunStatusBar(display);
    const item = stub.statusBarItems[0]!;
    assert.equal(item.visible, false);
    assert.equal(item.command, 'actlens.showPanel');
    const { run, session } = liveRun();
    display.show(run);
    assert.equal(item.visible, true);
    session.emit(startEvent('/w/train.js'));
    session.emit(windowEvent(20));
    display.update(run);
    await settle(300);
    assert.match(item.text, /step 20/);
    bar.dispose();
    display.dispose();
  });
});
