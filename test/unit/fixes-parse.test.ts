import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { scriptKindOf, syntaxErrors } from '../../src/source/parse.ts';

describe('parsing by file extension', () => {
  it('reads .js/.mjs/.cjs as JavaScript, .ts/.mts as TypeScript, .tsx as TSX, anything else as TypeScript', () => {
    assert.deepEqual(['a.js', 'a.mjs', 'a.cjs', 'a.ts', 'a.mts', 'a.tsx', 'a.JS', 'train'].map(scriptKindOf), [
      ts.ScriptKind.JS,
      ts.ScriptKind.JS,
      ts.ScriptKind.JS,
      ts.ScriptKind.TS,
      ts.ScriptKind.TS,
      ts.ScriptKind.TSX,
      ts.ScriptKind.JS,
      ts.ScriptKind.TS,
    ]);
  });

  it('reports type annotations as errors in JavaScript only', () => {
    const source = 'const units: number = 8;\n';
    assert.deepEqual(syntaxErrors(source, 'train.ts'), []);
    assert.equal(syntaxErrors(source, 'train.js').length, 1);
  });

  it('reports broken syntax', () => {
    assert.notDeepEqual(syntaxErrors('model.add(tf.layers.dense({ units: 1 })\n', 'train.js'), []);
  });
});
