/**
 * Opening a long recorded run: a synthetic log of 1,000,000 records, shaped like what a script that calls
 * `fit({ epochs: 1 })` in a loop wrote before logs were bounded (per call a one-step window of a small
 * model and an epoch record; a progress record now and then). Each way of opening it runs in a fresh
 * process, so its time and peak memory (the process's maximum resident set) are its own:
 * - the extension's `loadRecordedRun` (read, analyse every record, keep the panel's thinned list);
 * - the CLI's HTML report (read, render the page).
 * As a child: `node --import tsx bench/log-open.ts extension|report RUN_DIR` prints its measurement as JSON.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadRecordedRun } from '../extension/recorded-runs.ts';
import type { RunnerEvent } from '../src/core/events.ts';
import { DEFAULT_THRESHOLDS } from '../src/core/default-thresholds.ts';
import { renderHtmlReport } from '../src/report/html-report.ts';
import { loadWebviewAssets } from '../src/report/webview-assets.ts';
import { EVENTS_FILE, readRunLog } from '../src/session/run-log.ts';

export const RECORDS = 1_000_000;

export interface OpenMeasurement {
  ms: number;
  /** Peak resident memory of the whole process, Node and the loaded modules included. */
  peakRssMb: number;
  /** Resident memory just before opening: what the process needed without the log. */
  baseRssMb: number;
  events: number;
  notes: string[];
}

export interface LogOpenResult {
  records: number;
  logMb: number;
  extension: OpenMeasurement;
  report: OpenMeasurement;
}

function syntheticEvents(records: number): Iterable<RunnerEvent> {
  const layer = (name: string, inputs: number, units: number, activation: string): RunnerEvent => ({
    type: 'layer',
    name,
    className: 'Dense',
    activation,
    units,
    outputShape: [null, units],
    params: inputs * units + units,
    weights: [
      { name: 'kernel', variable: `${name}/kernel`, shape: [inputs, units], size: inputs * units, trainable: true },
      { name: 'bias', variable: `${name}/bias`, shape: [units], size: units, trainable: true },
    ],
    config: { kernelInitializer: 'glorotNormal', useBias: true },
    source: { file: '/bench/fit-in-a-loop.js', line: 7, column: 12 },
  });
  const noisy = (value: number) => Number((value * (1 + (Math.random() - 0.5) * 0.1)).toPrecision(7));
  return (function* () {
    yield {
      type: 'start',
      protocol: 1,
      time: Date.now(),
      script: '/bench/fit-in-a-loop.js',
      cwd: '/bench',
      args: [],
      backend: 'cpu',
      tfjs: { source: 'user', version: '4.22.0', entry: '/bench/node_modules/@tensorflow/tfjs/dist/tf.node.js' },
      seed: 1,
      every: 20,
      maxSteps: null,
      pid: 1,
    };
    yield layer('dense_Dense1', 4, 8, 'relu');
    yield layer('dense_Dense2', 8, 1, 'linear');
    yield {
      type: 'model',
      name: 'sequential_1',
      className: 'Sequential',
      layers: ['dense_Dense1', 'dense_Dense2'],
      source: null,
    };
    let written = 4;
    for (let step = 1; written < records - 1; step++) {
      yield {
        type: 'window',
        fromStep: step,
        toStep: step,
        loss: [noisy(0.13)],
        gradients: [
          { layer: 'dense_Dense1', weight: 'kernel', size: 32, norm: [noisy(0.14)] },
          { layer: 'dense_Dense1', weight: 'bias', size: 8, norm: [noisy(0.075)] },
          { layer: 'dense_Dense2', weight: 'kernel', size: 8, norm: [noisy(0.13)] },
          { layer: 'dense_Dense2', weight: 'bias', size: 1, norm: [noisy(0.0055)] },
        ],
        activations: [],
        nonFinite: [],
        elapsedMs: step * 4,
      };
      yield { type: 'epoch', epoch: step - 1, step, logs: { loss: noisy(0.13) } };
      written += 2;
      if (step % 250 === 0 && written < records - 1) {
        yield { type: 'progress', steps: step, elapsedMs: step * 4 };
        written++;
      }
    }
    yield { type: 'end', reason: 'completed', steps: records, elapsedMs: records * 2 };
  })();
}

function writeLog(runDir: string, records: number): void {
  mkdirSync(runDir, { recursive: true });
  const fd = openSync(path.join(runDir, EVENTS_FILE), 'w');
  let batch = '';
  for (const event of syntheticEvents(records)) {
    batch += JSON.stringify(event) + '\n';
    if (batch.length > 1 << 20) {
      writeSync(fd, batch);
      batch = '';
    }
  }
  writeSync(fd, batch);
  closeSync(fd);
}

function measureInChild(how: 'extension' | 'report', runDir: string): OpenMeasurement {
  const output = execFileSync(process.execPath, ['--import', 'tsx', __filename, how, runDir], { encoding: 'utf8' });
  return JSON.parse(output) as OpenMeasurement;
}

export function measureLogOpen(): LogOpenResult {
  const runDir = path.join(mkdtempSync(path.join(tmpdir(), 'actlens-long-log-')), 'run');
  writeLog(runDir, RECORDS);
  return {
    records: RECORDS,
    logMb: statSync(path.join(runDir, EVENTS_FILE)).size / 1024 / 1024,
    extension: measureInChild('extension', runDir),
    report: measureInChild('report', runDir),
  };
}

type Opened = Pick<OpenMeasurement, 'events' | 'notes'>;

function open(how: string, runDir: string): Opened {
  if (how === 'extension') {
    const loaded = loadRecordedRun(runDir, {});
    if ('error' in loaded) throw new Error(loaded.error);
    return { events: loaded.events.length, notes: [...loaded.notes] };
  }
  const assets = loadWebviewAssets(path.resolve(__dirname, '..', 'dist'));
  const log = readRunLog(runDir);
  renderHtmlReport({ events: log.events, findings: [], title: 'bench', thresholds: DEFAULT_THRESHOLDS }, assets);
  return { events: log.events.length, notes: log.notes };
}

if (require.main === module) {
  const [how, runDir] = process.argv.slice(2) as [string, string];
  const baseRssMb = process.memoryUsage().rss / 1024 / 1024;
  const started = performance.now();
  const opened = open(how, runDir);
  const ms = performance.now() - started;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ ms, peakRssMb, baseRssMb, ...opened }));
}
