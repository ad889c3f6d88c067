/**
 * The events the runner (inside the training process) sends to the session, one JSON object per line.
 * The same records, in the same order, are what `.actlens/runs/<run-id>/events.jsonl` holds.
 *
 * The zod schemas are the single source of truth: the TypeScript types are inferred from them and every
 * boundary (runner → session, log file → reader) validates with them.
 *
 * Steps are counted from 1: step N is the N-th optimizer update the script applied.
 * Numbers that were NaN or ±Infinity travel as `null` (JSON has no such values); where that matters
 * the event says what was non-finite in a `nonFinite` entry.
 */
import { z } from 'zod';
import { BACKENDS, MAX_EVENT_BYTES } from './protocol.ts';

const count = z.number().int().nonnegative();
const maybeNumber = z.number().nullable();

/** 1-based line and column in the user's original file (after source maps). */
export const SourceLocationSchema = z.object({
  file: z.string(),
  line: z.number().int().positive(),
  column: z.number().int().positive(),
});
export type SourceLocation = z.infer<typeof SourceLocationSchema>;

export const BackendNameSchema = z.enum(BACKENDS);
export type BackendName = z.infer<typeof BackendNameSchema>;
export type BackendChoice = 'auto' | BackendName;

/** The GPU a webgpu run trains on, as its driver describes it. */
export const GpuAdapterSchema = z.object({
  /** The name `--gpu` matches against (Dawn's adapter name), e.g. `NVIDIA H200`, `llvmpipe (LLVM 15.0.6, 256 bits)`. */
  name: z.string(),
  vendor: z.string(),
  architecture: z.string(),
  description: z.string(),
  /** A software rasteriser (llvmpipe, SwiftShader): correct, but no faster than the CPU. */
  software: z.boolean(),
});
export type GpuAdapter = z.infer<typeof GpuAdapterSchema>;

export const StartEventSchema = z.object({
  type: z.literal('start'),
  protocol: z.number().int(),
  time: z.number(),
  script: z.string(),
  cwd: z.string(),
  args: z.array(z.string()),
  backend: BackendNameSchema,
  /** The GPU on the webgpu backend; absent on every other backend (and in logs written before it existed). */
  adapter: GpuAdapterSchema.optional(),
  tfjs: z.object({ source: z.enum(['user', 'bundled']), version: z.string(), entry: z.string() }),
  seed: z.number().int(),
  every: z.number().int().positive(),
  maxSteps: z.number().int().positive().nullable(),
  /** The overhead budget the runner keeps (a share: 0.01 is 1 %); absent in logs written before it existed. */
  overheadBudget: z.number().positive().optional(),
  /**
   * From launching the training process to the script's first line, ms, less any wait for its session (a runner the
   * CLI started ahead waits for its config): start-up, apart from training overhead.
   */
  startupMs: z.number().nonnegative().optional(),
  pid: z.number().int(),
});

/** Something the user should read once: a fallback taken, a limitation met. */
export const NoteEventSchema = z.object({
  type: z.literal('note'),
  level: z.enum(['info', 'warning']),
  message: z.string(),
});

export const WeightInfoSchema = z.object({
  /** The weight's name inside its layer: `kernel`, `bias`, `gamma`, … */
  name: z.string(),
  /** The tf.Variable name the optimizer sees, e.g. `dense_Dense1/kernel`. */
  variable: z.string(),
  shape: z.array(count),
  size: count,
  trainable: z.boolean(),
});

/** A layer, sent once it is built (its weights exist), at the latest before the first step that uses it. */
export const LayerEventSchema = z.object({
  type: z.literal('layer'),
  name: z.string(),
  className: z.string(),
  /** The activation function's name as tfjs serialises it (`relu`, `selu`, `linear`, …); null for layers without one. */
  activation: z.string().nullable(),
  /** Output units (Dense) or channels (convolutions); null when the layer has no such notion. */
  units: count.nullable(),
  outputShape: z.array(z.number().int().nullable()).nullable(),
  params: count,
  weights: z.array(WeightInfoSchema),
  /** Selected constructor options that detectors and fixes care about. */
  config: z.object({
    kernelInitializer: z.string().optional(),
    useBias: z.boolean().optional(),
    /** LeakyReLU/ELU alpha. */
    alpha: z.number().optional(),
    /** Dropout rate. */
    rate: z.number().optional(),
    /** LSTM/GRU gate activation (tfjs spelling); the layer's own `activation` is its cell's output activation. */
    recurrentActivation: z.string().optional(),
    /** The bias initializer's class name as tfjs serialises it (`Zeros`, `Constant`, `RandomNormal`, …). */
    biasInitializer: z.string().optional(),
    /** The value of a `Constant` bias initializer (`tf.initializers.constant({ value: -4 })`). */
    biasConstant: z.number().optional(),
  }),
  /** Where the layer was created in the user's file; null when it was created outside user code. */
  source: SourceLocationSchema.nullable(),
  /**
   * The name the script gives the layer at its source line, when the call's value is assigned there
   * (`const hidden = tf.layers.dense(…)`, `this.encoder = …`): how findings name the layer to the user.
   */
  assignedTo: z.string().optional(),
});

/** A model's layers in order from input to output (nested models flattened). */
export const ModelEventSchema = z.object({
  type: z.literal('model'),
  name: z.string(),
  className: z.string(),
  layers: z.array(z.string()),
  source: SourceLocationSchema.nullable(),
});

export const GradientSeriesSchema = z.object({
  layer: z.string(),
  weight: z.string(),
  size: count,
  /**
   * L2 norm of the gradient applied at each step of the window; null when the weight received no gradient at that
   * step (another optimizer or variable list updated other weights: a GAN, actor-critic) or when it was NaN/Inf —
   * the runner writes a `nonFinite` record for every non-finite one, so the records say which.
   */
  norm: z.array(maybeNumber),
});

export const ActivationStatsSchema = z.object({
  layer: z.string(),
  /** Units (Dense) or channels (convolutions). */
  units: count,
  /** Samples seen while accumulating `everActive` (batch items × sampled steps). */
  samples: count,
  /** Steps over which `everActive` was accumulated. */
  sampledSteps: count,
  /** For ReLU-family layers: 1 when the unit was > 0 for at least one sample in the window, else 0. */
  everActive: z.array(z.number()).nullable(),
  /**
   * Set when the layer is too wide for one flag per unit: `everActive` then covers this many of its `units`, a
   * fixed deterministic sample (the same units in every window), and dead shares are estimated from it.
   */
  sampledUnits: count.optional(),
  /** Mean and variance over all the layer's output values in the window's sampled steps. */
  mean: maybeNumber,
  variance: maybeNumber,
  /** For sigmoid/tanh layers: fraction of output values in the flat region (|pre-activation| > 5). */
  saturated: maybeNumber,
  /**
   * For a layer fed by a model's input (the first layer): mean and variance of that input over the sampled
   * steps. Large input statistics explain a first layer that is saturated or dead from the first step.
   */
  input: z.object({ mean: maybeNumber, variance: maybeNumber }).optional(),
});

export const NonFiniteRecordSchema = z.object({
  step: count,
  where: z.enum(['loss', 'gradient', 'activation']),
  layer: z.string().nullable(),
  weight: z.string().nullable(),
  /** Counts when they were measured, else null (the value was only known to be NaN or infinite). */
  nan: count.nullable(),
  inf: count.nullable(),
});

/**
 * Everything observed over steps fromStep..toStep (inclusive), read back from the backend in one transfer.
 * Activation statistics cover the window's sampled steps before its first non-finite value (when its first
 * sampled step is already non-finite, their mean and variance are null): evidence gathered before a run
 * diverges stays usable. Every training step's layer outputs are checked for NaN/Inf, sampled or not.
 */
export const WindowEventSchema = z.object({
  type: z.literal('window'),
  fromStep: count,
  toStep: count,
  /** Loss at each step of the window; null when unknown or non-finite. */
  loss: z.array(maybeNumber),
  gradients: z.array(GradientSeriesSchema),
  activations: z.array(ActivationStatsSchema),
  nonFinite: z.array(NonFiniteRecordSchema),
  /** Wall time since the run started, at the end of the window. */
  elapsedMs: z.number().nonnegative(),
  /**
   * What watching the window's steps cost: ActLens's own time in the training process, and the steps' wall time
   * (its own included), both in ms. Absent in logs written before it existed.
   */
  overhead: z.object({ ownMs: z.number().nonnegative(), wallMs: z.number().nonnegative() }).optional(),
});

/**
 * How far training got, between windows: sent at the first step and then at most once a second, without
 * reading anything back from the backend. It keeps the step count true when a run ends (or is killed)
 * before its first window, and lets hosts show progress from the first step.
 */
export const ProgressEventSchema = z.object({
  type: z.literal('progress'),
  steps: count,
  /** Wall time since the run started. */
  elapsedMs: z.number().nonnegative(),
});

/**
 * The first steps on a GPU compile the backend's shaders, each kernel on its first use; they can take seconds
 * (15 s on a cold software GPU) and say nothing of the model's speed. Sent once, at the end of the last such
 * step, together with a progress record at that step: training speed is measured from there.
 */
export const WarmupEventSchema = z.object({
  type: z.literal('warmup'),
  /** Steps 1..steps were warm-up. */
  steps: count,
  /** Wall time from the start of the first step to the end of the last warm-up step. */
  ms: z.number().nonnegative(),
});

/**
 * What a model is trained towards, sent once per model at its first `fit(x, y)` whose targets are one tensor:
 * the loss `compile` named and the mean squared error of the trivial predictor that always predicts the
 * targets' per-output mean (the mean over outputs of each output's variance). A comparison puts a regression's
 * loss against it, as it puts a classifier's against ln k.
 */
export const TargetsEventSchema = z.object({
  type: z.literal('targets'),
  /** The model's name (tfjs's `model.name`). */
  model: z.string(),
  /** The loss as `compile` was given it when that was a string (`meanSquaredError`); null for a function or a list. */
  loss: z.string().nullable(),
  /** Null when the targets held NaN or ±Infinity. */
  meanPredictorMse: maybeNumber,
  /** Rows of the targets (the first dimension), all of `fit`'s data, validation split included. */
  samples: count,
});

/** Logs of a finished epoch of `fit`/`fitDataset` (loss, metrics, val_*). */
/**
 * An optimizer, sent when it first applies gradients: where the script built it (a `tf.train.*` call, or the
 * `compile` call that named it by string), its learning rate, and the layers whose weights it updates. Fixes
 * that lower the learning rate edit that line.
 */
export const OptimizerEventSchema = z.object({
  type: z.literal('optimizer'),
  /** tfjs's class name (getClassName): `SGD`, `Adam`, `RMSProp`, … */
  className: z.string(),
  learningRate: z.number().nullable(),
  source: SourceLocationSchema.nullable(),
  /** How the script built it: a `tf.train.*` factory call, or a `compile({ optimizer: 'sgd' })` string. */
  builtBy: z.enum(['factory', 'compile', 'other']),
  layers: z.array(z.string()),
});

export const EpochEventSchema = z.object({
  type: z.literal('epoch'),
  epoch: count,
  step: count,
  logs: z.record(z.string(), maybeNumber),
});

export const EndReasonSchema = z.enum(['completed', 'max-steps', 'stopped', 'exit']);
export type EndReason = z.infer<typeof EndReasonSchema>;

export const EndEventSchema = z.object({
  type: z.literal('end'),
  reason: EndReasonSchema,
  steps: count,
  elapsedMs: z.number().nonnegative(),
  /** Set when the script called process.exit itself, or (by the session) when the process exited with a failure code. */
  exitCode: z.number().int().optional(),
  /** When the script failed: the last line it wrote to stderr (added by the session), often its own account of why. */
  lastStderrLine: z.string().optional(),
});

export const ErrorPhaseSchema = z.enum(['usage', 'prepare', 'script', 'runner', 'crash']);
export type ErrorPhase = z.infer<typeof ErrorPhaseSchema>;

export const ErrorEventSchema = z.object({
  type: z.literal('error'),
  phase: ErrorPhaseSchema,
  message: z.string(),
  /** The stack with frames mapped to the user's files, when there is one. */
  stack: z.string().nullable(),
  /** The user's line the error points at, when known. */
  location: SourceLocationSchema.nullable(),
  steps: count,
  /** When the script failed: the last line it wrote to stderr (added by the session), often its own account of why. */
  lastStderrLine: z.string().optional(),
});

export const RunnerEventSchema = z.discriminatedUnion('type', [
  StartEventSchema,
  NoteEventSchema,
  LayerEventSchema,
  ModelEventSchema,
  OptimizerEventSchema,
  WindowEventSchema,
  EpochEventSchema,
  ProgressEventSchema,
  EndEventSchema,
  ErrorEventSchema,
  TargetsEventSchema,
  WarmupEventSchema,
]);

export type StartEvent = z.infer<typeof StartEventSchema>;
export type NoteEvent = z.infer<typeof NoteEventSchema>;
export type WeightInfo = z.infer<typeof WeightInfoSchema>;
export type LayerEvent = z.infer<typeof LayerEventSchema>;
export type ModelEvent = z.infer<typeof ModelEventSchema>;
export type OptimizerEvent = z.infer<typeof OptimizerEventSchema>;
export type GradientSeries = z.infer<typeof GradientSeriesSchema>;
export type ActivationStats = z.infer<typeof ActivationStatsSchema>;
export type NonFiniteRecord = z.infer<typeof NonFiniteRecordSchema>;
export type WindowEvent = z.infer<typeof WindowEventSchema>;
export type EpochEvent = z.infer<typeof EpochEventSchema>;
export type ProgressEvent = z.infer<typeof ProgressEventSchema>;
export type EndEvent = z.infer<typeof EndEventSchema>;
export type ErrorEvent = z.infer<typeof ErrorEventSchema>;
export type TargetsEvent = z.infer<typeof TargetsEventSchema>;
export type WarmupEvent = z.infer<typeof WarmupEventSchema>;
export type RunnerEvent = z.infer<typeof RunnerEventSchema>;

export type ParsedEventLine = { ok: true; event: RunnerEvent } | { ok: false; reason: string };

/** Parses and validates one JSONL line. Never throws: bad input is a reason, not a crash. */
export function parseEventLine(line: string): ParsedEventLine {
  if (line.length > MAX_EVENT_BYTES)
    return { ok: false, reason: `event of ${line.length} bytes exceeds the ${MAX_EVENT_BYTES}-byte limit` };
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (error) {
    return { ok: false, reason: `not JSON: ${(error as Error).message}` };
  }
  const result = RunnerEventSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    return {
      ok: false,
      reason: `invalid event: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unknown shape'}`,
    };
  }
  return { ok: true, event: result.data };
}
