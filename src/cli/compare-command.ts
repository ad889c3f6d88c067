/** `actlens compare`: does swapping the activation make a significant difference, over several seeds? */
import { COMPARABLE_ACTIVATION_IDS } from '../core/activations.ts';
import { compareActivations, MIN_SEEDS, type LayerTarget, type RunTraining } from '../compare/compare-runs.ts';
import type { CompareResult } from '../core/compare/comparison-schema.ts';
import { METRICS, type Metric } from '../core/compare/final-metric.ts';
import { comparisonTable } from '../core/compare/comparison-table.ts';
import { comparisonHeadline } from '../core/compare/verdict-words.ts';
import type { BackendChoice } from '../core/events.ts';
import { renderCompareReport } from '../report/html-report.ts';
import { loadWebviewAssets } from '../report/webview-assets.ts';
import { resolveScript, UsageError } from '../session/script-path.ts';
import { EXIT } from '../core/run-status.ts';
import { checkOutputPaths } from './output-paths.ts';
import { ProgressLine } from './progress-line.ts';
import { writeReports } from './report-files.ts';
import { onStopSignals } from './stop-signals.ts';
import { dim } from './terminal-output.ts';
import { printable } from './terminal-text.ts';

export interface CompareCommandOptions {
  layer: string;
  candidates: string;
  seeds: number;
  maxSteps?: number;
  metric: string;
  equivalenceMargin?: number;
  json?: string;
  report?: string;
  backend: BackendChoice;
  gpu?: string;
  parallel?: number;
  runsRoot?: string;
}

export async function compareCommand(
  script: string,
  scriptArgs: string[],
  options: CompareCommandOptions,
): Promise<number> {
  const file = resolveScript(script);
  if (!(METRICS as readonly string[]).includes(options.metric))
    throw new UsageError(`--metric must be one of ${METRICS.join(', ')}.`);
  const candidates = options.candidates
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = candidates.filter((name) => !COMPARABLE_ACTIVATION_IDS.includes(name));
  if (unknown.length > 0)
    throw new UsageError(
      `unknown activation${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; choose from ${COMPARABLE_ACTIVATION_IDS.join(', ')}.`,
    );
  if (options.seeds < MIN_SEEDS)
    throw new UsageError(`--seeds must be at least ${MIN_SEEDS} for a significance test (5 or more is better).`);
  checkOutputPaths(options);
  const progress = new ProgressLine(true);
  const training = new Map<string, RunTraining>();
  const controller = new AbortController();
  // Every runner is stopped however the comparison is ended: runners are process groups of their own, so a
  // signal that ended only the CLI would leave them training.
  onStopSignals(() => controller.abort());
  try {
    const result = await compareActivations(
      {
        script: file,
        target: parseTarget(options.layer),
        candidates,
        seeds: options.seeds,
        maxSteps: options.maxSteps ?? null,
        metric: options.metric as Metric,
        run: { backend: options.backend, gpu: options.gpu, workspaceRoot: options.runsRoot, args: scriptArgs },
        parallel: options.parallel,
        equivalenceMargin: options.equivalenceMargin ?? null,
      },
      ({ done, total, last }) => {
        training.delete(runKey(last));
        progress.print(
          process.stderr,
          dim(
            `[${done}/${total}] ${last.activation} seed ${last.seed}: ${last.value ?? `no result — ${printable(last.failure ?? '')}`}\n`,
          ),
        );
      },
      controller.signal,
      (run) => {
        training.set(runKey(run), run);
        progress.update(trainingLine([...training.values()]));
      },
    );
    progress.clear();
    process.stdout.write(printable(`\n${comparisonTable(result)}\n\n${comparisonHeadline(result)}\n`));
    const written = writeReports([
      { option: '--json', file: options.json, contents: () => JSON.stringify(result, null, 2) + '\n' },
      // The CLI's bundle sits beside the panel's, which the report inlines.
      {
        option: '--report',
        file: options.report,
        contents: () => renderCompareReport(result, loadWebviewAssets(__dirname)),
      },
    ]);
    const code = result.cancelled ? cancelled(result) : reportLeftOut(result);
    return written ? code : EXIT.ownFailure;
  } catch (error) {
    progress.clear();
    throw error;
  }
}

/** Runs shown by name in the progress line; a wide --parallel gets a count for the rest. */
const RUNS_SHOWN = 4;

/** "training: baseline seed 1 step 340, leakyReLU seed 1 step 310 (+2 more)". */
function trainingLine(runs: RunTraining[]): string {
  const shown = runs.slice(0, RUNS_SHOWN).map((run) => `${run.activation} seed ${run.seed} step ${run.steps}`);
  const more = runs.length > RUNS_SHOWN ? ` (+${runs.length - RUNS_SHOWN} more)` : '';
  return `training: ${shown.join(', ')}${more}`;
}

const runKey = (run: { activation: string; seed: number }) => `${run.activation}\u0000${run.seed}`;

/**
 * Says which runs gave no result; exits non-zero when an activation was left out of the statistics (fewer
 * than MIN_SEEDS usable seeds): 3 when runs failed as scripts, 1 when training gave no usable metric.
 */
/** A stop by request is not a failure; the table and the reports hold what finished. */
function cancelled(result: CompareResult): number {
  const finished = result.runs.filter((run) => run.failure === null).length;
  const total = (result.candidates.length + result.excluded.length) * result.seeds.length;
  process.stderr.write(
    `\nComparison cancelled; every run was stopped. ${finished} of ${total} runs had finished: the statistics use only those.\n`,
  );
  return EXIT.ok;
}

function reportLeftOut(result: CompareResult): number {
  const missing = result.runs.filter((run) => run.failure);
  if (missing.length > 0)
    process.stderr.write(
      `\n${missing.length} run${missing.length > 1 ? 's' : ''} gave no result and ${missing.length > 1 ? 'are' : 'is'} left out of the statistics:\n${missing.map((run) => `  ${run.activation} seed ${run.seed}: ${printable(run.failure ?? '')}\n`).join('')}`,
    );
  if (result.excluded.length === 0) return EXIT.ok;
  process.stderr.write(
    `\nThe comparison is incomplete: ${result.excluded.map(({ activation }) => activation).join(', ')} had fewer than ${MIN_SEEDS} seeds with a result.\n`,
  );
  return missing.some((run) => run.scriptFailed) ? EXIT.scriptFailed : EXIT.findings;
}

/** `12` → the layer built on line 12; `all-relu` → every ReLU-family layer; anything else → a layer name. */
export function parseTarget(layer: string): LayerTarget {
  if (/^\d+$/.test(layer)) return { line: Number(layer) };
  if (layer === 'all-relu') return { allRelu: true };
  if (!layer.trim()) throw new UsageError('--layer needs a line number, a layer name or all-relu.');
  return { name: layer };
}
