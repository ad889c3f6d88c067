/**
 * U+2028 and U+2029 inside string literals: V8 and esbuild count them as line breaks, the editor does not.
 * Every reported position is the editor's, in a file run as written, compiled (TypeScript, through its source
 * map), or refused for a syntax error.
 */
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCli, SCRIPTS, tempDir } from './cli-harness.ts';

const FIXTURE = path.join(SCRIPTS, 'line-separators-in-strings.js');
/** The editor's lines: VS Code breaks lines at \n, \r\n and \r only. */
const editorLines = (file: string) => readFileSync(file, 'utf8').split(/\r\n|\r|\n/);

/** Line and column of each `tf.layers.…(` call, as the editor shows them. */
function layerCalls(file: string): { line: number; column: number }[] {
  return editorLines(file).flatMap((text, index) => {
    const column = text.indexOf('tf.layers.');
    return column === -1 ? [] : [{ line: index + 1, column: column + 1 }];
  });
}

async function reportedLayerPositions(file: string) {
  const result = await runCli(['run', file]);
  assert.equal(result.code, 0, result.stdout + result.stderr);
  return result.report!.layers.map((layer) => ({ line: layer.source?.line, column: layer.source?.column }));
}

test('the fixture has separators above one layer and before another on its own line', () => {
  const text = readFileSync(FIXTURE, 'utf8');
  const [first, second] = layerCalls(FIXTURE);
  const before = (line: number) => text.split('\n').slice(0, line).join('\n');
  assert.match(before(first!.line - 1), /\u2028[^]*\u2029/);
  assert.match(editorLines(FIXTURE)[second!.line - 1]!.slice(0, second!.column), /\u2028/);
});

test('a layer below strings with U+2028/U+2029 is reported at the line and column the editor shows', async () => {
  assert.deepEqual(await reportedLayerPositions(FIXTURE), layerCalls(FIXTURE));
});

test('the same in TypeScript, whose positions come through the compiled file’s source map', async () => {
  const file = path.join(tempDir(), 'line-separators-in-strings.ts');
  copyFileSync(FIXTURE, file);
  assert.deepEqual(await reportedLayerPositions(file), layerCalls(file));
});

test('a syntax error below them is reported at the editor’s line and column', async () => {
  const file = path.join(tempDir(), 'line-separators-then-a-syntax-error.js');
  writeFileSync(file, `${readFileSync(FIXTURE, 'utf8')}const broken = 'é\u2028'; foo(;\n`);
  const result = await runCli(['run', file]);
  assert.equal(result.code, 3, result.stdout + result.stderr);
  const lines = editorLines(file);
  const line = lines.findIndex((text) => text.includes('foo(;')) + 1;
  const column = lines[line - 1]!.indexOf('foo(;') + 'foo('.length + 1;
  assert.deepEqual(result.report?.outcome.location, { file, line, column });
});
