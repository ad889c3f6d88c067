/**
 * Which layer calls belong to one model, read from the code's shape: the elements of one layers array (with
 * what is pushed or spread into it), the `model.add(…)` calls on one receiver in one function, the other layers
 * (functional API) of one function. A loop callback (`forEach(() => model.add(…))`) is part of the function around
 * it. Static guesses: a model assembled across helper functions is seen as several.
 */
import type { LayerCall, ScannedLayerCall } from '../../source/layer-calls.ts';

/** The models in the file, each its layers in source order. */
export function groupIntoModels(calls: readonly ScannedLayerCall[]): LayerCall[][] {
  const models = new Map<string, LayerCall[]>();
  for (const scanned of calls) {
    const key = modelKey(scanned);
    const model = models.get(key);
    if (model) model.push(scanned.call);
    else models.set(key, [scanned.call]);
  }
  return [...models.values()];
}

function modelKey({ container }: ScannedLayerCall): string {
  switch (container.kind) {
    case 'array':
      return `array@${container.array.pos}`;
    case 'add':
      return `add ${container.model.getText()}@${container.scope.pos}`;
    case 'scope':
      return `scope@${container.scope.pos}`;
  }
}
