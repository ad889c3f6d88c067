/**
 * The `--json` report's shape, schemaVersion 1 (the contract in docs/report-schema.md; docs/report.schema.json is
 * generated from it): what ran, on which backend, the layers with their source lines, and the findings. Extra
 * fields may be added; none removed.
 */
import { z } from 'zod';
import { BackendNameSchema, GpuAdapterSchema, SourceLocationSchema } from './events.ts';
import { FindingKindSchema, FindingSchema, SeveritySchema } from './findings.ts';

export const JsonReportSchema = z.object({
  schemaVersion: z.literal(1),
  script: z.string(),
  backend: BackendNameSchema.nullable(),
  /** The GPU adapter on the webgpu backend; null on the others. Optional: reports written before it existed lack it. */
  adapter: GpuAdapterSchema.nullable().optional(),
  /** The first steps spent compiling GPU kernels (webgpu): not counted in the training speed. */
  warmup: z.object({ steps: z.number().int().nonnegative(), ms: z.number().nonnegative() }).nullable().optional(),
  /**
   * What watching the training cost: ActLens's own time in the training process against the steps' own, summed over
   * the windows read back, and the budget the runner kept it within. null when no window was read.
   */
  overhead: z
    .object({
      share: z.number().nonnegative().nullable(),
      ownMs: z.number().nonnegative(),
      trainingMs: z.number(),
      budget: z.number().positive().nullable(),
    })
    .nullable()
    .optional(),
  /** From launching the training process to the script's first line, ms (start-up, apart from the overhead). */
  startupMs: z.number().nonnegative().nullable().optional(),
  steps: z.number().int().nonnegative(),
  seed: z.number().int().nullable(),
  runDir: z.string(),
  outcome: z.object({
    /** How training ended; `failed` also for a script that called process.exit with a non-zero code. */
    status: z.enum(['completed', 'max-steps', 'stopped', 'exit', 'failed']),
    /** What `actlens run` exits with: 0 clean, 1 findings at warning or above, 2 bad usage, 3 the script failed. */
    exitCode: z.number().int().min(0).max(3),
    message: z.string(),
    location: SourceLocationSchema.nullable(),
    /**
     * The analysis saw at least one full window (`--every` steps) of training. When false, an empty
     * `findings` means too little was seen to diagnose, not that nothing is wrong. Optional only so that
     * reports written before it existed stay valid; every report now has it.
     */
    diagnosed: z.boolean().optional(),
    /** The checks that had too little evidence to conclude, each with what it needs (see evidenceGaps). */
    evidenceGaps: z.array(z.string()).optional(),
  }),
  notes: z.array(z.string()),
  layers: z.array(
    z.object({
      name: z.string(),
      className: z.string(),
      activation: z.string().nullable(),
      units: z.number().int().nullable(),
      source: SourceLocationSchema.nullable(),
    }),
  ),
  findings: z.array(FindingSchema),
  /**
   * Findings that an `actlens-disable-line` / `actlens-disable-next-line` comment at their source line took out of
   * `findings`, the exit code and the summary. Optional only so that reports written before it existed stay valid;
   * every report now has it.
   */
  suppressed: z
    .array(
      z.object({
        kind: FindingKindSchema,
        severity: SeveritySchema,
        layer: z.string().nullable(),
        /** Where the finding (and the comment's target line) is: the layer factory call, 1-based line. */
        file: z.string(),
        line: z.number().int().positive(),
        message: z.string(),
        /** What the comment gives after ` -- `, when it gives a reason. */
        reason: z.string().optional(),
      }),
    )
    .optional(),
});
export type JsonReport = z.infer<typeof JsonReportSchema>;
