/**
 * What Compare Activations proposes before it asks anything: the layer, the candidates, the seeds and the
 * metric, from the script's source and its last run, and how long that would take. Pure, so that the guided
 * flow's defaults are tested without VS Code.
 */
import * as path from 'node:path';
import type { RunnerEvent } from '../core/events.ts';
import { isReluFamily, LECTURE_ALTERNATIVE_IDS } from '../core/activations.ts';
import { METRICS, type Metric } from '../core/compare/final-metric.ts';
import type { LayerCall } from '../source/layer-calls.ts';
import type { LayerTarget } from './compare-runs.ts';

/** What the script's last run says about the next ones. */
export interface RunFacts {
  /** The metrics it logged, in METRICS order; `loss` whenever it trained at all. */
  metrics: Metric[];
  /** Training speed after the first step; null when it logged fewer than two progress records. */
  stepsPerSecond: number | null;
  /** Seconds from start to the first step: loading tfjs, building the model, reading data. */
  startSeconds: number | null;
  /** Steps it took in all: a script that ends before max-steps ends there again. */
  steps: number | null;
}

export interface PlanInputs {
  script: string;
  /** The script's layer factory calls in source order (findLayerCalls). */
  calls: readonly LayerCall[];
  /** The 1-based line of the cursor, when the script is the active editor. */
  cursorLine: number | null;
  lastRun: RunFacts | null;
  seeds: number;
  maxSteps: number;
}

export interface ComparePlan {
  target: LayerTarget;
  /** "train.js:9 (dense #2)". */
  targetLabel: string;
  /** The targeted layer's own activation when the source spells it; never a candidate. */
  baseline: string | null;
  candidates: string[];
  seeds: number;
  metric: Metric;
  /** The metrics worth offering: those the script logs. */
  metrics: Metric[];
  maxSteps: number;
}

export function runFacts(events: readonly RunnerEvent[]): RunFacts {
  const logged = new Set<string>();
  let trained = false;
  const progress: { steps: number; elapsedMs: number }[] = [];
  for (const event of events) {
    if (event.type === 'epoch') for (const key of Object.keys(event.logs)) logged.add(key.replace('accuracy', 'acc'));
    if (event.type === 'window') trained = true;
    // The end record counts too: progress is written at most once a second, so the last one may be early.
    if (event.type === 'progress' || event.type === 'end') progress.push(event);
  }
  const metrics = METRICS.filter((metric) => logged.has(metric) || (metric === 'loss' && trained));
  const first = progress[0];
  const last = progress.at(-1);
  const seconds = first && last ? (last.elapsedMs - first.elapsedMs) / 1000 : 0;
  return {
    metrics,
    stepsPerSecond: first && last && seconds > 0 ? (last.steps - first.steps) / seconds : null,
    startSeconds: first ? first.elapsedMs / 1000 : null,
    steps: last ? last.steps : null,
  };
}

/**
 * The layer at the cursor, else the first ReLU-family layer (the usual suspect), else the first layer with an
 * activation, else every ReLU-family layer; the lecture's alternatives without the layer's own activation; the validation loss when the script
 * logs one, else the loss (always there: it is what training minimises).
 */
export function defaultPlan(inputs: PlanInputs): ComparePlan {
  const { calls } = inputs;
  const call =
    (inputs.cursorLine !== null ? calls.find((candidate) => candidate.line === inputs.cursorLine) : undefined) ??
    calls.find((candidate) => isReluFamily(candidate.activation)) ??
    calls.find((candidate) => candidate.activation !== undefined);
  const metrics = inputs.lastRun && inputs.lastRun.metrics.length > 0 ? inputs.lastRun.metrics : (['loss'] as Metric[]);
  const baseline = call?.activation ?? null;
  return {
    target: call ? { line: call.line } : { allRelu: true },
    targetLabel: call
      ? callLabel(inputs.script, calls, call)
      : `all ReLU-family layers of ${path.basename(inputs.script)}`,
    baseline,
    candidates: LECTURE_ALTERNATIVE_IDS.filter((id) => id !== baseline),
    seeds: inputs.seeds,
    metric: metrics.includes('val_loss') ? 'val_loss' : metrics[0]!,
    metrics,
    maxSteps: inputs.maxSteps,
  };
}

/** "train.js:9 (dense #2)": the kind numbered among the file's layers of that kind, as the result's title has it. */
export function callLabel(script: string, calls: readonly LayerCall[], call: LayerCall): string {
  const ordinal = calls.filter((other) => other.factory === call.factory).indexOf(call) + 1;
  return `${path.basename(script)}:${call.line} (${call.factory.toLowerCase()} #${ordinal})`;
}

/** Seconds the plan would take, from the last run's speed; null without one. */
export function estimatedSeconds(
  plan: Pick<ComparePlan, 'candidates' | 'seeds' | 'maxSteps'>,
  lastRun: RunFacts | null,
  parallel: number,
): number | null {
  if (!lastRun?.stepsPerSecond) return null;
  const runs = (plan.candidates.length + 1) * plan.seeds;
  const steps = Math.min(plan.maxSteps, lastRun.steps ?? plan.maxSteps);
  const perRun = (lastRun.startSeconds ?? 0) + steps / lastRun.stepsPerSecond;
  // Runs start in waves of `parallel`; each is assumed to train as fast as the last run did alone.
  return Math.ceil(runs / Math.max(1, parallel)) * perRun;
}
