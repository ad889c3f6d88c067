/**
 * Which layer calls belong to one model, read from the code's shape: the elements of one layers array,
 * the `model.add(…)` calls on one receiver in one function, the other layers (functional API) of one function.
 * Static guesses: a model assembled across helper functions is seen as several.
 */
import ts from 'typescript';
import type { LayerCall, ScannedLayerCall } from '../../source/layer-calls.ts';

/** The models in the file, each its layers in source order. */
export function groupIntoModels(calls: readonly ScannedLayerCall[]): LayerCall[][] {
  const models = new Map<string, LayerCall[]>();
  for (const scanned of calls) {
    const key = modelKey(scanned);
    models.set(key, [...(models.get(key) ?? []), scanned.call]);
  }
  return [...models.values()];
}

function modelKey({ node, site }: ScannedLayerCall): string {
  switch (site.context) {
    case 'sequential-array':
      return `array@${site.array.pos}`;
    case 'sequential-add':
      return `add ${site.model.getText()}@${enclosingFunction(node).pos}`;
    default:
      return `scope@${enclosingFunction(node).pos}`;
  }
}

function enclosingFunction(node: ts.Node): ts.Node {
  let current = node.parent;
  while (!ts.isSourceFile(current) && !ts.isFunctionLike(current)) current = current.parent;
  return current;
}
