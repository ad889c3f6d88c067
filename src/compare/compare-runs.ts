/**
 * Runs candidates × seeds as separate seeded training processes, a few at a time, and turns their final
 * metrics into the comparison. The baseline is the script as written; each candidate swaps the activation
 * of the targeted layers at construction (see src/runner/activation-overrides.ts).
 */
import { availableParallelism } from 'node:os';
import type { RunnerEvent } from '../core/events.ts';
import type { RunnerConfig } from '../core/runner-config.ts';
import { RunSession, type RunRequest } from '../session/session.ts';
import { finalMetric, higherIsBetter, type Metric } from '../core/compare/final-metric.ts';
import { isReluFamily } from '../core/activations.ts';
import type { CandidateSummary, CompareResult, RunResult } from '../core/compare/comparison-schema.ts';
import { compareWithBaseline, summarise } from './stats.ts';

export type LayerTarget = RunnerConfig['activationOverrides'][number]['match'];

export interface CompareRequest {
  script: string;
  target: LayerTarget;
  /** Activations to try; the baseline (the script's own) is always run and need not be listed. */
  candidates: string[];
  seeds: number;
  maxSteps: number | null;
  metric: Metric;
  /** Base settings for every run (backend, workspace root, node path, …). */
  run?: Omit<RunRequest, 'script' | 'seed' | 'maxSteps' | 'activationOverrides'>;
  parallel?: number;
  alpha?: number;
}

export interface CompareProgress {
  done: number;
  total: number;
  last: RunResult;
}

export const BASELINE = 'baseline';

export class CompareCancelled extends Error {
  constructor() {
    super('The comparison was cancelled.');
  }
}

export async function compareActivations(
  request: CompareRequest,
  onProgress?: (progress: CompareProgress) => void,
  signal?: AbortSignal,
): Promise<CompareResult> {
  const seeds = Array.from({ length: request.seeds }, (_, index) => index + 1);
  const activations = [
    BASELINE,
    ...request.candidates.filter((candidate, index, all) => all.indexOf(candidate) === index),
  ];
  const jobs = activations.flatMap((activation) => seeds.map((seed) => ({ activation, seed })));
  const results: RunResult[] = [];
  const running = new Set<RunSession>();
  const abort = () => running.forEach((session) => void session.stop());
  signal?.addEventListener('abort', abort);
  let baselineActivation: string | null = null;
  try {
    let next = 0;
    const worker = async () => {
      while (next < jobs.length && !signal?.aborted) {
        const job = jobs[next++]!;
        // Only what the final metric needs: epoch logs and per-step losses.
        const metricEvents: RunnerEvent[] = [];
        const session = new RunSession(
          {
            ...request.run,
            script: request.script,
            seed: job.seed,
            maxSteps: request.maxSteps,
            activationOverrides: job.activation === BASELINE ? [] : [{ match: request.target, to: job.activation }],
          },
          {
            event: (event) =>
              void (event.type === 'epoch'
                ? metricEvents.push(event)
                : event.type === 'window'
                  ? metricEvents.push({ ...event, gradients: [], activations: [] })
                  : undefined),
          },
        );
        running.add(session);
        const outcome = await session.done;
        running.delete(session);
        if (job.activation === BASELINE) baselineActivation ??= targetedActivation(session, request.target);
        const metric =
          outcome.terminal.type === 'error'
            ? { missing: `the run failed: ${outcome.terminal.message}` }
            : finalMetric(metricEvents, request.metric);
        const result: RunResult = {
          activation: job.activation,
          seed: job.seed,
          runId: outcome.runId,
          value: 'value' in metric ? metric.value : null,
          failure: 'missing' in metric ? metric.missing : null,
          scriptFailed: outcome.terminal.type === 'error',
        };
        results.push(result);
        onProgress?.({ done: results.length, total: jobs.length, last: result });
      }
    };
    const parallel = Math.max(1, Math.min(request.parallel ?? availableParallelism(), jobs.length));
    await Promise.all(Array.from({ length: parallel }, worker));
  } finally {
    signal?.removeEventListener('abort', abort);
  }
  if (signal?.aborted) throw new CompareCancelled();
  return summariseResults(request, seeds, results, baselineActivation ?? BASELINE);
}

function summariseResults(
  request: CompareRequest,
  seeds: number[],
  runs: RunResult[],
  baselineName: string,
): CompareResult {
  const excluded: { activation: string; reason: string }[] = [];
  const summaries = new Map<string, CandidateSummary>();
  for (const activation of [BASELINE, ...request.candidates]) {
    if (summaries.has(activation)) continue;
    const own = runs.filter((run) => run.activation === activation).sort((a, b) => a.seed - b.seed);
    const failed = own.find((run) => run.value === null);
    if (failed) {
      excluded.push({
        activation: activation === BASELINE ? baselineName : activation,
        reason: `seed ${failed.seed}: ${failed.failure}`,
      });
      continue;
    }
    summaries.set(
      activation,
      summarise(
        activation === BASELINE ? baselineName : activation,
        own.map((run) => run.value!),
      ),
    );
  }
  const baseline = summaries.get(BASELINE);
  const candidates = [...summaries.entries()].filter(([key]) => key !== BASELINE).map(([, summary]) => summary);
  const comparisons =
    baseline && candidates.length > 0
      ? compareWithBaseline(baseline, candidates, {
          alpha: request.alpha,
          higherIsBetter: higherIsBetter(request.metric),
        })
      : [];
  return {
    schemaVersion: 1,
    script: request.script,
    metric: request.metric,
    baseline: baselineName,
    seeds,
    candidates: baseline ? [baseline, ...candidates] : candidates,
    comparisons,
    runs,
    excluded,
  };
}

/** The activation the targeted layer(s) had in the script as written, for naming the baseline. */
function targetedActivation(session: RunSession, target: LayerTarget): string | null {
  for (const { layer } of session.state.orderedLayers()) {
    const matches =
      'line' in target
        ? layer.source?.line === target.line && layer.source.file === session.script
        : 'name' in target
          ? layer.name === target.name
          : isReluFamily(layer.activation);
    if (matches && layer.activation) return layer.activation;
  }
  return null;
}
