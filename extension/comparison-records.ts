/**
 * What Compare Activations reads from and writes to `.actlens/`: the facts of the script's last run (the
 * metrics it logs, its speed) for the proposal, and each comparison kept beside the runs it grouped, as
 * `.actlens/comparisons/<id>.json` (the --json shape; `runs[].runId` names each run in `.actlens/runs`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { runFacts, type RunFacts } from '../src/compare/compare-plan.ts';
import type { CompareResult } from '../src/core/compare/comparison-schema.ts';
import { newRunId, readRunLog } from '../src/session/run-log.ts';
import { findRunDir, listRecordedRuns } from './recorded-runs.ts';

/** The newest recorded run of `script` that trained, or null when there is none. */
export function lastRunFacts(folders: readonly string[], script: string): RunFacts | null {
  for (const run of listRecordedRuns(folders)) {
    if (run.script !== script) continue;
    const facts = runFacts(readRunLog(run.runDir).events);
    if (facts.metrics.length > 0) return facts;
  }
  return null;
}

/** Writes the comparison next to its runs; says why not when it cannot. */
export function keepComparison(
  folders: readonly string[],
  result: CompareResult,
): { file: string } | { error: string } {
  const firstRun = result.runs[0];
  const runDir = firstRun ? findRunDir(folders, firstRun.runId) : undefined;
  if (!runDir) return { error: 'its runs are not in a workspace folder’s .actlens/runs.' };
  // .actlens/runs/<id> → .actlens/comparisons/
  const folder = path.join(path.dirname(path.dirname(runDir)), 'comparisons');
  const file = path.join(folder, `${newRunId(result.script)}.json`);
  try {
    mkdirSync(folder, { recursive: true });
    writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
    return { file };
  } catch (error) {
    return { error: (error as Error).message };
  }
}
