import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findLayerCalls, layerCallAt } from '../../src/source/layer-calls.ts';
import { code, locate } from './fixes-harness.ts';

describe('findLayerCalls', () => {
  it('reads factory, namespace, 1-based position of the callee and the literal options', () => {
    const source = code`
      const tf = require('@tensorflow/tfjs');
      const model = tf.sequential();
      model.add(tf.layers.dense({ units: 8, activation: 'selu', kernelInitializer: 'leCunNormal', name: 'hidden' }));
    `;
    const [call] = findLayerCalls(source, 'model.js');
    assert.equal(call?.factory, 'dense');
    assert.equal(call?.namespace, 'tf.layers');
    assert.deepEqual([call?.line, call?.column], [3, 11]);
    assert.equal(
      source.slice(call!.callStart, call!.callEnd),
      "tf.layers.dense({ units: 8, activation: 'selu', kernelInitializer: 'leCunNormal', name: 'hidden' })",
    );
    assert.equal(source.slice(call!.factoryRange.start, call!.factoryRange.end), 'dense');
    assert.deepEqual([call?.activation, call?.kernelInitializer, call?.name], ['selu', 'leCunNormal', 'hidden']);
    assert.deepEqual(
      call?.options?.properties.map((property) => [property.name, property.literal]),
      [
        ['units', 8],
        ['activation', 'selu'],
        ['kernelInitializer', 'leCunNormal'],
        ['name', 'hidden'],
      ],
    );
  });

  it('follows the namespace through named imports, aliases, destructured requires and `const tfl = tf.layers`', () => {
    const namespaces = (source: string) =>
      findLayerCalls(source, 'model.ts').map((call) => `${call.namespace}.${call.factory}`);
    assert.deepEqual(namespaces(`import { layers } from '@tensorflow/tfjs';\nlayers.dense({ units: 1 });`), [
      'layers.dense',
    ]);
    assert.deepEqual(
      namespaces(`import { layers as tfl } from '@tensorflow/tfjs-node';\ntfl.conv2d({ filters: 1 });`),
      ['tfl.conv2d'],
    );
    assert.deepEqual(namespaces(`const { layers } = require('@tensorflow/tfjs-node');\nlayers.flatten();`), [
      'layers.flatten',
    ]);
    assert.deepEqual(
      namespaces(`import * as tf from '@tensorflow/tfjs';\nconst tfl = tf.layers;\ntfl.dropout({ rate: 0.1 });`),
      ['tfl.dropout'],
    );
  });

  it('ignores calls that only look like layer factories', () => {
    const source = code`
      import { layers } from '@tensorflow/tfjs';
      const stack = [];
      stack.push(1);
      const unrelated = { dense: () => 1 };
      unrelated.dense();
      tf.layers.notAFactory();
      const layer = new tf.layers.Layer({});
      layers.dense({ units: 1 });
    `;
    assert.deepEqual(
      findLayerCalls(source, 'model.ts').map((call) => call.line),
      [8],
    );
  });

  it('tells how each layer reaches its model', () => {
    const source = code`
      model.add(tf.layers.dense({ units: 8 }));
      const m = tf.sequential({ layers: [tf.layers.dense({ units: 4 })] });
      const h = (tf.layers.dense({ units: 2 }) as tf.layers.Layer).apply(input) as tf.SymbolicTensor;
      const kept = tf.layers.dense({ units: 1 });
    `;
    assert.deepEqual(
      findLayerCalls(source, 'model.ts').map((call) => call.context),
      ['sequential-add', 'sequential-array', 'functional-apply', 'other'],
    );
  });

  it('says whether options are written out, absent, or passed as an expression', () => {
    const source = code`
      tf.layers.dense({ units: 8, activation: act });
      tf.layers.flatten();
      tf.layers.dense(config);
    `;
    const calls = findLayerCalls(source, 'model.js');
    assert.deepEqual(
      calls.map((call) => call.optionsKind),
      ['literal', 'none', 'expression'],
    );
    assert.equal(calls[0]?.activation, undefined, 'a variable is not a known activation');
    assert.equal(calls[0]?.options?.properties[1]?.literal, undefined);
  });
});

describe('layerCallAt', () => {
  const source = code`
    model.add(tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 8 }) }));
    model.add(tf.layers.dense({ units: 4 }));
    model.add(tf.layers.dense({ units: 2 })); model.add(tf.layers.dense({ units: 1 }));
  `;
  const factoryAt = (at: { line: number; column: number }) => layerCallAt(source, 'model.js', at)?.factory;

  it('picks the call whose callee starts at the location', () => {
    assert.equal(factoryAt(locate(source, 'tf.layers.dense')), 'dense');
    assert.equal(factoryAt(locate(source, 'tf.layers.timeDistributed')), 'timeDistributed');
  });

  it('picks the innermost call containing the location, e.g. a column at the factory name', () => {
    const at = locate(source, 'dense({ units: 8');
    assert.equal(layerCallAt(source, 'model.js', at)?.callStart, source.indexOf('tf.layers.dense'));
  });

  it('falls back to the only layer call on the line', () => {
    const at = { line: 2, column: 1 };
    assert.equal(layerCallAt(source, 'model.js', at)?.callStart, source.indexOf('tf.layers.dense({ units: 4'));
  });

  it('finds nothing where a line holds several calls and none is at the location, or past the end', () => {
    assert.equal(factoryAt({ line: 3, column: 1 }), undefined);
    assert.equal(factoryAt({ line: 99, column: 1 }), undefined);
  });
});
