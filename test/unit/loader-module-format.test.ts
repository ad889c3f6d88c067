import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseFormat, moduleSyntax } from '../../src/runner/loader/module-format.ts';

/** The format a `.js` file with this text gets in a package without `"type"`. */
function formatOfJs(source: string): string {
  return chooseFormat('.js', 'commonjs', () => moduleSyntax(source));
}

test('a file without import/export is CommonJS, as node has it', () => {
  assert.equal(formatOfJs("const tf = require('@tensorflow/tfjs');\nmodule.exports = tf;"), 'commonjs');
});

test('a file with only ES syntax is an ES module (what Node 22 detects, Node 20 refuses)', () => {
  assert.equal(formatOfJs("import * as tf from '@tensorflow/tfjs';\nexport const x = tf.ones([1]);"), 'module');
});

test('the babel-era mix of import with require, module or __dirname is compiled to CommonJS', () => {
  for (const use of ["require('fs')", 'module.exports = {}', 'console.log(__dirname)', 'exports.x = 1']) {
    assert.equal(formatOfJs(`import * as tf from '@tensorflow/tfjs';\n${use};`), 'commonjs', use);
  }
});

test('CommonJS names the file declares itself are not CommonJS use', () => {
  const source = [
    "import { createRequire } from 'node:module';",
    'const require = createRequire(process.cwd());',
    'function exports() {}',
    'const config = { module: 1, require: 2 };',
    'console.log(config.module, config.require, exports);',
  ].join('\n');
  assert.equal(formatOfJs(source), 'module');
});

test('import.meta and top-level await keep a file an ES module even beside CommonJS names', () => {
  assert.equal(formatOfJs("import fs from 'fs';\nconsole.log(import.meta.url, __dirname);"), 'module');
  assert.equal(formatOfJs("import fs from 'fs';\nawait Promise.resolve(__dirname);"), 'module');
  assert.equal(formatOfJs("import fs from 'fs';\nfor await (const x of []) {}\nrequire('x');"), 'module');
});

test('await inside a function is not top-level await', () => {
  assert.deepEqual(moduleSyntax('async function f() { await 1; }\nrequire("x");'), {
    esm: false,
    esmOnly: false,
    usesCommonJs: true,
  });
});

test('what only a sloppy-mode script can be is CommonJS', () => {
  assert.equal(formatOfJs('with (Math) { console.log(PI); }'), 'commonjs');
});

test('extensions and the package type decide before the text does, as in node', () => {
  const esm = () => moduleSyntax("import x from 'x';\nrequire('y');");
  assert.equal(chooseFormat('.mjs', 'commonjs', esm), 'module');
  assert.equal(chooseFormat('.mts', 'commonjs', esm), 'module');
  assert.equal(chooseFormat('.cjs', 'module', esm), 'commonjs');
  assert.equal(chooseFormat('.cts', 'module', esm), 'commonjs');
  assert.equal(
    chooseFormat('.js', 'module', () => moduleSyntax("require('y');")),
    'module',
  );
  assert.equal(chooseFormat('.ts', 'commonjs', esm), 'commonjs');
});
