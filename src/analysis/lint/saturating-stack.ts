/**
 * lint-deep-saturating-stack: four or more sigmoid/tanh layers in a row. Backpropagation multiplies the
 * gradient by the activation's derivative at every layer: σ′ ≤ 0.25, and tanh′ ≤ 1 but near 0 once it
 * saturates — so through a deep stack the gradient reaching the first layers vanishes.
 *
 * "In a row" within one model: layers that only reshape, pool, normalise or drop units pass through; any
 * other activation (ReLU, a linear layer, an activation layer, an unknown value) ends the run.
 *
 * A layer call in a loop builds as many layers as the loop runs (`for (let i = 0; i < 8; i++) model.add(…)`: 8),
 * when the code fixes that number (a literal, a `const`, an array literal: src/source/layer-loops.ts). A count the
 * code does not fix (a parameter, a `break`, a call under an `if`) is never guessed: those layers keep a run going
 * but add nothing to its depth, and a non-saturating layer among them ends it. So an unknown loop is reported
 * only inside a stack the certain layers already make deep.
 */
import { activationInfo, isSaturating } from '../../core/activations.ts';
import { FEEDFORWARD_ACTIVATION_FACTORIES } from '../../source/layer-factories.ts';
import type { LayerCall, LayerLoop } from '../../source/layer-calls.ts';
import type { Finding, Fix } from '../../core/findings.ts';
import { editFix } from '../../core/fix-builders.ts';
import { lintFinding } from './lint-finding.ts';
import type { LintInput } from './lint-input.ts';

const MIN_STACK = 4;
const SIGMOID_DERIVATIVE_MAX = 0.25;

const PASS_THROUGH: ReadonlySet<string> = new Set([
  'dropout',
  'spatialDropout1d',
  'gaussianDropout',
  'alphaDropout',
  'gaussianNoise',
  'batchNormalization',
  'layerNormalization',
  'flatten',
  'reshape',
  'permute',
  'repeatVector',
  'masking',
  'inputLayer',
  'zeroPadding2d',
  'cropping2D',
  'upSampling2d',
]);

/** The edits a runtime vanishing-gradient finding offers, in its order. */
const FIXES: Fix[] = [
  editFix(
    { action: 'swap-activation', to: 'relu', kernelInitializer: 'heNormal' },
    "ReLU's derivative is 1 for every positive input, so it passes gradients back undiminished; heNormal scales the weights for it.",
    'saturating-stack',
  ),
  editFix(
    { action: 'swap-activation', to: 'selu', kernelInitializer: 'leCunNormal' },
    'SELU keeps activations near mean 0 and variance 1 through deep stacks, given leCunNormal weights.',
  ),
  editFix(
    { action: 'insert-layer-after', layer: 'batchNormalization' },
    "Batch normalisation keeps the next layer's inputs normalised, so pre-activations stay where derivatives are large.",
  ),
];

/**
 * One or more layers from one call, in model order: `times` layers (a call in a loop whose count is known, or 1),
 * or null when a loop around it runs an unknown number of times, possibly none.
 */
interface Entry {
  call: LayerCall;
  times: number | null;
}

type Item = { call: LayerCall } | { loop: LayerLoop; items: Item[] };

/** A deep run, with what every finding in it reads computed once (a generated stack may have thousands of layers). */
interface Run {
  entries: Entry[];
  /** The layers certain to be built. */
  depth: number;
  /** Every count in the run is known. */
  exact: boolean;
  /** Each entry's first layer, 1-based, counting known layers only. */
  starts: Map<Entry, number>;
  /** The distinct calls, in model order, with their index there and their entry when they have just one. */
  calls: LayerCall[];
  callIndex: Map<LayerCall, number>;
  onlyEntry: Map<LayerCall, Entry | null>;
  /** ", 8 of them built by the loop at line 7"; empty without loops. */
  loopSuffix: string;
  sigmoids: number;
  lines: string;
  activations: Array<string | undefined>;
  layersPerCall: Array<number | null>;
}

/** Evidence lists at most this many of a run's calls; related locations, this many around the finding's call. */
const LISTED = 64;
const RELATED_AROUND = 6;

function describeRun(entries: Entry[]): Run {
  const starts = new Map<Entry, number>();
  let next = 1;
  for (const entry of entries) {
    starts.set(entry, next);
    next += entry.times ?? 0;
  }
  const first = entries[0]!.call.line;
  const last = entries.at(-1)!.call.line;
  const listed = entries.slice(0, LISTED);
  const onlyEntry = new Map<LayerCall, Entry | null>();
  for (const entry of entries) onlyEntry.set(entry.call, onlyEntry.has(entry.call) ? null : entry);
  const calls = [...onlyEntry.keys()];
  return {
    entries,
    depth: next - 1,
    exact: entries.every((entry) => entry.times !== null),
    starts,
    calls,
    callIndex: new Map(calls.map((call, index) => [call, index])),
    onlyEntry,
    loopSuffix: calls.some((call) => call.loops) ? `, ${loopCount(entries)}` : '',
    sigmoids: entries
      .filter((entry) => activationInfo(entry.call.activation)?.id === 'sigmoid')
      .reduce((sum, entry) => sum + (entry.times ?? 0), 0),
    lines: first === last ? `line ${first}` : `lines ${first}–${last}`,
    activations: listed.map((entry) => entry.call.activation),
    layersPerCall: listed.map((entry) => entry.times),
  };
}

/** How many iterations of a loop with a run-breaking layer in its body show every shape of run it makes. */
const ITERATIONS_SHOWN = 3;

export function checkSaturatingStacks({ fileName, models }: LintInput): Finding[] {
  return models.flatMap((model) => {
    const entries = flatten(loopTree(model));
    const last = entries.at(-1);
    // For each call, the deepest run in which it builds hidden layers.
    const best = new Map<LayerCall, { run: Run; entry: Entry }>();
    for (const run of saturatingRuns(entries).map(describeRun)) {
      for (const entry of run.entries) {
        // The model's last layer is its output, whose activation is chosen for the task (a probability): it counts
        // towards the stack but is not asked to change — unless the same call also builds hidden layers in a loop.
        if (entry === last && entry.times === 1) continue;
        const known = best.get(entry.call);
        if (!known || run.depth > known.run.depth) best.set(entry.call, { run, entry });
      }
    }
    return [...best.values()]
      .sort((a, b) => a.entry.call.callStart - b.entry.call.callStart)
      .map(({ run, entry }) => stackFinding(fileName, entry, run, entry === last));
  });
}

/** A model's calls nested in the loops they sit in, in source order (a loop's body is contiguous in the source). */
function loopTree(model: readonly LayerCall[]): Item[] {
  const root: Item[] = [];
  for (const call of model) {
    let container = root;
    for (const loop of call.loops ?? []) {
      const previous = container.at(-1);
      if (previous && 'loop' in previous && previous.loop.start === loop.start) {
        container = previous.items;
      } else {
        const item: Item = { loop, items: [] };
        container.push(item);
        container = item.items;
      }
    }
    container.push({ call });
  }
  return root;
}

/**
 * The layers in model order. A loop of known count whose body keeps a run going multiplies its layers; one whose
 * body breaks the run is unrolled (a few iterations show every run it makes); one of unknown count contributes
 * its layers without a count, so they never make a stack deep by themselves.
 */
function flatten(items: readonly Item[]): Entry[] {
  const entries: Entry[] = [];
  for (const item of items) {
    if ('call' in item) {
      entries.push({ call: item.call, times: item.call.countUnknown ? null : 1 });
      continue;
    }
    const body = flatten(item.items);
    const { count } = item.loop;
    if (count === null) {
      entries.push(...body.map((entry) => ({ call: entry.call, times: null })));
    } else if (!body.some((entry) => breaksRun(entry.call))) {
      entries.push(
        ...body
          .filter(() => count > 0)
          .map((entry) => ({ call: entry.call, times: entry.times === null ? null : entry.times * count })),
      );
    } else {
      for (let iteration = 0; iteration < Math.min(count, ITERATIONS_SHOWN); iteration += 1)
        entries.push(...body.map((entry) => ({ ...entry })));
    }
  }
  return entries;
}

function breaksRun(call: LayerCall): boolean {
  return !isSaturatingLayer(call) && !PASS_THROUGH.has(call.factory) && !/Pool/i.test(call.factory);
}

function saturatingRuns(entries: readonly Entry[]): Entry[][] {
  const runs: Entry[][] = [];
  let run: Entry[] = [];
  for (const entry of entries) {
    if (isSaturatingLayer(entry.call)) {
      run.push(entry);
    } else if (breaksRun(entry.call)) {
      runs.push(run);
      run = [];
    }
  }
  runs.push(run);
  return runs.filter((candidate) => knownDepth(candidate) >= MIN_STACK);
}

/** The layers of a run that are certain to be built. */
function knownDepth(run: readonly Entry[]): number {
  return run.reduce((sum, entry) => sum + (entry.times ?? 0), 0);
}

function isSaturatingLayer(call: LayerCall): boolean {
  return FEEDFORWARD_ACTIVATION_FACTORIES.has(call.factory) && isSaturating(call.activation);
}

/** How many layers a call builds: the product of its loops' counts; null when one of them is unknown. */
function layersBuiltBy(call: LayerCall): number | null {
  if (call.countUnknown) return null;
  return (call.loops ?? []).reduce<number | null>(
    (product, loop) => (product === null || loop.count === null ? null : product * loop.count),
    1,
  );
}

function stackFinding(fileName: string, entry: Entry, run: Run, isOutput: boolean): Finding {
  const { call } = entry;
  const { depth, exact, sigmoids, lines } = run;
  const bound = SIGMOID_DERIVATIVE_MAX ** sigmoids;
  const shrink =
    sigmoids > 0
      ? ` Through its ${exact ? '' : 'at least '}${sigmoids} sigmoid layer${sigmoids === 1 ? '' : 's'} alone the gradient shrinks to at most ${SIGMOID_DERIVATIVE_MAX}^${sigmoids} ≈ ${bound.toPrecision(2)} of its size.`
      : '';
  const start = run.starts.get(entry)!;
  const position =
    entry.times === null || !exact
      ? null
      : entry.times === 1
        ? `Layer ${start}`
        : `Layers ${start}–${start + entry.times - 1}`;
  const stack = exact
    ? `${position} of ${depth} saturating layers in a row (${lines})`
    : `in a stack of at least ${depth} saturating layers (${lines})`;
  const loopText = call.loops ? loopSentence(call) : '';
  const message = loopText
    ? `${loopText}${exact ? `: ${stack.charAt(0).toLowerCase()}${stack.slice(1)}` : `, ${stack}`}.`
    : `${exact ? stack : `One of at least ${depth} saturating layers in a row (${lines})`}${run.loopSuffix}.`;
  const output = isOutput
    ? ` The last layer this loop builds is the model's output, whose activation suits the loss: after swapping, keep that one (add it after the loop).`
    : '';
  const unknown = exact
    ? ''
    : ' A loop in the stack runs a number of times not known before the script runs; only the layers certain to be built count towards the depth.';
  const detail = `Each saturating layer multiplies the gradient flowing back by its derivative, σ′ ≤ ${SIGMOID_DERIVATIVE_MAX} for sigmoid and near 0 for a saturated tanh, so the first layers barely learn.${shrink}${unknown}${output}`;
  return lintFinding(fileName, call, {
    kind: 'lint-deep-saturating-stack',
    message,
    detail,
    evidence: {
      consecutiveSaturatingLayers: depth,
      depthIsLowerBound: !exact,
      position: exact && entry.times !== null ? start : null,
      activations: run.activations,
      layersPerCall: run.layersPerCall,
      sigmoidLayers: sigmoids,
      sigmoidGradientBound: bound,
      ...(call.loops && {
        loop: {
          line: call.loops.at(-1)!.line,
          lines: call.loops.map((loop) => loop.line),
          layers: layersBuiltBy(call),
        },
      }),
    },
    fixes: FIXES,
    related: relatedCalls(run, call).map((other) => ({ message: relatedMessage(other, run), call: other })),
  });
}

/** "The loop at line 7 builds 8 sigmoid layers". */
function loopSentence(call: LayerCall): string {
  const loops = call.loops!;
  const where =
    loops.length === 1
      ? `The loop at line ${loops[0]!.line} builds`
      : `The loops at lines ${loops.map((loop) => loop.line).join(' and ')} build`;
  const count = layersBuiltBy(call);
  const activation = call.activation ?? 'saturating';
  const built =
    count === null
      ? `an unknown number of ${activation} layers`
      : `${count} ${activation} layer${count === 1 ? '' : 's'}`;
  return `${where} ${built}`;
}

/** ", 8 of them built by the loop at line 7". */
function loopCount(run: readonly Entry[]): string {
  const looped = run.filter((entry) => entry.call.loops);
  const layers = looped.reduce<number | null>(
    (sum, entry) => (sum === null || entry.times === null ? null : sum + entry.times),
    0,
  );
  const lines = [...new Set(looped.map((entry) => entry.call.loops!.at(-1)!.line))];
  const where = lines.length === 1 ? `the loop at line ${lines[0]}` : `the loops at lines ${lines.join(', ')}`;
  return layers === null ? `some of them built by ${where}` : `${layers} of them built by ${where}`;
}

/** The rest of the stack; for a long one, its first and last calls and those around this one. */
function relatedCalls(run: Run, call: LayerCall): LayerCall[] {
  const { calls } = run;
  const index = run.callIndex.get(call)!;
  if (calls.length <= 2 * RELATED_AROUND + 2) return calls.filter((other) => other !== call);
  const near = calls.slice(Math.max(0, index - RELATED_AROUND), index + RELATED_AROUND + 1);
  return [...new Set([calls[0]!, ...near, calls.at(-1)!])].filter((other) => other !== call);
}

function relatedMessage(other: LayerCall, run: Run): string {
  const only = run.onlyEntry.get(other);
  if (!other.loops && run.exact && only) return `${other.activation} layer ${run.starts.get(only)} of ${run.depth}`;
  const count = layersBuiltBy(other);
  return `${count === null ? '' : `${count} `}${other.activation} layers built by the loop at line ${other.loops?.at(-1)?.line ?? other.line}`;
}
