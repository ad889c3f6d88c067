/**
 * Ground truth for a scenario, measured without ActLens: preloaded into a plain `node` run of the scenario
 * script (`node --import tsx --import ./scenarios/truth/probe.mts <script>`), it seeds Math.random and picks
 * the wasm backend exactly as `actlens run` does (so the run is the same run), and then records, with its own
 * code and in JavaScript arithmetic on read-back values:
 *
 * - every step's training forward pass, per layer and unit, in full (not sampled): largest output, outputs > 0,
 *   sum, sum of squares, outputs in the flat region of sigmoid/tanh, NaN/Inf count;
 * - every step's gradients as the optimizer applies them, L2 norm per layer, and the loss;
 * - the whole data set through the trained model (inference mode) at the start, every `block` steps and at
 *   the end: per layer and unit, never-positive units (dead), rarely-positive units, moments, saturation.
 *
 * It writes one JSON file (SCENARIO_TRUTH_OUT) when the script has finished. Nothing here feeds back into
 * the script's computation: no tfjs op runs on the script's tensors except `dataSync` and the inference-mode
 * `predict` on the data set, which draws no random numbers.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import seedrandom from 'seedrandom';
import { bridgeMissingWasmKernels } from '../../src/runner/wasm-kernel-bridge.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- tfjs internals, reached by name */
type Any = any;

const script = path.resolve(process.argv[1]!);
const out = process.env.SCENARIO_TRUTH_OUT;
const seed = Number(process.env.SCENARIO_SEED ?? 1);
const maxSteps = process.env.SCENARIO_MAX_STEPS ? Number(process.env.SCENARIO_MAX_STEPS) : null;
const blockSize = Number(process.env.SCENARIO_BLOCK ?? 20);
const backend = process.env.SCENARIO_BACKEND ?? 'wasm';

const requireFromScript = createRequire(script);
const tf: Any = requireFromScript('@tensorflow/tfjs');
if (backend === 'wasm') requireFromScript('@tensorflow/tfjs-backend-wasm');
if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} unavailable`);
await tf.ready();
if (backend === 'wasm') bridgeMissingWasmKernels(tf, () => {});
process.setSourceMapsEnabled(true);

// ---- what is recorded ------------------------------------------------------------------------------------

/** Per-unit accumulation of one layer's outputs. */
class Moments {
  units = 0;
  rows = 0;
  max: Float64Array = new Float64Array(0);
  positive: Float64Array = new Float64Array(0);
  sum = 0;
  sumSq = 0;
  count = 0;
  flat = 0;
  nonFinite = 0;

  add(values: Float32Array, units: number, flat: { low: number; high: number } | null): void {
    if (this.units !== units) {
      this.units = units;
      this.max = new Float64Array(units).fill(-Infinity);
      this.positive = new Float64Array(units);
    }
    const rows = values.length / units;
    this.rows += rows;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      const unit = i % units;
      if (!Number.isFinite(v)) {
        this.nonFinite++;
        continue;
      }
      if (v > this.max[unit]!) this.max[unit] = v;
      if (v > 0) this.positive[unit]!++;
      this.sum += v;
      this.sumSq += v * v;
      this.count++;
      if (flat && (v < flat.low || v > flat.high)) this.flat++;
    }
  }

  /** One step's numbers, pooled over the layer's units (per unit: outputs > 0, for the ReLU family). */
  compact(clampsAtZero: boolean) {
    return {
      rows: this.rows,
      units: this.units,
      count: this.count,
      flat: this.flat,
      sum: this.sum,
      sumSq: this.sumSq,
      nonFinite: this.nonFinite,
      positive: clampsAtZero ? Array.from(this.positive) : null,
    };
  }

  summary(clampsAtZero: boolean) {
    const mean = this.count ? this.sum / this.count : null;
    const variance = this.count && mean !== null ? Math.max(0, this.sumSq / this.count - mean * mean) : null;
    let dead = 0;
    let rare = 0;
    for (let unit = 0; unit < this.units; unit++) {
      if (!(this.max[unit]! > 0)) dead++;
      else if (this.positive[unit]! / this.rows < 0.01) rare++;
    }
    return {
      units: this.units,
      rows: this.rows,
      deadUnits: clampsAtZero ? dead : null,
      deadShare: clampsAtZero && this.units ? dead / this.units : null,
      /** Units positive on under 1% of the rows (alive, but rarely). */
      rareUnits: clampsAtZero ? rare : null,
      /** Per unit: share of rows with an output > 0. */
      activeRate: clampsAtZero ? Array.from(this.positive, (p) => round(p / Math.max(1, this.rows))) : null,
      mean,
      std: variance === null ? null : Math.sqrt(variance),
      saturatedShare: this.count ? this.flat / this.count : null,
      nonFinite: this.nonFinite,
    };
  }
}

interface LayerInfo {
  name: string;
  className: string;
  activation: string;
  line: number | null;
  column: number | null;
  /** Trainable parameters (known once the layer is built). */
  parameters: number;
}

const layers = new Map<Any, LayerInfo>();
const layerByName = new Map<string, LayerInfo>();
const weightOwner = new Map<string, string>();
const models = new Set<Any>();
const dataSets: Any[] = [];
let fitInputs: Any = null;
const fitting = new Set<Any>();

let steps = 0;
let mode: 'train' | 'measure' | 'off' = 'train';
let stepForward = new Map<string, Moments>();
/** Layers in the order the forward pass of the current step reached them. */
let stepOrder: string[] = [];
let blockForward = new Map<string, Moments>();
let measure = new Map<string, Moments>();
let pendingLoss: number | null = null;

const stepRecords: { step: number; loss: number | null; grads: Record<string, number>; total: number }[] = [];
const blocks: Any[] = [];
const fullData: Any[] = [];
let firstNonFinite: Any = null;
let finished = false;
/** The latest training steps' forward passes (compact, per layer), a rolling window. */
const RECENT_STEPS = 64;
let recentSteps: { step: number; layers: Record<string, unknown> }[] = [];
/** Frozen when the first NaN/Inf appears: the finite steps just before it (at most RECENT_STEPS). */
let preDivergence: { step: number; layers: Record<string, unknown> }[] | null = null;
/** Step 1's forward pass (compact, per layer). */
let firstStepForward: Record<string, unknown> | null = null;
/** Per layer, its bias weights as the first step found them. */
const initialBias: Record<string, { allEqual: boolean; min: number; max: number; count: number }> = {};
/** The training inputs: per feature (last axis) mean and std, summarised. */
let inputStats: Any = null;

// ---- layers and their lines --------------------------------------------------------------------------------

const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/;

function scriptFrame(): { line: number; column: number } | null {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  Error.captureStackTrace(holder);
  Error.stackTraceLimit = limit;
  for (const line of (holder.stack ?? '').split('\n')) {
    const match = FRAME.exec(line);
    if (!match) continue;
    const file = match[1]!.startsWith('file://') ? fileURLToPath(match[1]!) : match[1]!;
    if (file === script) return { line: Number(match[2]), column: Number(match[3]) };
  }
  return null;
}

function activationOf(layer: Any): string {
  const cls = layer.getClassName();
  if (cls === 'ReLU') return 'relu';
  if (cls === 'LeakyReLU') return 'leakyrelu';
  if (cls === 'ELU') return 'elu';
  if (cls === 'PReLU') return 'prelu';
  if (cls === 'ThresholdedReLU') return 'thresholdedrelu';
  if (cls === 'Softmax') return 'softmax';
  const activation = layer.activation;
  if (activation && typeof activation.getClassName === 'function')
    return String(activation.getClassName()).toLowerCase();
  return 'none';
}

const CLAMPS_AT_ZERO = new Set(['relu', 'relu6', 'thresholdedrelu']);
function flatRegion(activation: string): { low: number; high: number } | null {
  if (activation === 'sigmoid') return { low: 1 / (1 + Math.exp(5)), high: 1 / (1 + Math.exp(-5)) };
  if (activation === 'tanh') return { low: -Math.tanh(5), high: Math.tanh(5) };
  return null;
}

function observe(layer: Any, output: Any): void {
  if (mode === 'off') return;
  const info = layers.get(layer);
  const tensor = Array.isArray(output) ? output[0] : output;
  if (!info || !tensor || tensor.rank < 2 || tensor.dtype !== 'float32' || tensor.isDisposed) return;
  const training = tf.engine().state.gradientDepth > 0;
  if (mode === 'train' && !training) return;
  const units = tensor.shape[tensor.rank - 1];
  const values: Float32Array = tensor.dataSync();
  const flat = flatRegion(info.activation);
  const target = mode === 'measure' ? measure : stepForward;
  let moments = target.get(info.name);
  if (!moments) target.set(info.name, (moments = new Moments()));
  moments.add(values, units, flat);
  if (mode === 'train') {
    stepOrder.push(info.name);
    let block = blockForward.get(info.name);
    if (!block) blockForward.set(info.name, (block = new Moments()));
    block.add(values, units, flat);
  }
}

const layerFactories = tf.layers as Record<string, unknown>;
for (const [name, factory] of Object.entries(layerFactories)) {
  if (typeof factory !== 'function' || !/^[a-z]/.test(name) || name === 'input') continue;
  layerFactories[name] = function (this: unknown, ...args: unknown[]) {
    const layer: Any = (factory as (...a: unknown[]) => unknown).apply(this, args);
    const site = scriptFrame();
    const info: LayerInfo = {
      name: layer.name,
      className: layer.getClassName(),
      activation: activationOf(layer),
      line: site?.line ?? null,
      column: site?.column ?? null,
      parameters: 0,
    };
    layers.set(layer, info);
    layerByName.set(layer.name, info);
    const call = layer.call;
    layer.call = function (this: Any, inputs: Any, kwargs: Any) {
      const output = call.call(this, inputs, kwargs);
      observe(this, output);
      return output;
    };
    return layer;
  };
}

// ---- models, data, steps -------------------------------------------------------------------------------------

const containerPrototype = Object.getPrototypeOf(tf.LayersModel.prototype);
for (const prototype of [containerPrototype, tf.LayersModel.prototype, tf.Sequential.prototype]) {
  if (Object.prototype.hasOwnProperty.call(prototype, 'call')) {
    const call = prototype.call;
    prototype.call = function (this: Any, inputs: Any, kwargs: Any) {
      if (mode === 'train' && tf.engine().state.gradientDepth > 0) models.add(this);
      return call.call(this, inputs, kwargs);
    };
  }
  if (Object.prototype.hasOwnProperty.call(prototype, 'fit')) {
    const fit = prototype.fit;
    prototype.fit = async function (this: Any, x: Any, ...rest: Any[]) {
      if (fitInputs === null) fitInputs = x;
      models.add(this);
      fitting.add(this);
      try {
        return await fit.call(this, x, ...rest);
      } finally {
        fitting.delete(this);
      }
    };
  }
}

for (const modulePath of ['../../examples/synthetic-data.js', '../lib/data.js']) {
  const generators = createRequire(import.meta.url)(modulePath) as Record<string, unknown>;
  for (const [name, generate] of Object.entries(generators)) {
    if (typeof generate !== 'function') continue;
    generators[name] = (...args: unknown[]) => {
      const data = (generate as (...a: unknown[]) => Any)(...args);
      dataSets.push(data);
      return data;
    };
  }
}

const optimizerBase = tf.Optimizer.prototype;
const computeGradients = optimizerBase.computeGradients;
optimizerBase.computeGradients = function (this: Any, f: Any, varList: Any) {
  if (maxSteps !== null && steps >= maxSteps) finishAndExit();
  const result = computeGradients.call(this, f, varList);
  pendingLoss = result.value && !result.value.isDisposed ? result.value.dataSync()[0] : null;
  return result;
};
const optimizerClasses = Object.values(tf).filter(
  (value: Any) => typeof value === 'function' && value.prototype instanceof tf.Optimizer,
) as Any[];
for (const prototype of [optimizerBase, ...optimizerClasses.map((cls) => cls.prototype)]) {
  if (!Object.prototype.hasOwnProperty.call(prototype, 'applyGradients')) continue;
  const applyGradients = prototype.applyGradients;
  prototype.applyGradients = function (this: Any, gradients: Any) {
    if (maxSteps !== null && steps >= maxSteps) finishAndExit();
    if (steps === 0 && fullData.length === 0) measureFullData(0);
    if (steps === 0 && inputStats === null) recordStart();
    recordGradients(steps + 1, gradients);
    applyGradients.call(this, gradients);
    afterStep();
  };
}

function recordGradients(step: number, gradients: Any): void {
  const named: [string, Any][] = Array.isArray(gradients)
    ? gradients.map((entry: Any) => [entry.name, entry.tensor])
    : Object.entries(gradients);
  if (weightOwner.size === 0 || named.some(([name]) => !weightOwner.has(name))) indexWeights();
  const squares: Record<string, number> = {};
  for (const [name, tensor] of named) {
    if (!tensor) continue;
    const values: Float32Array = tensor.dataSync();
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum += values[i]! * values[i]!;
    const owner = weightOwner.get(name) ?? name;
    squares[owner] = (squares[owner] ?? 0) + sum;
  }
  const grads: Record<string, number> = {};
  let total = 0;
  for (const [owner, sum] of Object.entries(squares)) {
    grads[owner] = Math.sqrt(sum);
    total += sum;
  }
  stepRecords.push({ step, loss: pendingLoss, grads, total: Math.sqrt(total) });
  // The first non-finite value: forward pass first (in the order the layers ran), then the loss, then gradients.
  if (!firstNonFinite) {
    const forward = stepOrder.find((name) => (stepForward.get(name)?.nonFinite ?? 0) > 0);
    const badGradients = Object.entries(grads)
      .filter(([, norm]) => !Number.isFinite(norm))
      .map(([owner]) => owner);
    if (forward) firstNonFinite = { step, where: 'activation', layer: forward };
    else if (pendingLoss !== null && !Number.isFinite(pendingLoss))
      firstNonFinite = { step, where: 'loss', layer: null };
    else if (badGradients.length)
      firstNonFinite = { step, where: 'gradient', layer: badGradients[0], layers: badGradients };
    if (firstNonFinite) preDivergence = recentSteps.filter((record) => record.step < step);
  }
  pendingLoss = null;
}

function afterStep(): void {
  steps++;
  const compact: Record<string, unknown> = {};
  for (const [name, moments] of stepForward)
    compact[name] = moments.compact(CLAMPS_AT_ZERO.has(layerByName.get(name)?.activation ?? ''));
  if (steps === 1) firstStepForward = compact;
  recentSteps.push({ step: steps, layers: compact });
  if (recentSteps.length > RECENT_STEPS) recentSteps = recentSteps.slice(-RECENT_STEPS);
  stepForward = new Map();
  stepOrder = [];
  if (steps % blockSize === 0) closeBlock();
  if (maxSteps !== null && steps >= maxSteps) for (const model of fitting) model.stopTraining = true;
}

/** Before the first update: each layer's bias weights, and the scale of the training inputs. */
function recordStart(): void {
  for (const [layer, info] of layers) {
    const bias = (layer.weights ?? []).find((weight: Any) => /bias/.test(weight.originalName ?? weight.name));
    if (!bias) continue;
    try {
      const values: Float32Array = bias.read().dataSync();
      let min = Infinity;
      let max = -Infinity;
      for (const v of values) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      initialBias[info.name] = { allEqual: values.length > 0 && min === max, min, max, count: values.length };
    } catch {
      // not built yet
    }
  }
  const x = fitInputs ?? dataSets.at(-1)?.x;
  const tensor = Array.isArray(x) ? x[0] : x;
  if (!tensor || typeof tensor.dataSync !== 'function' || tensor.dtype !== 'float32') {
    inputStats = { available: false };
    return;
  }
  const values: Float32Array = tensor.dataSync();
  const features = tensor.shape[tensor.rank - 1];
  const sum = new Float64Array(features);
  const sumSq = new Float64Array(features);
  for (let i = 0; i < values.length; i++) {
    sum[i % features]! += values[i]!;
    sumSq[i % features]! += values[i]! * values[i]!;
  }
  const rows = values.length / features;
  let maxAbsMean = 0;
  let maxStd = 0;
  let all = 0;
  let allSq = 0;
  for (let f = 0; f < features; f++) {
    const mean = sum[f]! / rows;
    maxAbsMean = Math.max(maxAbsMean, Math.abs(mean));
    maxStd = Math.max(maxStd, Math.sqrt(Math.max(0, sumSq[f]! / rows - mean * mean)));
    all += sum[f]!;
    allSq += sumSq[f]!;
  }
  const mean = all / values.length;
  inputStats = {
    available: true,
    features,
    rows,
    maxAbsMean,
    maxStd,
    mean,
    std: Math.sqrt(Math.max(0, allSq / values.length - mean * mean)),
  };
}

function indexWeights(): void {
  for (const [layer, info] of layers) {
    info.parameters = 0;
    for (const weight of layer.trainableWeights ?? []) {
      weightOwner.set(weight.name, info.name);
      info.parameters += weight.shape.reduce((product: number, dim: number) => product * dim, 1);
    }
  }
}

function closeBlock(): void {
  const from = blocks.length ? blocks[blocks.length - 1].toStep + 1 : 1;
  if (from > steps) return;
  const records = stepRecords.filter((record) => record.step >= from && record.step <= steps);
  const owners = new Set(records.flatMap((record) => Object.keys(record.grads)));
  const gradients: Record<string, number | null> = {};
  for (const owner of owners)
    gradients[owner] = median(records.map((record) => record.grads[owner]).filter((n): n is number => n !== undefined));
  const forward: Record<string, unknown> = {};
  for (const [name, moments] of blockForward)
    forward[name] = moments.summary(CLAMPS_AT_ZERO.has(layerByName.get(name)?.activation ?? ''));
  blocks.push({
    fromStep: from,
    toStep: steps,
    loss: median(records.map((record) => record.loss).filter((n): n is number => n !== null)),
    totalGradient: median(records.map((record) => record.total)),
    gradients,
    forward,
  });
  blockForward = new Map();
  measureFullData(steps);
}

/** The whole data set the script trained on, through each trained model, in inference mode. */
function measureFullData(step: number): void {
  const x = fitInputs ?? dataSets.at(-1)?.x;
  const trained = outermostModels();
  if (!x || trained.length === 0) return;
  mode = 'measure';
  measure = new Map();
  try {
    for (const model of trained) {
      const result = model.predict(x, { batchSize: 256 });
      for (const tensor of Array.isArray(result) ? result : [result]) tensor.dispose();
    }
  } catch (error) {
    fullData.push({ step, error: String(error) });
    return;
  } finally {
    mode = 'train';
  }
  const perLayer: Record<string, unknown> = {};
  for (const [name, moments] of measure)
    perLayer[name] = moments.summary(CLAMPS_AT_ZERO.has(layerByName.get(name)?.activation ?? ''));
  fullData.push({ step, layers: perLayer });
}

function outermostModels(): Any[] {
  const candidates = [...models];
  const inner = new Set<Any>();
  for (const model of candidates) for (const layer of model.layers ?? []) inner.add(layer);
  // A Sequential holds its own inner LayersModel (`model.model`) too.
  for (const model of candidates) if (model.model) inner.add(model.model);
  return candidates.filter((model) => !inner.has(model));
}

function flatten(model: Any): string[] {
  return (model.layers ?? []).flatMap((layer: Any) => (Array.isArray(layer.layers) ? flatten(layer) : [layer.name]));
}

// ---- the end ----------------------------------------------------------------------------------------------

function finish(status: string, error?: unknown): void {
  if (finished) return;
  finished = true;
  if (stepRecords.length && (!blocks.length || blocks[blocks.length - 1].toStep < steps)) closeBlock();
  const trained = outermostModels();
  const report = {
    script,
    seed,
    backend,
    status,
    error: error ? String((error as Error)?.stack ?? error) : null,
    steps,
    blockSize,
    layers: [...layers.values()],
    models: trained.map((model) => ({ name: model.name, layers: flatten(model) })),
    firstNonFinite,
    preDivergence,
    firstStepForward,
    initialBias,
    inputStats,
    stepRecords,
    blocks,
    fullData,
  };
  if (out)
    writeFileSync(
      out,
      JSON.stringify(report, (_key, value) =>
        typeof value === 'number' && !Number.isFinite(value) ? String(value) : value,
      ),
    );
}

function finishAndExit(): never {
  finish('max-steps');
  process.exit(0);
}

// The wasm backend's emscripten glue installs handlers that rethrow; report the script's error instead.
process.removeAllListeners('uncaughtException');
process.removeAllListeners('unhandledRejection');
process.on('beforeExit', () => finish('completed'));
process.on('uncaughtException', (error) => {
  finish('failed', error);
  process.exit(3);
});
process.on('unhandledRejection', (error) => {
  finish('failed', error);
  process.exit(3);
});

Math.random = seedrandom(String(seed));

function median(values: number[]): number | null {
  const finite = values.filter((value) => !Number.isNaN(value));
  if (finite.length !== values.length) return NaN;
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
