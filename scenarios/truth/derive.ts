/**
 * From a probe measurement (probe.mts) to the findings a scenario truly deserves, by the definitions in
 * docs/detectors.md applied to the true, complete numbers — every training sample of every step, every
 * step's gradients, the whole data set after training — instead of ActLens's sampled windows.
 *
 * The state at the end of training is what counts (a finding that went away would be cleared): the last
 * three 20-step blocks; a run shorter than three blocks is judged on all the steps it has. A run that went
 * NaN/Inf is judged on the steps before its first non-finite value, the first block included: a fault that
 * showed up in those finite steps (units silent, outputs in the flat region over the last of them, the
 * gradient norm grown far above its first steps) is true. Numbers within a small factor of a threshold are
 * reported as borderline, so a label never rests on a coin toss.
 *
 * Each true pair also gets a cause (src/core/causes.ts) where the probe's own numbers single one out.
 */
import type { CauseId } from '../../src/core/causes.ts';
import type { JudgedKind } from '../lib/manifest.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- the probe's JSON, read field by field */
type Any = any;

export interface TruePair {
  kind: JudgedKind;
  line: number | null;
  /** The numbers that make it true. */
  evidence: string;
  /** What caused it, where the measurements single a cause out (see causeOf). */
  cause?: CauseId;
  /** The numbers behind the cause. */
  because?: string;
}

export interface Truth {
  pairs: TruePair[];
  /** Pairs (kind@line) true under loosened thresholds but not under tightened ones: no label may require them. */
  borderline: string[];
  /** Measurement remarks: disagreements between the data-set and the training-pass views. */
  notes: string[];
  /** One line per layer: the numbers that matter, for the record. */
  summary: string[];
  nonFiniteStep: number | null;
}

/** Every threshold of the derivation, in one place (docs/scenarios.md lists them). */
export const NOMINAL = {
  deadWarn: 0.1,
  deadError: 0.5,
  vanishingRatio: 1e-3,
  vanishingMaxNorm: 1e-4,
  vanishingRmsFloor: 1e-7,
  explodingRatio: 70,
  explodingGrowth: 2,
  /** Growth of the gradient norm, start of training → just before the overflow, that counts as exploding. */
  overflowGrowth: 100,
  /** An exploded gradient that is still this far above its level before the growth has not recovered. */
  persistingGrowth: 100,
  /** Steps at each end of the finite run whose median gradient norms are compared for `overflowGrowth`. */
  overflowEdgeSteps: 3,
  /** A diverged run: the trailing finite steps judged for dead units and saturation (share of the finite steps)… */
  divergedWindowShare: 1 / 3,
  /** …extended until each layer has this many training samples (rows) in it; fewer in all: not established. */
  divergedMinSamples: 200,
  /** A run shorter than `checks` blocks is judged on all its blocks, if it has at least this many steps. */
  shortRunMinSteps: 3,
  // ---- causes -------------------------------------------------------------------------------------------
  /** Inputs whose largest per-feature |mean| or std exceeds this are unscaled. */
  unscaledInputs: 10,
  /** A step's gradient norm this many times the first step's is a spike (large updates). */
  gradientSpike: 10,
  /** A layer dead (or saturated) at the first step: this share of its units never positive (of outputs flat). */
  faultAtStart: 0.1,
  /** Units active at the start: dead share on the whole data set at the start below this. */
  aliveAtStart: 0.05,
  /** The first steps' gradient norm up to which growth after it is put down to the updates, not the init. */
  ordinaryStartNorm: 100,
  /** Sigmoid/tanh layers in a model from which vanishing gradients count as a saturating stack. */
  saturatingStackDepth: 4,
  seluStdMin: 0.5,
  seluStdMax: 2,
  seluMeanMax: 0.25,
  saturation: 0.5,
  checks: 3,
  /** Loose only: units positive on under 1% of the data, or silent over the last block's training passes, count as dead. */
  deadIncludesNearlyDead: false,
};
type Limits = typeof NOMINAL;

/**
 * The thresholds moved towards "problem" (loose, margin +1) or away from it (strict, margin −1): a pair true
 * under the loose limits but not under the strict ones rests on a near-threshold number.
 */
function limits(margin: -1 | 0 | 1): Limits {
  if (margin === 0) return NOMINAL;
  const loose = margin === 1;
  return {
    ...NOMINAL,
    deadWarn: loose ? 0.07 : 0.13,
    vanishingRatio: NOMINAL.vanishingRatio * 3 ** margin,
    vanishingMaxNorm: NOMINAL.vanishingMaxNorm * 3 ** margin,
    vanishingRmsFloor: NOMINAL.vanishingRmsFloor * 3 ** margin,
    explodingRatio: NOMINAL.explodingRatio / 3 ** margin,
    explodingGrowth: loose ? 1.5 : 2.8,
    overflowGrowth: loose ? 8 : 1000,
    persistingGrowth: loose ? 8 : 1000,
    seluStdMin: loose ? 0.55 : 0.45,
    seluStdMax: loose ? 1.85 : 2.2,
    seluMeanMax: loose ? 0.2 : 0.3,
    saturation: loose ? 0.4 : 0.6,
    deadIncludesNearlyDead: loose,
  };
}

const CLAMPS_AT_ZERO = new Set(['relu', 'relu6', 'thresholdedrelu']);
const SATURATING = new Set(['sigmoid', 'tanh', 'hardsigmoid', 'softsign']);

function num(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  return NaN;
}

function derivePairs(probe: Any, T: Limits): Truth {
  const pairs: TruePair[] = [];
  const notes: string[] = [];
  const summary: string[] = [];
  const layerInfo = new Map<string, Any>(probe.layers.map((layer: Any) => [layer.name, layer]));
  const order: string[] = probe.models
    .flatMap((model: Any) => model.layers)
    .filter((name: string) => layerInfo.has(name));
  const lineOf = (name: string | null): number | null => (name ? (layerInfo.get(name)?.line ?? null) : null);
  const outputOf = new Map<string, string>();
  for (const model of probe.models) {
    const own = model.layers.filter((name: string) => layerInfo.has(name));
    for (const name of own) outputOf.set(name, own[own.length - 1]);
  }
  const isOutput = (name: string) => outputOf.get(name) === name;
  const add = (kind: JudgedKind, name: string | null, evidence: string) => {
    const line = lineOf(name);
    if (!pairs.some((pair) => pair.kind === kind && pair.line === line))
      pairs.push({ kind, line, evidence: `${name ?? 'model'}: ${evidence}` });
  };

  const nan = probe.firstNonFinite as { step: number; where: string; layer: string | null } | null;
  const nanStep = nan?.step ?? null;
  // Blocks measured before anything went non-finite; after that, every number is NaN-derived.
  const finiteBlocks: Any[] = probe.blocks.filter((block: Any) => nanStep === null || block.toStep < nanStep);
  // The finite steps just before the first NaN/Inf, each with its forward pass (compact, per layer).
  const preDivergence: Any[] = nanStep === null ? [] : (probe.preDivergence ?? []);
  let blocks = finiteBlocks;
  if (nanStep !== null && finiteBlocks.length < T.checks) {
    // Too few complete blocks before the divergence: the finite steps after the last one make a block too.
    const from = (finiteBlocks.at(-1)?.toStep ?? 0) + 1;
    if (nanStep - 1 >= from) blocks = [...finiteBlocks, partialBlock(probe, preDivergence, from, nanStep - 1)];
  }
  const stepsJudged = nanStep === null ? (probe.steps as number) : nanStep - 1;
  const shortRun = blocks.length < T.checks;
  const last = blocks.slice(-T.checks);
  // A run shorter than three blocks is judged on all the blocks it has.
  const enoughChecks = shortRun ? last.length > 0 && stepsJudged >= T.shortRunMinSteps : true;
  const window = (name: string) => divergedWindow(preDivergence, nanStep, name, T);
  const finalFull = [...probe.fullData]
    .reverse()
    .find((entry: Any) => entry.layers && (nanStep === null || entry.step < nanStep));

  // ---- non-finite -------------------------------------------------------------------------------------
  if (nan) {
    add(
      'non-finite',
      nan.where === 'loss' ? null : nan.layer,
      `first NaN/Inf at step ${nan.step} in the ${nan.where}${nan.layer ? ` of ${nan.layer}` : ''}`,
    );
  }

  // ---- dead units: never positive on the whole data set after training ------------------------------------
  const deadShare = new Map<string, number>();
  for (const name of order) {
    const info = layerInfo.get(name);
    if (!CLAMPS_AT_ZERO.has(info.activation)) continue;
    const full = finalFull?.layers?.[name];
    if (!full || full.deadShare === null) continue;
    deadShare.set(name, full.deadShare);
    const lastBlock = last.at(-1)?.forward?.[name];
    const trainShare = lastBlock?.deadShare ?? null;
    const initial = probe.fullData.find((entry: Any) => entry.layers)?.layers?.[name];
    summary.push(
      `${name} (line ${info.line}, ${info.activation}): dead on the full data set at the start ${initial ? `${initial.deadUnits}/${initial.units}` : '–'}, after training ${full.deadUnits}/${full.units} (${pct(full.deadShare)}), rarely active (<1%) ${full.rareUnits}; ` +
        `never active in the last block's training passes ${trainShare === null ? '–' : pct(trainShare)}`,
    );
    const nearly = Math.max((full.deadUnits + full.rareUnits) / full.units, trainShare ?? 0);
    const share = T.deadIncludesNearlyDead ? Math.max(full.deadShare, nearly) : full.deadShare;
    if (share >= T.deadWarn)
      add(
        'dead-units',
        name,
        `${full.deadUnits} of ${full.units} units never positive on all ${full.rows} rows of the data set after training`,
      );
    const silent = window(name);
    if (silent?.deadShare != null) {
      const nearlySilent = ((silent.deadUnits ?? 0) + (silent.rareUnits ?? 0)) / silent.units;
      summary.push(
        `${name}: never positive over the training passes of steps ${silent.from}–${silent.to} (${silent.rows} samples, the last finite steps): ${silent.deadUnits}/${silent.units} (${pct(silent.deadShare)}), rarely (<1%) ${silent.rareUnits}`,
      );
      if ((T.deadIncludesNearlyDead ? nearlySilent : silent.deadShare) >= T.deadWarn)
        add(
          'dead-units',
          name,
          `${silent.deadUnits} of ${silent.units} units never positive over the training passes of steps ${silent.from}–${silent.to} (${silent.rows} samples), before training went non-finite at step ${nanStep}`,
        );
    }
    if (full.deadShare >= NOMINAL.deadWarn !== nearly >= NOMINAL.deadWarn)
      notes.push(
        `${name}: ${pct(full.deadShare)} dead on the data set after training; ${pct((full.deadUnits + full.rareUnits) / full.units)} dead or active on under 1% of it; ${trainShare === null ? '–' : pct(trainShare)} silent over the last block's training passes`,
      );
  }

  // ---- gradients: per block, the median norm of each layer ---------------------------------------------
  const gradientLayers = order.filter((name) => (layerInfo.get(name)?.parameters ?? 0) > 0);
  const outputLayer = [...gradientLayers]
    .reverse()
    .find((name) => last.every((block: Any) => block.gradients[name] !== undefined));
  const starvingIn = (block: Any, name: string) => {
    const norm = num(block.gradients[name]);
    const out = outputLayer ? num(block.gradients[outputLayer]) : NaN;
    const rms = norm / Math.sqrt(layerInfo.get(name).parameters);
    const ratio = norm / out;
    const byRatio = name !== outputLayer && out > 0 && ratio <= T.vanishingRatio && norm <= T.vanishingMaxNorm;
    return { starving: byRatio || rms <= T.vanishingRmsFloor, ratio, norm, rms };
  };
  for (const name of gradientLayers) {
    const info = layerInfo.get(name);
    const checks = last.map((block: Any) => starvingIn(block, name));
    const latest = checks.at(-1);
    if (latest) {
      summary.push(
        `${name} (line ${info.line}): gradient norm ${fmt(latest.norm)} (rms ${fmt(latest.rms)}), ${fmt(latest.ratio)}× the output layer's, last block`,
      );
    }
    if (enoughChecks && checks.every((check: Any) => check.starving)) {
      // Not vanishing when dead units explain it (docs/detectors.md): a starving run ending at a mostly dead
      // ReLU layer followed by a healthy layer.
      const from = gradientLayers.indexOf(name);
      let explained = false;
      for (let i = from; i < gradientLayers.length; i++) {
        const layer = gradientLayers[i]!;
        const starving = last.every((block: Any) => starvingIn(block, layer).starving);
        if (!starving) break;
        const next = gradientLayers[i + 1];
        const nextHealthy = next !== undefined && !last.every((block: Any) => starvingIn(block, next).starving);
        if ((deadShare.get(layer) ?? 0) >= T.deadError && nextHealthy) explained = true;
      }
      if (!explained)
        add(
          'vanishing-gradient',
          name,
          `norm ${fmt(latest!.norm)}, ${fmt(latest!.ratio)}× the output's, rms ${fmt(latest!.rms)} in each of the last ${last.length} block(s)`,
        );
    }
  }

  // ---- exploding gradients --------------------------------------------------------------------------------
  const totals = blocks.map((block: Any) => num(block.totalGradient));
  const ratioOf = (block: Any) => {
    const out = outputLayer ? num(block.gradients[outputLayer]) : NaN;
    let best = { ratio: 0, layer: null as string | null };
    for (const name of gradientLayers) {
      if (name === outputLayer || !(out > 0)) continue;
      const ratio = num(block.gradients[name]) / out;
      if (ratio > best.ratio) best = { ratio, layer: name };
    }
    return best;
  };
  const largestIn = (gradients: Record<string, unknown>) =>
    Object.entries(gradients).reduce<[string | null, number]>(
      (best, [name, norm]) => (num(norm) > best[1] ? [name, num(norm)] : best),
      [null, -Infinity],
    )[0];
  const growthAt = (index: number) => (index > 0 ? totals[index]! / totals[index - 1]! : NaN);
  const explodingAt = (index: number) =>
    ratioOf(blocks[index]).ratio >= T.explodingRatio || growthAt(index) >= T.explodingGrowth;
  summary.push(
    `total gradient norm per block: ${totals.map(fmt).join(' → ')}${nanStep ? ` → NaN/Inf at step ${nanStep}` : ''}`,
  );
  // Sustained: three consecutive blocks of evidence that still hold at the end.
  const n = blocks.length;
  // Exploded and never came back: an episode of three checks of evidence, after which the norm stays far above
  // its level before the growth began (ActLens would clear its finding once growth stops; the network is still
  // broken, so the label keeps it).
  for (let i = 1; i + 2 < n; i++) {
    if (![i, i + 1, i + 2].every(explodingAt)) continue;
    const before = totals[i - 1]!;
    const stillUp = totals[n - 1]! / before;
    if (stillUp >= T.persistingGrowth) {
      add(
        'exploding-gradient',
        largestIn(blocks[i + 2].gradients),
        `gradient norm grew ${fmt(totals[i + 2]! / before)}× over blocks ${i + 1}–${i + 3} and ends ${fmt(stillUp)}× above its level before the growth`,
      );
    }
    break;
  }
  if (n >= T.checks && [n - 3, n - 2, n - 1].every(explodingAt)) {
    add(
      'exploding-gradient',
      largestIn(blocks[n - 1].gradients),
      `gradient growth ${[n - 3, n - 2, n - 1].map((i) => fmt(growthAt(i))).join(', ')}× per block, largest ratio to the output ${fmt(ratioOf(blocks[n - 1]).ratio)}`,
    );
  }
  if (nanStep !== null) {
    // Growth that ended in overflow: the steps before the NaN against the start of training.
    const finite = probe.stepRecords.filter(
      (record: Any) => record.step < nanStep && Number.isFinite(num(record.total)),
    );
    if (finite.length >= 2) {
      // The first steps against the last finite ones (as many at each end as fit without overlapping).
      const edge = Math.max(1, Math.min(T.overflowEdgeSteps, Math.floor(finite.length / 2)));
      const first = median(finite.slice(0, edge).map((record: Any) => num(record.total)));
      const lastSteps = finite.slice(-edge);
      const final = median(lastSteps.map((record: Any) => num(record.total)));
      const growth = final / first;
      summary.push(
        `gradient norm before the overflow: ${fmt(first)} over the first ${edge} step(s) → ${fmt(final)} over the last ${edge} before step ${nanStep} (${fmt(growth)}×)`,
      );
      if (growth >= T.overflowGrowth)
        add(
          'exploding-gradient',
          largestIn(lastSteps.at(-1).grads),
          `gradient norm grew ${fmt(growth)}× before training went non-finite at step ${nanStep}`,
        );
    }
  }

  // ---- saturation and the SELU fixed point (training forward passes, last blocks) ------------------------
  for (const name of order) {
    const info = layerInfo.get(name);
    if (isOutput(name)) continue;
    const forward = last.map((block: Any) => block.forward?.[name]).filter(Boolean);
    if (forward.length === 0) continue;
    if (SATURATING.has(info.activation)) {
      const shares = forward.map((f: Any) => f.saturatedShare as number);
      summary.push(
        `${name} (line ${info.line}, ${info.activation}): saturated share ${shares.map(pct).join(', ')} in the last blocks`,
      );
      if (enoughChecks && shares.every((share: number) => share > T.saturation))
        add('saturation', name, `${shares.map(pct).join(', ')} of outputs beyond |pre-activation| 5`);
      const flat = window(name);
      if (flat && flat.saturatedShare !== null) {
        summary.push(
          `${name}: saturated share ${pct(flat.saturatedShare)} over the training passes of steps ${flat.from}–${flat.to}, the last finite steps`,
        );
        if (flat.saturatedShare > T.saturation)
          add(
            'saturation',
            name,
            `${pct(flat.saturatedShare)} of outputs beyond |pre-activation| 5 over steps ${flat.from}–${flat.to}, before training went non-finite at step ${nanStep}`,
          );
      }
    }
    if (info.activation === 'selu') {
      const offs = forward.map(
        (f: Any) => Math.abs(f.mean) > T.seluMeanMax || f.std < T.seluStdMin || f.std > T.seluStdMax,
      );
      summary.push(
        `${name} (line ${info.line}, selu): mean/std ${forward.map((f: Any) => `${fmt(f.mean)}/${fmt(f.std)}`).join(', ')} in the last blocks`,
      );
      if (enoughChecks && offs.every(Boolean))
        add(
          'activation-drift',
          name,
          `off the SELU fixed point: mean/std ${forward.map((f: Any) => `${fmt(f.mean)}/${fmt(f.std)}`).join(', ')}`,
        );
    }
  }
  attributeCauses(probe, pairs, { order, layerInfo, gradientLayers, nan, summary, T, window });
  if (!enoughChecks) summary.push(`only ${stepsJudged} finite step(s): window-based kinds cannot be established`);
  else if (shortRun)
    summary.push(
      `a short run: ${blocks.length} block(s) (${blocks.map((block: Any) => `${block.fromStep}–${block.toStep}`).join(', ')}), all judged`,
    );
  return { pairs, borderline: [], notes, summary, nonFiniteStep: nanStep };
}

/** Pools compact per-step forward records (probe.mts, `compact`) of one layer into a block-like summary. */
function pooled(records: Any[], name: string) {
  let units = 0;
  let rows = 0;
  let count = 0;
  let flat = 0;
  let sum = 0;
  let sumSq = 0;
  let positive: number[] | null = null;
  for (const record of records) {
    const layer = record.layers?.[name];
    if (!layer) continue;
    units = layer.units;
    rows += layer.rows;
    count += layer.count;
    flat += layer.flat;
    sum += layer.sum;
    sumSq += layer.sumSq;
    if (layer.positive) {
      positive ??= new Array<number>(layer.units).fill(0);
      layer.positive.forEach((p: number, unit: number) => (positive![unit]! += p));
    }
  }
  if (!rows) return null;
  const mean = count ? sum / count : null;
  const dead = positive ? positive.filter((p) => p === 0).length : null;
  return {
    units,
    rows,
    deadUnits: dead,
    deadShare: dead === null ? null : dead / units,
    rareUnits: positive ? positive.filter((p) => p > 0 && p / rows < 0.01).length : null,
    mean,
    std: mean === null ? null : Math.sqrt(Math.max(0, sumSq / count - mean * mean)),
    saturatedShare: count ? flat / count : null,
  };
}

/** The finite steps `from`–`to` (after the last complete block, before the first NaN/Inf) as one block. */
function partialBlock(probe: Any, preDivergence: Any[], from: number, to: number): Any {
  const records = probe.stepRecords.filter((record: Any) => record.step >= from && record.step <= to);
  const owners = new Set<string>(records.flatMap((record: Any) => Object.keys(record.grads)));
  const gradients: Record<string, number> = {};
  for (const owner of owners)
    gradients[owner] = median(
      records.map((record: Any) => num(record.grads[owner])).filter((n: number) => !Number.isNaN(n)),
    );
  const steps = preDivergence.filter((record: Any) => record.step >= from && record.step <= to);
  const names = new Set<string>(steps.flatMap((record: Any) => Object.keys(record.layers ?? {})));
  const forward: Record<string, unknown> = {};
  for (const name of names) forward[name] = pooled(steps, name);
  return {
    fromStep: from,
    toStep: to,
    partial: true,
    totalGradient: median(records.map((record: Any) => num(record.total))),
    gradients,
    forward,
  };
}

/**
 * A diverged run's last finite steps for one layer: the trailing third of the steps before the first NaN/Inf,
 * extended until they hold `divergedMinSamples` of the layer's training outputs; null when all of them hold
 * fewer (or the run did not diverge).
 */
function divergedWindow(preDivergence: Any[], nanStep: number | null, name: string, T: Limits) {
  if (nanStep === null || preDivergence.length === 0) return null;
  const finite = preDivergence.filter((record: Any) => record.layers?.[name]);
  if (finite.length === 0) return null;
  let take = Math.min(finite.length, Math.max(1, Math.ceil((nanStep - 1) * T.divergedWindowShare)));
  let rows = finite.slice(-take).reduce((total: number, record: Any) => total + record.layers[name].rows, 0);
  while (rows < T.divergedMinSamples && take < finite.length) {
    take++;
    rows += finite[finite.length - take].layers[name].rows;
  }
  if (rows < T.divergedMinSamples) return null;
  const steps = finite.slice(-take);
  const summary = pooled(steps, name);
  return summary ? { ...summary, from: steps[0].step as number, to: steps.at(-1).step as number } : null;
}

/**
 * The cause of each true pair, from the probe's own measurements, where one rule singles it out (else none):
 *
 * - dead-units: the layer's bias weights were all equal and negative at the first step → negative-bias; else the
 *   first layer, dead from the first step (≥ `faultAtStart` of its units), with unscaled inputs (a feature's
 *   |mean| or std > `unscaledInputs`) → unscaled-inputs; else units alive at the start (under `aliveAtStart`
 *   dead on the data set) that died after a step's gradient norm reached `gradientSpike`× the first step's →
 *   large-updates;
 * - saturation: the first layer saturated from the first step with unscaled inputs → unscaled-inputs; not
 *   saturated at the first step but saturated after the gradient norm grew `overflowGrowth`× → large-updates;
 * - exploding-gradient: the gradient norm started ordinary (first steps' median ≤ `ordinaryStartNorm`) and grew
 *   `overflowGrowth`× → large-updates;
 * - non-finite: after the gradient norm grew `overflowGrowth`× → large-updates; in the loss with no prior growth
 *   (under `gradientSpike`×) → undefined-operation;
 * - vanishing-gradient in a model with ≥ `saturatingStackDepth` sigmoid/tanh layers → saturating-stack;
 * - activation-drift (SELU) → selu-setup.
 */
function attributeCauses(
  probe: Any,
  pairs: TruePair[],
  context: {
    order: string[];
    layerInfo: Map<string, Any>;
    gradientLayers: string[];
    nan: { step: number; where: string; layer: string | null } | null;
    summary: string[];
    T: Limits;
    window: (name: string) => ReturnType<typeof divergedWindow>;
  },
): void {
  const { order, layerInfo, gradientLayers, nan, summary, T } = context;
  const nanStep = nan?.step ?? null;
  const finite: Any[] = probe.stepRecords.filter(
    (record: Any) => (nanStep === null || record.step < nanStep) && Number.isFinite(num(record.total)),
  );
  // The first steps' median norm (as many as fit in half the finite steps, at most `overflowEdgeSteps`).
  const edge = Math.max(1, Math.min(T.overflowEdgeSteps, Math.floor(finite.length / 2)));
  const start = finite.length ? median(finite.slice(0, edge).map((r: Any) => num(r.total))) : NaN;
  // A spike: a step's norm against the very first step's (later "first steps" may already be spiking).
  const firstNorm = finite.length ? num(finite[0].total) : NaN;
  const firstAt = (factor: number) =>
    finite.find((record: Any) => num(record.total) >= factor * firstNorm)?.step ?? null;
  const peak = finite.reduce((best: number, record: Any) => Math.max(best, num(record.total)), 0);
  const growth = peak / start;
  const inputs = probe.inputStats;
  const unscaled =
    inputs?.available && (inputs.maxAbsMean > T.unscaledInputs || inputs.maxStd > T.unscaledInputs)
      ? `inputs unscaled (largest feature |mean| ${fmt(inputs.maxAbsMean)}, std ${fmt(inputs.maxStd)})`
      : null;
  summary.push(
    `causes: gradient norm ${fmt(firstNorm)} at the first step, ${fmt(start)} over the first ${edge}, peak ${fmt(peak)} (${fmt(growth)}×)${firstAt(T.gradientSpike) ? `, ≥ ${T.gradientSpike}× the first step's from step ${firstAt(T.gradientSpike)}` : ''}; inputs ${inputs?.available ? `largest feature |mean| ${fmt(inputs.maxAbsMean)}, std ${fmt(inputs.maxStd)}` : 'not measured'}`,
  );
  const firstLayer = gradientLayers[0] ?? null;
  const nameAt = (line: number | null, kind: string) =>
    line === null
      ? null
      : (order.find(
          (name) =>
            layerInfo.get(name)?.line === line &&
            (kind !== 'dead-units' || CLAMPS_AT_ZERO.has(layerInfo.get(name)?.activation)),
        ) ?? null);
  const atFirstStep = (name: string) => {
    const compact = probe.firstStepForward?.[name];
    if (!compact) return null;
    return {
      dead: compact.positive ? compact.positive.filter((p: number) => p === 0).length / compact.units : null,
      saturated: compact.count ? compact.flat / compact.count : null,
    };
  };
  const deadOnDataAt = (name: string) =>
    probe.fullData.find((entry: Any) => entry.layers?.[name])?.layers?.[name]?.deadShare ?? null;
  // When the layer was first seen dead: on the data set (every block), or silent over a diverged run's last
  // finite steps (from the window's first step).
  const firstDeadStep = (name: string) => {
    const onData = probe.fullData.find(
      (entry: Any) =>
        (nanStep === null || entry.step < nanStep) && (entry.layers?.[name]?.deadShare ?? 0) >= T.deadWarn,
    )?.step;
    const silent = context.window(name);
    const inWindow = silent && (silent.deadShare ?? 0) >= T.deadWarn ? silent.from : undefined;
    const steps = [onData, inWindow].filter((step): step is number => step !== undefined);
    return steps.length ? Math.min(...steps) : null;
  };
  const saturatingLayers = order.filter(
    (name) => SATURATING.has(layerInfo.get(name)?.activation) && (layerInfo.get(name)?.parameters ?? 0) > 0,
  ).length;
  for (const pair of pairs) {
    const name = nameAt(pair.line, pair.kind);
    let cause: CauseId | undefined;
    let because: string | undefined;
    if (pair.kind === 'dead-units' && name) {
      const bias = probe.initialBias?.[name];
      const early = atFirstStep(name);
      const atStart = Math.max(deadOnDataAt(name) ?? 0, early?.dead ?? 0);
      const spikeStep = firstAt(T.gradientSpike);
      const deathStep = firstDeadStep(name);
      if (bias?.allEqual && bias.max < 0) {
        cause = 'negative-bias';
        because = `all ${bias.count} biases start at ${fmt(bias.max)}`;
      } else if (name === firstLayer && atStart >= T.faultAtStart && unscaled) {
        cause = 'unscaled-inputs';
        because = `${pct(atStart)} of the first layer's units dead from the first step; ${unscaled}`;
      } else if (
        (deadOnDataAt(name) ?? 1) < T.aliveAtStart &&
        spikeStep !== null &&
        deathStep !== null &&
        spikeStep <= deathStep
      ) {
        cause = 'large-updates';
        because = `alive at the start; the gradient norm reached ${T.gradientSpike}× the first step's at step ${spikeStep}; the units were dead by step ${deathStep}`;
      }
    } else if (pair.kind === 'saturation' && name) {
      const early = atFirstStep(name)?.saturated ?? null;
      if (name === firstLayer && early !== null && early > T.saturation && unscaled) {
        cause = 'unscaled-inputs';
        because = `${pct(early)} of the first layer's outputs flat at the first step; ${unscaled}`;
      } else if (early !== null && early <= T.saturation && growth >= T.overflowGrowth) {
        cause = 'large-updates';
        because = `${pct(early)} flat at the first step; saturated after the gradient norm grew ${fmt(growth)}×`;
      }
    } else if (pair.kind === 'exploding-gradient') {
      if (start <= T.ordinaryStartNorm && growth >= T.overflowGrowth) {
        cause = 'large-updates';
        because = `the gradient norm started at ${fmt(start)} and grew ${fmt(growth)}×`;
      }
    } else if (pair.kind === 'non-finite') {
      if (growth >= T.overflowGrowth) {
        cause = 'large-updates';
        because = `the gradient norm grew ${fmt(growth)}× before step ${nanStep}`;
      } else if (nan?.where === 'loss' && !(growth >= T.gradientSpike)) {
        cause = 'undefined-operation';
        because = `the loss went NaN/Inf at step ${nanStep} with no growth before it${finite.length ? ` (${fmt(growth)}×)` : ''}`;
      }
    } else if (pair.kind === 'vanishing-gradient' && saturatingLayers >= T.saturatingStackDepth) {
      cause = 'saturating-stack';
      because = `${saturatingLayers} sigmoid/tanh layers`;
    } else if (pair.kind === 'activation-drift') {
      cause = 'selu-setup';
      because = 'a SELU layer off its fixed point';
    }
    if (cause) {
      pair.cause = cause;
      pair.because = because;
    }
  }
}

export function deriveTruth(probe: Any): Truth {
  const nominal = derivePairs(probe, limits(0));
  const loose = new Set(derivePairs(probe, limits(1)).pairs.map(key));
  const strict = new Set(derivePairs(probe, limits(-1)).pairs.map(key));
  const borderline = [...loose].filter((pair) => !strict.has(pair));
  return { ...nominal, borderline };
}

function key(pair: { kind: string; line: number | null }): string {
  return `${pair.kind}@${pair.line ?? '-'}`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function pct(share: number): string {
  return `${(share * 100).toFixed(share > 0 && share < 0.01 ? 2 : 0)}%`;
}

function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  return magnitude >= 1e4 || magnitude < 1e-3 ? value.toExponential(2) : value.toPrecision(3);
}
