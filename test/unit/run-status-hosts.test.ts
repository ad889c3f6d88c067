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
import { exitCode, runStatus, verdict, type RunStatusKind } from '../../src/core/run-status.ts';
import { DEFAULT_THRESHOLDS } from '../../src/core/default-thresholds.ts';
import { buildJsonReport } from '../../src/report/json-report.ts';
import { RunModel } from '../../webview/run-model.ts';
import { deadUnitsFinding, FakeSession, startEvent, windowEvent } from './extension-fixtures.ts';

const SCRIPT = '/w/train.js';

interface Case {
  name: string;
  terminal: RunnerEvent;
  /** What came before the terminal record; by default a start and two full windows (40 steps). */
  before?: RunnerEvent[];
  findings: Finding[];
  status: RunStatusKind;
  exit: number;
  json: string;
  message: RegExp;
  /** What the CLI adds about the findings, for runs that did not fail. */
  verdict?: RegExp;
  /** Whether the analysis saw a full window (the JSON report's outcome.diagnosed); true by default. */
  diagnosed?: boolean;
}

const progress = (steps: number): RunnerEvent => ({ type: 'progress', steps, elapsedMs: steps * 100 });

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
    verdict: /^No problems found\.$/,
  },
  {
    name: 'problems',
    terminal: { type: 'end', reason: 'completed', steps, elapsedMs: 1 },
    findings: [deadUnitsFinding(SCRIPT)],
    status: 'finished',
    exit: 1,
    json: 'completed',
    message: /^Finished after 40 steps\.$/,
    verdict: /^1 finding at warning or above\.$/,
  },
  {
    name: 'too little training to diagnose',
    before: [
      startEvent(SCRIPT),
      progress(1),
      {
        type: 'window',
        fromStep: 1,
        toStep: 13,
        loss: [1],
        gradients: [],
        activations: [],
        nonFinite: [],
        elapsedMs: 1300,
      },
    ],
    terminal: { type: 'end', reason: 'completed', steps: 13, elapsedMs: 1 },
    findings: [],
    status: 'finished',
    exit: 0,
    json: 'completed',
    message: /^Finished after 13 steps\.$/,
    verdict:
      /^Too little training to diagnose: only 13 steps ran, and the detectors need at least one full window of 20/,
    diagnosed: false,
  },
  {
    name: 'a synchronous loop stopped by the session before its first window: the steps of its last progress record',
    before: [startEvent(SCRIPT), progress(1), progress(9)],
    terminal: { type: 'end', reason: 'stopped', steps: 9, elapsedMs: 900 },
    findings: [],
    status: 'stopped',
    exit: 0,
    json: 'stopped',
    message: /^Stopped by request after 9 steps\.$/,
    verdict: /^Too little training to diagnose: only 9 steps ran/,
    diagnosed: false,
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
    message: /^The script called process\.exit\(1\) after 40 steps, signalling failure\.$/,
  },
  {
    name: 'process.exit(2) before training (arguments rejected), with its last line on stderr',
    before: [startEvent(SCRIPT)],
    terminal: {
      type: 'end',
      reason: 'exit',
      exitCode: 2,
      steps: 0,
      elapsedMs: 1,
      lastStderrLine: 'train.js: error: unrecognized arguments: --lr',
    },
    findings: [],
    status: 'failed',
    exit: 3,
    json: 'failed',
    message:
      /^The script called process\.exit\(2\) before its first training step, signalling failure\. Its last error output: train\.js: error: unrecognized arguments: --lr$/,
    diagnosed: false,
  },
  {
    name: 'process.exitCode = 1 and a normal end (the exit code seen by the session)',
    terminal: { type: 'end', reason: 'completed', exitCode: 1, steps, elapsedMs: 1 },
    findings: [],
    status: 'failed',
    exit: 3,
    json: 'failed',
    message: /^The script exited with code 1 after 40 steps, signalling failure\.$/,
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
    name: 'the process exited without an outcome, with its last line on stderr',
    terminal: {
      type: 'error',
      phase: 'crash',
      message: 'The training process exited with code 134 without reporting an outcome.',
      stack: null,
      location: null,
      steps,
      lastStderrLine: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
    },
    findings: [],
    status: 'failed',
    exit: 3,
    json: 'failed',
    message:
      /code 134 .* 40 steps were recorded; the log is intact\. Its last error output: FATAL ERROR: Reached heap limit/,
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

function eventsOf(example: Case): RunnerEvent[] {
  return [...(example.before ?? [startEvent(SCRIPT), windowEvent(20), windowEvent(40)]), example.terminal];
}

describe('every host shows the one status of a run', () => {
  for (const example of CASES) {
    it(example.name, () => {
      const events = eventsOf(example);
      const state = new RunState();
      for (const event of events) state.apply(event);
      const terminal = state.terminal!;

      const core = runStatus(state, false);
      assert.equal(core.status, example.status);
      assert.match(core.message, example.message);
      assert.equal(exitCode(terminal, example.findings), example.exit, 'the CLI exit code');
      if (example.verdict) assert.match(verdict(state, example.findings), example.verdict, 'the CLI verdict');

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
      assert.equal(json.outcome.diagnosed, example.diagnosed ?? true, 'the JSON report says whether it could diagnose');

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
