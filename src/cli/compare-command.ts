/** `actlens compare`: does swapping the activation make a significant difference, over several seeds? */
import { writeFileSync } from 'node:fs';
import { COMPARABLE_ACTIVATION_IDS } from '../core/activations.ts';
import { compareActivations, CompareCancelled, type LayerTarget } from '../compare/compare-runs.ts';
import { METRICS, type Metric } from '../core/compare/final-metric.ts';
import { comparisonTable } from '../core/compare/comparison-table.ts';
import type { BackendChoice } from '../core/events.ts';
import { renderCompareReport } from '../report/html-report.ts';
import { loadWebviewAssets } from '../report/webview-assets.ts';
import { resolveScript, UsageError } from '../session/script-path.ts';
import { dim } from './terminal-output.ts';
import { EXIT } from '../core/run-status.ts';

export interface CompareCommandOptions {
  layer: string;
  candidates: string;
  seeds: number;
  maxSteps?: number;
  metric: string;
  json?: string;
  report?: string;
  backend: BackendChoice;
  parallel?: number;
  runsRoot?: string;
}

export async function compareCommand(script: string, options: CompareCommandOptions): Promise<number> {
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
  if (options.seeds < 2)
    throw new UsageError('--seeds must be at least 2 for a significance test (5 or more is better).');
  const controller = new AbortController();
  const cancel = () => controller.abort();
  process.once('SIGINT', cancel);
  try {
    const result = await compareActivations(
      {
        script: file,
        target: parseTarget(options.layer),
        candidates,
        seeds: options.seeds,
        maxSteps: options.maxSteps ?? null,
        metric: options.metric as Metric,
        run: { backend: options.backend, workspaceRoot: options.runsRoot },
        parallel: options.parallel,
      },
      ({ done, total, last }) =>
        process.stderr.write(
          dim(`[${done}/${total}] ${last.activation} seed ${last.seed}: ${last.value ?? `failed — ${last.failure}`}\n`),
        ),
      controller.signal,
    );
    process.stdout.write(`\n${comparisonTable(result)}\n`);
    if (options.json) writeFileSync(options.json, JSON.stringify(result, null, 2) + '\n');
    // dist/cli.js sits beside the panel's bundle, which the report inlines.
    if (options.report) writeFileSync(options.report, renderCompareReport(result, loadWebviewAssets(__dirname)));
    const missing = result.runs.filter((run) => run.failure);
    if (missing.length > 0)
      process.stderr.write(
        `\n${missing.length} run${missing.length > 1 ? 's' : ''} gave no result; ${missing.length > 1 ? 'their' : 'its'} activation is left out of the statistics (see the table).\n`,
      );
    return result.runs.some((run) => run.scriptFailed) ? EXIT.scriptFailed : EXIT.ok;
  } catch (error) {
    if (error instanceof CompareCancelled) {
      process.stderr.write('Comparison cancelled.\n');
      return EXIT.ok;
    }
    throw error;
  } finally {
    process.off('SIGINT', cancel);
  }
}

/** `12` → the layer built on line 12; `all-relu` → every ReLU-family layer; anything else → a layer name. */
export function parseTarget(layer: string): LayerTarget {
  if (/^\d+$/.test(layer)) return { line: Number(layer) };
  if (layer === 'all-relu') return { allRelu: true };
  if (!layer.trim()) throw new UsageError('--layer needs a line number, a layer name or all-relu.');
  return { name: layer };
}
