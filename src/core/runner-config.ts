/**
 * What the session tells the runner it starts: passed as JSON on HANDOVER_FD after the run's record key, validated by
 * the runner before anything else happens — with zod's mini build, whose few kB load in well under a millisecond,
 * where the full zod took ~40 ms of every run's start-up (core/protocol.ts).
 */
import * as z from 'zod/mini';
import { BACKENDS } from './protocol.ts';

/** 1 %: below what diagnostics tools publish for themselves (AUTOTRAINER ~1 %, TensorBoard histograms up to 5×). */
export const DEFAULT_OVERHEAD_BUDGET = 0.01;
/** The runner writes event lines to this file descriptor; the session reads them from the matching pipe. */
export const EVENTS_FD = 3;
/**
 * The session writes this run's record key here, then its config, a line each, and closes its end; the runner
 * reads both before it does anything of the run — it may have been started before its session knew them
 * (session/runner-launch.ts) — and prefixes every event line with the key, so that lines the script writes to
 * EVENTS_FD are told apart. The key is not an environment variable: a process can read its starting environment back
 * (/proc/self/environ).
 */
export const HANDOVER_FD = 4;

export const RunnerConfigSchema = z.object({
  /** Absolute path of the user's entry file. */
  script: z.string(),
  args: z.array(z.string()),
  cwd: z.string(),
  backend: z.enum(['auto', ...BACKENDS]),
  /** On webgpu, the adapter whose name contains this (`--gpu`); null: the first hardware adapter. */
  gpu: z._default(z.nullable(z.string().check(z.minLength(1))), null),
  seed: z.int().check(z.nonnegative()),
  /** Read the backend's statistics back every `every` optimizer steps. */
  every: z.int().check(z.positive()),
  maxSteps: z.nullable(z.int().check(z.positive())),
  /** ActLens's own time the runner keeps within, as a share of the training's (0.01: 1 %); see sampling-plan.ts. */
  overheadBudget: z._default(z.number().check(z.positive()), DEFAULT_OVERHEAD_BUDGET),
  /** Plain run for baselines and benchmarks: same preparation and seeding, no instrumentation. */
  instrument: z.boolean(),
  /** Per layer (selected by name or source line), the activation to use instead of the script's own (compare). */
  activationOverrides: z._default(
    z.array(
      z.object({
        match: z.union([
          z.object({ line: z.int().check(z.positive()) }),
          z.object({ name: z.string() }),
          z.object({ allRelu: z.literal(true) }),
        ]),
        to: z.string(),
      }),
    ),
    [],
  ),
});
export type RunnerConfig = z.infer<typeof RunnerConfigSchema>;
