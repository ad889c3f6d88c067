/**
 * Runs candidates × seeds as separate seeded training processes, a few at a time, and turns their final
 * metrics into the comparison. The baseline is the script as written; each candidate swaps the activation
 * of the targeted layers at construction (see src/runner/activation-overrides.ts).
 */
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import type { RunnerEvent } from '../core/events.ts';
import type { RunnerConfig } from '../core/runner-config.ts';
import { RunSession, type RunRequest } from '../session/session.ts';
import { newRunId } from '../session/run-log.ts';
import { UsageError } from '../session/script-path.ts';
import { runStatus, scriptFailed } from '../core/run-status.ts';
import { finalMetric, higherIsBetter, type Metric } from '../core/compare/final-metric.ts';
import type { CandidateSummary, CompareResult, RunResult } from '../core/compare/comparison-schema.ts';
import { compareWithBaseline, summarise } from './stats.ts';
import { chanceLevel, outputTargets, targetedLayers, targetLabel } from './baseline-facts.ts';
import type { LayerEvent, ModelEvent, TargetsEvent } from '../core/events.ts';

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
  /** Margin for the equivalence test (TOST), in the metric's units; none when absent. */
  equivalenceMargin?: number | null;
  /** The target in words for the runs' summaries ("dense #2 (line 9)"); by default from `target`. */
  label?: string;
}

export interface CompareProgress {
  done: number;
  total: number;
  last: RunResult;
}

/** A run still training: how far it got (from its first step, between windows too). */
export interface RunTraining {
  activation: string;
  seed: number;
  steps: number;
}

/** The most layers a refusal lists; a 1,000-layer model gets the first few and a count. */
const LAYERS_LISTED = 12;

export const BASELINE = 'baseline';

/** Seeds an activation needs for a mean, a spread and a test. */
export const MIN_SEEDS = 2;

export async function compareActivations(
  request: CompareRequest,
  onProgress?: (progress: CompareProgress) => void,
  signal?: AbortSignal,
  onTraining?: (training: RunTraining) => void,
): Promise<CompareResult> {
  const seeds = Array.from({ length: request.seeds }, (_, index) => index + 1);
  const activations = [
    BASELINE,
    ...request.candidates.filter((candidate, index, all) => all.indexOf(candidate) === index),
  ];
  const jobs = activations.flatMap((activation) => seeds.map((seed) => ({ activation, seed })));
  const results: RunResult[] = [];
  const running = new Set<RunSession>();
  let refusal: UsageError | null = null;
  const abort = () => running.forEach((session) => void session.stop('cancel'));
  // Every run's summary names the comparison, so that listings group its runs (the runs view, the picker).
  const comparison = { id: newRunId(request.script), target: request.label ?? plainTargetLabel(request) };
  signal?.addEventListener('abort', abort);
  let baselineActivation: string | null = null;
  let baselineLayers: LayerEvent[] = [];
  let baselineTargets: TargetsEvent | null = null;
  try {
    let next = 0;
    const worker = async () => {
      while (next < jobs.length && !signal?.aborted && !refusal) {
        const job = jobs[next++]!;
        // Only what the final metric needs: epoch logs and per-step losses.
        const metricEvents: RunnerEvent[] = [];
        // What the baseline's chance level needs: which model ends in the output layer, and what it was fitted to.
        const models: ModelEvent[] = [];
        const targets: TargetsEvent[] = [];
        const session = new RunSession(
          {
            ...request.run,
            script: request.script,
            seed: job.seed,
            maxSteps: request.maxSteps,
            activationOverrides: job.activation === BASELINE ? [] : [{ match: request.target, to: job.activation }],
            comparison: { ...comparison, activation: job.activation, seed: job.seed },
          },
          {
            event: (event) => {
              if (event.type === 'epoch') metricEvents.push(event);
              if (event.type === 'model') models.push(event);
              if (event.type === 'targets') targets.push(event);
              if (event.type === 'window') metricEvents.push({ ...event, gradients: [], activations: [] });
              if (event.type === 'window' || event.type === 'progress')
                onTraining?.({ activation: job.activation, seed: job.seed, steps: session.state.steps });
            },
          },
        );
        running.add(session);
        const outcome = await session.done;
        running.delete(session);
        if (job.activation === BASELINE && baselineActivation === null && !scriptFailed(outcome.terminal)) {
          baselineLayers = session.state.orderedLayers().map(({ layer }) => layer);
          baselineTargets = outputTargets(baselineLayers, models, targets);
          baselineActivation =
            targetedLayers(baselineLayers, session.script, request.target).find((layer) => layer.activation)
              ?.activation ?? null;
          // The script as written shows which layers the target selects: none means every candidate would
          // train the baseline's model again, and "no significant difference" would be a foregone conclusion.
          if (baselineActivation === null && session.state.steps > 0) {
            refusal = matchesNothing(session, request.target);
            abort();
          }
        }
        // A failed run's loss may look fine; it is left out all the same, with how it failed. So is a run the
        // cancellation stopped: its metric is from fewer steps than the others'.
        const failed = scriptFailed(outcome.terminal);
        const metric =
          failed || outcome.terminal.type === 'error'
            ? { missing: `the run failed: ${runStatus(outcome.state, false).message}` }
            : signal?.aborted && outcome.terminal.reason === 'stopped'
              ? { missing: 'stopped when the comparison was cancelled' }
              : finalMetric(metricEvents, request.metric);
        const result: RunResult = {
          activation: job.activation,
          seed: job.seed,
          runId: outcome.runId,
          value: 'value' in metric ? metric.value : null,
          failure: 'missing' in metric ? metric.missing : null,
          scriptFailed: failed,
        };
        results.push(result);
        if (!refusal) onProgress?.({ done: results.length, total: jobs.length, last: result });
      }
    };
    const parallel = Math.max(1, Math.min(request.parallel ?? availableParallelism(), jobs.length));
    await Promise.all(Array.from({ length: parallel }, worker));
  } finally {
    signal?.removeEventListener('abort', abort);
  }
  if (refusal) throw refusal;
  const result = summariseResults(
    request,
    seeds,
    results,
    baselineActivation ?? BASELINE,
    baselineLayers,
    baselineTargets,
  );
  // Cancelled: what finished is still a result (reports are written with it), marked as such.
  return signal?.aborted ? { ...result, cancelled: true } : result;
}

function summariseResults(
  request: CompareRequest,
  seeds: number[],
  runs: RunResult[],
  baselineName: string,
  baselineLayers: LayerEvent[],
  baselineTargets: TargetsEvent | null,
): CompareResult {
  const chance = chanceLevel(baselineLayers, request.metric, baselineTargets);
  const excluded: { activation: string; reason: string }[] = [];
  const summaries = new Map<string, CandidateSummary>();
  for (const activation of [BASELINE, ...request.candidates]) {
    if (summaries.has(activation)) continue;
    const name = activation === BASELINE ? baselineName : activation;
    const own = runs.filter((run) => run.activation === activation).sort((a, b) => a.seed - b.seed);
    // A failed run is left out on its own; the activation needs two usable seeds for any statistics.
    const usable = own.filter((run) => run.value !== null);
    if (usable.length < MIN_SEEDS) {
      const failed = own.filter((run) => run.value === null);
      excluded.push({
        activation: name,
        reason: failed[0]
          ? `${failed.length} of ${own.length} seeds gave no result (seed ${failed[0].seed}: ${failed[0].failure})`
          : `${own.length} of ${seeds.length} seeds ran before the comparison was cancelled`,
      });
      continue;
    }
    summaries.set(
      activation,
      summarise(
        name,
        usable.map((run) => run.value!),
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
          chanceLevel: chance,
          equivalenceMargin: request.equivalenceMargin,
        })
      : [];
  return {
    schemaVersion: 1,
    script: request.script,
    metric: request.metric,
    target: targetLabel(baselineLayers, request.script, request.target),
    baseline: baselineName,
    chanceLevel: chance,
    equivalenceMargin: request.equivalenceMargin ?? null,
    seeds,
    candidates: baseline ? [baseline, ...candidates] : candidates,
    comparisons,
    runs,
    excluded,
  };
}

/** The target before any run has shown its layers: "train.js:9", "train.js, layer dense_Dense2", "all ReLU-family layers of train.js". */
function plainTargetLabel({ script, target }: CompareRequest): string {
  const file = path.basename(script);
  if ('allRelu' in target) return `all ReLU-family layers of ${file}`;
  return 'line' in target ? `${file}:${target.line}` : `${file}, layer ${target.name}`;
}

/** "--layer all-relu matches no layer of train.js. Its layers: dense_Dense1 (sigmoid, line 5), …" */
function matchesNothing(session: RunSession, target: LayerTarget): UsageError {
  const layers = session.state.orderedLayers().map(({ layer }) => {
    const where = layer.source
      ? layer.source.file === session.script
        ? `, line ${layer.source.line}`
        : `, ${path.basename(layer.source.file)}:${layer.source.line}`
      : '';
    return `${layer.name} (${layer.activation ?? 'no activation'}${where})`;
  });
  const option = 'line' in target ? target.line : 'name' in target ? target.name : 'all-relu';
  const what = `--layer ${option} matches no layer of ${path.basename(session.script)}, so no candidate would change anything.`;
  if (layers.length === 0)
    return new UsageError(`${what} It trains without tfjs layers (tf.layers.*), so there is no activation to swap.`);
  const more = layers.length > LAYERS_LISTED ? ` and ${layers.length - LAYERS_LISTED} more` : '';
  return new UsageError(
    `${what} Its layers: ${layers.slice(0, LAYERS_LISTED).join(', ')}${more}. Choose a layer by its line or name.`,
  );
}
