/**
 * Load: what a long run costs the host. Synthetic events for 50 ReLU layers of 64 units (2 weights each)
 * go through everything the extension host and the CLI keep per run — the event log writer, RunState, the
 * Analyzer and the panel's bounded event list — and the heap is measured after 10,000 and 100,000 steps.
 * Flat memory means bounded state.
 */
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Analyzer } from '../src/analysis/index.ts';
import type { LayerEvent, RunnerEvent, WindowEvent } from '../src/core/events.ts';
import { RunLogWriter } from '../src/session/run-log-writer.ts';
import { RunState } from '../src/core/run-state.ts';
import { ThinnedEvents } from '../src/session/thinned-events.ts';

const LAYERS = 50;
const UNITS = 64;
const EVERY = 20;

function layerEvents(): RunnerEvent[] {
  const layers: LayerEvent[] = Array.from({ length: LAYERS }, (_, index) => ({
    type: 'layer',
    name: `dense_Dense${index + 1}`,
    className: 'Dense',
    activation: 'relu',
    units: UNITS,
    outputShape: [null, UNITS],
    params: UNITS * UNITS + UNITS,
    weights: ['kernel', 'bias'].map((name) => ({
      name,
      variable: `dense_Dense${index + 1}/${name}`,
      shape: name === 'kernel' ? [UNITS, UNITS] : [UNITS],
      size: name === 'kernel' ? UNITS * UNITS : UNITS,
      trainable: true,
    })),
    config: { kernelInitializer: 'heNormal' },
    source: { file: '/bench/train.js', line: 10 + index, column: 3 },
  }));
  return [
    ...layers,
    {
      type: 'model',
      name: 'sequential_1',
      className: 'Sequential',
      layers: layers.map((layer) => layer.name),
      source: null,
    },
  ];
}

/** A healthy window with a little noise, so the detectors do real work. */
function windowEvent(fromStep: number): WindowEvent {
  const steps = EVERY;
  const noise = () => 1 + (Math.random() - 0.5) * 0.1;
  return {
    type: 'window',
    fromStep,
    toStep: fromStep + steps - 1,
    loss: Array.from({ length: steps }, () => 0.5 * noise()),
    gradients: Array.from({ length: LAYERS }, (_, index) =>
      ['kernel', 'bias'].map((weight) => ({
        layer: `dense_Dense${index + 1}`,
        weight,
        size: weight === 'kernel' ? UNITS * UNITS : UNITS,
        norm: Array.from({ length: steps }, () => Number((0.1 * noise()).toPrecision(7))),
      })),
    ).flat(),
    activations: Array.from({ length: LAYERS }, (_, index) => ({
      layer: `dense_Dense${index + 1}`,
      units: UNITS,
      samples: 256,
      sampledSteps: 8,
      everActive: Array.from({ length: UNITS }, () => 1),
      mean: 0.4 * noise(),
      variance: 0.3 * noise(),
      saturated: null,
    })),
    nonFinite: [],
    elapsedMs: fromStep * 5,
  };
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

export interface LoadResult {
  heapAt10kMb: number;
  heapAt100kMb: number;
  /** What the events cost as they arrive (the log before thinning). */
  eventBytesPerStep: number;
  /** The log's size after 100k steps: bounded (RunLogWriter), so it does not grow with the steps. */
  logBytes: number;
}

export async function measureLoad(): Promise<LoadResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'actlens-load-'));
  const log = new RunLogWriter(dir);
  const state = new RunState();
  const analyzer = new Analyzer();
  const shown = new ThinnedEvents();
  let eventBytes = 0;
  const feed = (event: RunnerEvent) => {
    eventBytes += JSON.stringify(event).length + 1;
    log.append(event);
    state.apply(event);
    analyzer.push(event);
    shown.push(event);
  };
  layerEvents().forEach(feed);
  let heapAt10kMb = 0;
  for (let fromStep = 1; fromStep <= 100_000; fromStep += EVERY) {
    feed(windowEvent(fromStep));
    if (fromStep % 2000 === 1) analyzer.findings();
    if (fromStep + EVERY - 1 === 10_000) heapAt10kMb = heapMb();
  }
  const heapAt100kMb = heapMb();
  await log.close();
  if (analyzer.findings().some((finding) => finding.severity !== 'info'))
    throw new Error('the healthy synthetic run produced findings');
  return { heapAt10kMb, heapAt100kMb, eventBytesPerStep: eventBytes / 100_000, logBytes: statSync(log.file).size };
}
