/**
 * One status for every host: for each way a run can end, the CLI's exit code and summary, the JSON report,
 * the HTML report's panel (the webview's run model folding the log), and VS Code (a recorded run and a live
 * run's status bar) must agree — they all read src/core/run-status.ts.
 */
import './vscode-stub.ts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LiveRun } from '../../extension/run-controller.ts';
import { RecordedRun } from '../../extension/recorded-runs.ts';
import { statusBarContent } from '../../extension/status-bar.ts';
import type { RunnerEvent } from '../../src/core/events.ts';
import type { Finding } from '../../src/core/findings.ts';
import { RunState } from '../../src/core/run-state.ts';
import { exitCode, runStatus, type RunStatusKind } from '../../src/core/run-status.ts';
import { DEFAULT_THRESHOLDS } from '../../src/core/thresholds.ts';
import { buildJsonReport } from '../../src/report/json-report.ts';
import { RunModel } from '../../webview/run-model.ts';
import { deadUnitsFinding, FakeSession, startEvent, windowEvent } from './extension-fixtures.ts';

const SCRIPT = '/w/train.js';

interface Case {
  name: string;
  terminal: RunnerEvent;
  findings: Finding[];
  status: RunStatusKind;
  exit: number;
  json: string;
  message: RegExp;
}

const steps = 40;
const CASES: Case[] = [
  {
    name: 'clean',
    terminal: { type: 'end', reason: 'completed', steps, elapsedMs: 1 },
    findings: [],
    status: 'finished',
    exit: 0,
    json: 'completed',
    message: /^Finished after 40 steps\.$/,
  },
  {
    name: 'problems',
    terminal: { type: 'end', reason: 'completed', steps, elapsedMs: 1 },
    findings: [deadUnitsFinding(SCRIPT)],
    status: 'finished',
    exit: 1,
    json: 'completed',
    message: /^Finished after 40 steps\.$/,
  },
  {
    name: 'the script threw',
    terminal: { type: 'error', phase: 'script', message: 'boom', stack: null, location: null, steps },
    findings: [],
    status: 'failed',
    exit: 3,
    json: 'failed',
    message: /failed after 40 steps: boom/,
  },
  {
    name: 'process.exit(1)',
    terminal: { type: 'end', reason: 'exit', exitCode: 1, steps, elapsedMs: 1 },
    findings: [],
    status: 'failed',
    exit: 3,
    json: 'failed',
    message: /process\.exit\(1\).*signalling failure/,
  },
  {
    name: 'process.exit(0)',
    terminal: { type: 'end', reason: 'exit', exitCode: 0, steps, elapsedMs: 1 },
    findings: [],
    status: 'finished',
    exit: 0,
    json: 'exit',
    message: /process\.exit\(0\) after 40 steps\.$/,
  },
  {
    name: 'killed',
    terminal: {
      type: 'error',
      phase: 'crash',
      message: 'The training process was killed by SIGKILL (possibly out of memory).',
      stack: null,
      location: null,
      steps,
    },
    findings: [],
    status: 'failed',
    exit: 3,
    json: 'failed',
    message: /killed by SIGKILL/,
  },
  {
    name: 'stopped',
    terminal: { type: 'end', reason: 'stopped', steps, elapsedMs: 1 },
    findings: [],
    status: 'stopped',
    exit: 0,
    json: 'stopped',
    message: /^Stopped by request after 40 steps\.$/,
  },
  {
    name: 'max steps',
    terminal: { type: 'end', reason: 'max-steps', steps, elapsedMs: 1 },
    findings: [deadUnitsFinding(SCRIPT)],
    status: 'finished',
    exit: 1,
    json: 'max-steps',
    message: /--max-steps/,
  },
];

function eventsOf(terminal: RunnerEvent): RunnerEvent[] {
  return [startEvent(SCRIPT), windowEvent(20), windowEvent(40), terminal];
}

describe('every host shows the one status of a run', () => {
  for (const example of CASES) {
    it(example.name, () => {
      const events = eventsOf(example.terminal);
      const state = new RunState();
      for (const event of events) state.apply(event);
      const terminal = state.terminal!;

      const core = runStatus(state, false);
      assert.equal(core.status, example.status);
      assert.match(core.message, example.message);
      assert.equal(exitCode(terminal, example.findings), example.exit, 'the CLI exit code');

      const json = buildJsonReport(
        {
          runId: 'r',
          runDir: '/w/.actlens/runs/r',
          terminal,
          findings: example.findings,
          state,
          invalidEvents: 0,
          thresholds: DEFAULT_THRESHOLDS,
        },
        SCRIPT,
      );
      assert.equal(json.outcome.status, example.json, 'the JSON report');
      assert.equal(json.outcome.exitCode, example.exit, 'the JSON report names the exit code');
      assert.equal(json.outcome.message, core.message);

      const panel = new RunModel('report', 'train.js');
      panel.applyAll(events);
      assert.deepEqual(panel.state, core, 'the HTML report and the panel');

      const recorded = new RecordedRun('r', '/w/.actlens/runs/r', events, example.findings, [], DEFAULT_THRESHOLDS);
      assert.deepEqual(recorded.status(), core, 'a recorded run in VS Code');

      const session = new FakeSession({ script: SCRIPT }, {});
      for (const event of events) session.emit(event);
      const live = new LiveRun(session, { script: SCRIPT });
      live.outcome = {
        runId: session.runId,
        runDir: session.runDir,
        terminal,
        findings: example.findings,
        state: session.state,
        invalidEvents: 0,
        thresholds: DEFAULT_THRESHOLDS,
      };
      assert.deepEqual(live.status(), core, 'a live run once it ended');
      assert.ok(statusBarContent(live).tooltip.includes(core.message), 'the status bar');
    });
  }
});
