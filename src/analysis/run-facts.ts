/**
 * What the cause attribution needs to know about a run beyond one detector's view: which optimizer updates each
 * layer (and where the script built it), and the scale of the data each first layer is fed.
 */
import type { OptimizerEvent, WindowEvent } from '../core/events.ts';

export interface InputScale {
  mean: number;
  std: number;
}

export class RunFacts {
  private readonly optimizerOf = new Map<string, OptimizerEvent>();
  private firstOptimizer: OptimizerEvent | undefined;
  private readonly inputs = new Map<string, InputScale>();

  addOptimizer(event: OptimizerEvent): void {
    this.firstOptimizer ??= event;
    for (const layer of event.layers) this.optimizerOf.set(layer, event);
  }

  /** Keeps the first finite input statistics of each first layer: "from step 0" is what attribution asks about. */
  addWindow(window: WindowEvent): void {
    for (const { layer, input } of window.activations) {
      if (this.inputs.has(layer) || !input || input.mean === null || input.variance === null) continue;
      this.inputs.set(layer, { mean: input.mean, std: Math.sqrt(input.variance) });
    }
  }

  /** The optimizer that updates `layer`; for a model-wide finding (null), the first one the run used. */
  optimizer(layer: string | null): OptimizerEvent | undefined {
    return (layer === null ? undefined : this.optimizerOf.get(layer)) ?? this.firstOptimizer;
  }

  /** The input statistics of a layer fed by a model input; undefined for any other layer. */
  inputScale(layer: string | null): InputScale | undefined {
    return layer === null ? undefined : this.inputs.get(layer);
  }

  /** Any first layer's inputs, for findings about a SELU net's set-up. */
  anyInputScale(): InputScale | undefined {
    return this.inputs.values().next().value;
  }
}
