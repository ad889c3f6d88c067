/**
 * A run's summary beside its log, `.actlens/runs/<run-id>/summary.json`: what listing runs (the runs view, the
 * recorded-run picker) needs and the log cannot say cheaply. Findings are not in the log (they come from
 * analysing all of it), so the session writes their counts here when the run ends; a run of a comparison also
 * says which comparison it belongs to, from its start, so that its runs are grouped while they train.
 *
 * Like everything under `.actlens/runs`, it may come from a cloned repository: it is read only as a small
 * regular file inside the run's folder, and validated; anything else reads as "no summary".
 */
import { closeSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import type { Finding } from '../core/findings.ts';
import { openRegularFile } from './workspace-file.ts';

export const SUMMARY_FILE = 'summary.json';
/** Far more than any summary this ActLens writes. */
const MAX_SUMMARY_BYTES = 64 * 1024;

const text = z.string().max(4_096);
const count = z.number().int().nonnegative();

/** The comparison a run was trained for (Compare Activations): one id for all its runs. */
export const RunComparisonSchema = z.object({
  id: text,
  /** Where the activation is swapped, in words: "train.js:9 (dense #2)". */
  target: text,
  /** The activation this run trained with; "baseline" for the script as written. */
  activation: text,
  seed: z.number().int(),
});
export type RunComparison = z.infer<typeof RunComparisonSchema>;

export const RunSummaryRecordSchema = z.object({
  version: z.literal(1),
  comparison: RunComparisonSchema.nullable(),
  /** The run's findings by severity (training and static checks, as `actlens run` counts them); null while it runs. */
  problems: z.object({ error: count, warning: count, info: count }).nullable(),
  /** Every check had the evidence it needs (run-status.ts `diagnosed`): only then does "no findings" mean clean. */
  diagnosed: z.boolean(),
  /** Stopped because the comparison it belonged to was cancelled. */
  cancelled: z.boolean(),
});
export type RunSummaryRecord = z.infer<typeof RunSummaryRecordSchema>;
export type SeverityCounts = NonNullable<RunSummaryRecord['problems']>;

export function severityCounts(findings: readonly Finding[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

/** Writes the summary atomically (a reader sees the old one or the new one); throws when it cannot. */
export function writeRunSummary(runDir: string, summary: RunSummaryRecord): void {
  const file = path.join(runDir, SUMMARY_FILE);
  const next = `${file}.write`;
  try {
    writeFileSync(next, JSON.stringify(summary) + '\n');
    renameSync(next, file);
  } catch (error) {
    rmSync(next, { force: true });
    throw error;
  }
}

/** The run's summary, or null when it has none ActLens may read (older runs, a cut-off write, anything odd). */
export function readRunSummary(runDir: string): RunSummaryRecord | null {
  let opened;
  try {
    opened = openRegularFile(path.join(runDir, SUMMARY_FILE), runDir);
  } catch {
    return null;
  }
  try {
    if (opened.size > MAX_SUMMARY_BYTES) return null;
    const buffer = Buffer.alloc(opened.size);
    const bytes = readSync(opened.fd, buffer, 0, opened.size, 0);
    const parsed = RunSummaryRecordSchema.safeParse(JSON.parse(buffer.subarray(0, bytes).toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  } finally {
    closeSync(opened.fd);
  }
}
