/**
 * A synthetic run of any size, for the run model's bounds and the redraw bench: `layers` Dense layers
 * (ReLU, a SELU pair in the middle, a linear output), windows of `every` steps, one epoch per 500 steps.
 * Gradients shrink with depth and ReLU units die over time, so every chart has a shape to draw.
 */
import type { LayerEvent, RunnerEvent, WindowEvent } from '../../src/core/events.ts';

export interface SyntheticRunOptions {
  layers: number;
  steps: number;
  every?: number;
  units?: number;
  /** A gradient spike to find again after downsampling: its layer index, step and norm. */
  spike?: { layer: number; step: number; norm: number };
  /** A layer (index) whose gradient is exactly zero at every step: a dead layer, which a log chart must still draw. */
  zeroGradientLayer?: number;
}

const STEPS_PER_EPOCH = 500;

export function syntheticRun(options: SyntheticRunOptions): RunnerEvent[] {
  const { layers: layerCount, steps, every = 20, units = 64 } = options;
  const random = seededRandom(1);
  const layers = Array.from({ length: layerCount }, (_, index) => syntheticLayer(index, layerCount, units));
  const events: RunnerEvent[] = [
    {
      type: 'start',
      protocol: 1,
      time: 0,
      script: '/work/synthetic/train.js',
      cwd: '/work/synthetic',
      args: [],
      backend: 'cpu',
      tfjs: { source: 'bundled', version: '4.22.0', entry: 'tfjs' },
      seed: 1,
      every,
      maxSteps: null,
      pid: 1,
    },
    ...layers,
    {
      type: 'model',
      name: 'sequential_1',
      className: 'Sequential',
      layers: layers.map((layer) => layer.name),
      source: null,
    },
  ];
  for (let fromStep = 1; fromStep <= steps; fromStep += every) {
    const toStep = Math.min(steps, fromStep + every - 1);
    events.push(syntheticWindow(layers, fromStep, toStep, random, options));
    const epochEnd = Math.floor(toStep / STEPS_PER_EPOCH) * STEPS_PER_EPOCH;
    if (epochEnd >= fromStep)
      events.push({
        type: 'epoch',
        epoch: epochEnd / STEPS_PER_EPOCH - 1,
        step: epochEnd,
        logs: { loss: 1 / Math.sqrt(epochEnd), acc: 1 - 1 / Math.sqrt(epochEnd) },
      });
  }
  events.push({ type: 'end', reason: 'completed', steps, elapsedMs: steps * 5 });
  return events;
}

/** One more window after `afterStep`, as a live run would send it. */
export function nextWindow(events: RunnerEvent[], afterStep: number, every = 20): WindowEvent {
  const layers = events.filter((event): event is LayerEvent => event.type === 'layer');
  return syntheticWindow(layers, afterStep + 1, afterStep + every, seededRandom(afterStep));
}

function syntheticLayer(index: number, count: number, units: number): LayerEvent {
  const last = index === count - 1;
  const selu = !last && Math.abs(index - count / 2) < 1;
  const name = `dense_Dense${index + 1}`;
  return {
    type: 'layer',
    name,
    className: 'Dense',
    activation: last ? 'linear' : selu ? 'selu' : 'relu',
    units,
    outputShape: [null, units],
    params: units * units + units,
    weights: [
      { name: 'kernel', variable: `${name}/kernel`, shape: [units, units], size: units * units, trainable: true },
      { name: 'bias', variable: `${name}/bias`, shape: [units], size: units, trainable: true },
    ],
    config: { kernelInitializer: selu ? 'leCunNormal' : 'glorotUniform', useBias: true },
    source: { file: '/work/synthetic/train.js', line: 10 + index, column: 13 },
  };
}

function syntheticWindow(
  layers: LayerEvent[],
  fromStep: number,
  toStep: number,
  random: () => number,
  { spike, zeroGradientLayer }: Pick<SyntheticRunOptions, 'spike' | 'zeroGradientLayer'> = {},
): WindowEvent {
  const steps = Array.from({ length: toStep - fromStep + 1 }, (_, offset) => fromStep + offset);
  return {
    type: 'window',
    fromStep,
    toStep,
    loss: steps.map((step) => roughly(2 / Math.sqrt(step) + 0.1 * random())),
    gradients: layers.flatMap((layer, index) =>
      layer.weights.map((weight) => ({
        layer: layer.name,
        weight: weight.name,
        size: weight.size,
        norm: steps.map((step) => {
          if (spike && spike.layer === index && spike.step === step) return spike.norm;
          return index === zeroGradientLayer ? 0 : roughly(0.5 ** (layers.length - index) * (0.5 + random()));
        }),
      })),
    ),
    activations: layers.map((layer, index) => {
      const units = layer.units ?? 0;
      // ReLU units die one by one as training goes on, more of them the deeper the layer.
      const dead =
        layer.activation === 'relu'
          ? Math.floor(units * Math.min(0.9, (index / layers.length) * (toStep / 20_000)))
          : 0;
      return {
        layer: layer.name,
        units,
        samples: 256,
        sampledSteps: 4,
        everActive:
          layer.activation === 'relu' ? Array.from({ length: units }, (_, unit) => (unit < dead ? 0 : 1)) : null,
        mean: layer.activation === 'selu' ? 0.1 * random() : 0.5 + random(),
        variance: layer.activation === 'selu' ? 0.8 + 0.4 * random() : random(),
        saturated: null,
      };
    }),
    nonFinite: [],
    elapsedMs: toStep * 5,
  };
}

/** Four significant digits, as plenty for a picture and a third the JSON of a full double. */
function roughly(value: number): number {
  return Number(value.toPrecision(4));
}

/** mulberry32: the same numbers on every machine, so a bench measures the same picture. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
