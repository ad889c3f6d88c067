/**
 * What each chart plots, taken from the run model: the x values and one named series per layer (or per
 * metric), layers in model order. Pure, like the model, so the series can be tested without a browser.
 */
import { isSelu } from '../src/core/activations.ts';
import type { MinMaxTable } from './min-max-table.ts';
import type { RunModel } from './run-model.ts';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  /** For a layer: where it sits, 0 = input to 1 = output, which picks its colour on the depth ramp. */
  depth?: number;
}

export interface ChartData {
  x: number[];
  series: ChartSeries[];
}

/** A table's columns as series, layer columns in model order (input → output), any others after them. */
export function seriesOf(table: MinMaxTable, model: RunModel): ChartData {
  const { x, columns } = table.plotColumns();
  const layerOrder = model.latest.orderedLayers().map((snapshot) => snapshot.layer.name);
  const keys = [
    ...layerOrder.filter((name) => columns.has(name)),
    ...table.columnKeys.filter((key) => !layerOrder.includes(key)),
  ];
  const depthOf = (key: string) => {
    const index = layerOrder.indexOf(key);
    return index < 0 ? undefined : index / Math.max(1, layerOrder.length - 1);
  };
  return { x, series: keys.map((key) => ({ label: key, values: columns.get(key)!, depth: depthOf(key) })) };
}

/** The vanishing-gradient picture: x = layer index (input → output), y = each layer's latest gradient norm. */
export function gradientDepthProfile(model: RunModel): ChartData & { layers: string[] } {
  const layers = model.latest.orderedLayers();
  return {
    x: layers.map((_, index) => index),
    layers: layers.map((snapshot) => snapshot.layer.name),
    series: [{ label: 'latest gradient norm', values: layers.map((snapshot) => snapshot.gradientNorm) }],
  };
}

/** Whether any series has a value to draw. */
export function hasValues(data: ChartData): boolean {
  return data.series.some((series) => series.values.some((value) => value !== null));
}

/** Names of the layers whose activation is SELU: their charts show the fixed point they should hold. */
export function seluLayers(model: RunModel): string[] {
  return model.latest
    .orderedLayers()
    .filter((snapshot) => isSelu(snapshot.layer.activation))
    .map((snapshot) => snapshot.layer.name);
}
