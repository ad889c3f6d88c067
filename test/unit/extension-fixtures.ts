/** Shared by the extension tests: a training script on disk, findings about it, and a fake RunSession. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { RunnerEvent } from '../../src/core/events.ts';
import type { Finding } from '../../src/core/findings.ts';
import { RunState } from '../../src/core/run-state.ts';
import type { RunOutcome, RunRequest, SessionListeners } from '../../src/session/session.ts';
import { resolveThresholds, type Thresholds } from '../../src/core/thresholds.ts';
import type { SessionLike } from '../../extension/run-controller.ts';

export const SCRIPT_TEXT = `const tf = require('@tensorflow/tfjs');

async function main() {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [16], units: 64, activation: 'relu' }));
  model.add(tf.layers.dense({
    units: 64,
    activation: 'relu',
  }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.sgd(0.6), loss: 'meanSquaredError' });
}
main();
`;

/** 1-based line and column of the `occurrence`-th `needle` in `text`. */
export function at(text: string, needle: string, occurrence = 0): { line: number; column: number } {
  let offset = -1;
  for (let seen = 0; seen <= occurrence; seen++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset === -1) throw new Error(`"${needle}" #${occurrence} is not in the text`);
  }
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

const workspaces: string[] = [];
process.on('exit', () => workspaces.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** A workspace folder in a temp dir (removed when the test process exits) with the training script in it. */
export function makeWorkspace(text = SCRIPT_TEXT, name = 'train.js'): { folder: string; script: string } {
  const folder = mkdtempSync(path.join(tmpdir(), 'actlens-ext-'));
  workspaces.push(folder);
  const script = path.join(folder, name);
  writeFileSync(script, text);
  return { folder, script };
}

/** The dead-units finding the analyzer would report for the second dense layer, with its ranked fixes. */
export function deadUnitsFinding(script: string, text = SCRIPT_TEXT): Finding {
  return {
    kind: 'dead-units',
    severity: 'error',
    layer: 'dense_Dense2',
    source: { file: script, ...at(text, 'tf.layers.dense', 1) },
    step: 80,
    message: '44 of 64 units (69%) of dense_Dense2 are dead.',
    evidence: { dead: 44, units: 64 },
    fixes: [
      {
        title: 'Swap activation to selu (with leCunNormal initialiser)',
        why: 'SELU keeps a gradient.',
        action: 'swap-activation',
        to: 'selu',
        kernelInitializer: 'leCunNormal',
      },
      {
        title: 'Set kernelInitializer to heNormal',
        why: 'He initialisation is sized for ReLU.',
        action: 'set-option',
        option: 'kernelInitializer',
        value: 'heNormal',
      },
      { title: 'Lower the learning rate', why: 'An update too large pushed the units below zero.', action: 'advice' },
    ],
    related: [
      {
        message: 'The layer before it is healthy.',
        layer: 'dense_Dense1',
        source: { file: script, ...at(text, 'tf.layers.dense', 0) },
      },
      { message: 'Somewhere unknown.', layer: null, source: null },
    ],
  };
}

/** A model-wide finding without a source (a NaN loss). */
export function nonFiniteFinding(): Finding {
  return {
    kind: 'non-finite',
    severity: 'warning',
    layer: null,
    source: null,
    step: 12,
    message: 'The loss became NaN at step 12.',
    evidence: {},
    fixes: [{ title: 'Lower the learning rate', why: 'Updates grew until they overflowed.', action: 'advice' }],
    related: [],
  };
}

export function startEvent(script: string, backend: 'wasm' | 'cpu' = 'wasm'): RunnerEvent {
  return {
    type: 'start',
    protocol: 1,
    time: Date.now(),
    script,
    cwd: path.dirname(script),
    args: [],
    backend,
    tfjs: { source: 'bundled', version: '4.22.0', entry: '/x/tf.node.js' },
    seed: 1,
    every: 20,
    maxSteps: null,
    pid: 1,
  };
}

export function windowEvent(toStep: number): RunnerEvent {
  return {
    type: 'window',
    fromStep: toStep - 19,
    toStep,
    loss: [1],
    gradients: [],
    activations: [],
    nonFinite: [],
    elapsedMs: toStep * 10,
  };
}

/** Stands for a RunSession: the test drives its events and its end. */
export class FakeSession implements SessionLike {
  static created: FakeSession[] = [];
  readonly runId: string;
  readonly runDir: string;
  readonly script: string;
  readonly state = new RunState();
  readonly thresholds: Thresholds;
  readonly done: Promise<RunOutcome>;
  findingsNow: Finding[] = [];
  stopped = 0;
  private resolveDone!: (outcome: RunOutcome) => void;

  constructor(
    readonly request: RunRequest,
    private readonly listeners: SessionListeners,
  ) {
    this.script = request.script;
    this.thresholds = resolveThresholds(request.thresholds);
    this.runId = `run-${FakeSession.created.length + 1}`;
    this.runDir = path.join(request.workspaceRoot ?? path.dirname(request.script), '.actlens', 'runs', this.runId);
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    FakeSession.created.push(this);
  }

  emit(event: RunnerEvent): void {
    this.state.apply(event);
    this.listeners.event?.(event);
  }

  output(stream: 'stdout' | 'stderr', chunk: string): void {
    this.listeners.output?.(stream, chunk);
  }

  findings(): Finding[] {
    return this.findingsNow;
  }

  end(reason: 'completed' | 'stopped' = 'completed'): void {
    this.emit({ type: 'end', reason, steps: this.state.steps, elapsedMs: 100 });
    this.resolveDone({
      runId: this.runId,
      runDir: this.runDir,
      terminal: this.state.terminal!,
      findings: this.findingsNow,
      state: this.state,
      invalidEvents: 0,
      thresholds: this.thresholds,
    });
  }

  async stop(): Promise<unknown> {
    this.stopped++;
    this.end('stopped');
    return undefined;
  }
}

export function fakeSessionFactory(request: RunRequest, listeners: SessionListeners): FakeSession {
  return new FakeSession(request, listeners);
}

/** Writes a recorded run (events.jsonl) under `folder/.actlens/runs/<runId>`. */
export function writeRecordedRun(folder: string, runId: string, events: RunnerEvent[]): string {
  const runDir = path.join(folder, '.actlens', 'runs', runId);
  mkdirSync(runDir, { recursive: true });
  writeFileSync(path.join(runDir, 'events.jsonl'), events.map((event) => JSON.stringify(event)).join('\n') + '\n');
  return runDir;
}
