/**
 * From a probe measurement (probe.mts) to the findings a scenario truly deserves, by the definitions in
 * docs/detectors.md applied to the true, complete numbers — every training sample of every step, every
 * step's gradients, the whole data set after training — instead of ActLens's sampled windows.
 *
 * The state at the end of training is what counts (a finding that went away would be cleared): the last
 * three 20-step blocks, or, when training went NaN/Inf, the blocks before that. Numbers within a small
 * factor of a threshold are reported as borderline, so a label never rests on a coin toss.
 */
import type { JudgedKind } from '../lib/manifest.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- the probe's JSON, read field by field */
type Any = any;

export interface TruePair {
  kind: JudgedKind;
  line: number | null;
  /** The numbers that make it true. */
  evidence: string;
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

const NOMINAL = {
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
  /** Strict only: growth that overflowed within the first block was never visible as growth between two checks. */
  overflowNeedsACheck: false,
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
    overflowNeedsACheck: !loose,
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
  const blocks: Any[] = probe.blocks.filter((block: Any) => nanStep === null || block.toStep < nanStep);
  const last = blocks.slice(-T.checks);
  const enoughChecks = last.length >= T.checks;
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
          `norm ${fmt(latest!.norm)}, ${fmt(latest!.ratio)}× the output's, rms ${fmt(latest!.rms)} in each of the last ${T.checks} blocks`,
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
      const first = num(finite[0].total);
      const lastSteps = finite.slice(-3);
      const final = median(lastSteps.map((record: Any) => num(record.total)));
      const growth = final / first;
      summary.push(
        `gradient norm before the overflow: ${fmt(first)} at the start → ${fmt(final)} just before step ${nanStep} (${fmt(growth)}×)`,
      );
      const visible = !T.overflowNeedsACheck || nanStep > probe.blockSize;
      if (growth >= T.overflowGrowth && visible)
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
  if (!enoughChecks)
    summary.push(
      `only ${last.length} complete block(s) of ${probe.blockSize} steps before the end: window-based kinds cannot be established`,
    );
  return { pairs, borderline: [], notes, summary, nonFiniteStep: nanStep };
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
