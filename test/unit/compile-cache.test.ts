import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { CompileCache } from '../../src/runner/loader/compile-cache.ts';

function emptyFolder(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'actlens-compile-cache-')), 'compiled');
}

/** A compiler that counts its calls and returns its input. */
function counting(): { compile: (text: string) => () => string; calls: () => number } {
  let calls = 0;
  return {
    compile: (text) => () => {
      calls++;
      return `compiled ${text}`;
    },
    calls: () => calls,
  };
}

test('a miss compiles and keeps the result; the same inputs later are answered without compiling', () => {
  const folder = emptyFolder();
  const compiler = counting();
  assert.equal(new CompileCache(folder).compiled(['v1', 'a.ts', 'text'], compiler.compile('a')), 'compiled a');
  // A new cache on the same folder: what the next run finds.
  assert.equal(new CompileCache(folder).compiled(['v1', 'a.ts', 'text'], compiler.compile('a')), 'compiled a');
  assert.equal(compiler.calls(), 1);
  assert.equal(readdirSync(folder).length, 1);
});

test('every input is part of the key: a change in any of them compiles again', () => {
  const cache = new CompileCache(emptyFolder());
  const compiler = counting();
  const inputs = ['v1', 'a.ts', 'text'];
  cache.compiled(inputs, compiler.compile('a'));
  for (let i = 0; i < inputs.length; i++) {
    const changed = inputs.map((input, j) => (j === i ? `${input}!` : input));
    assert.equal(cache.compiled(changed, compiler.compile(`changed ${i}`)), `compiled changed ${i}`);
  }
  // Inputs that join to the same text are still told apart.
  cache.compiled(['v1a.ts', 'text'], compiler.compile('joined'));
  assert.equal(compiler.calls(), inputs.length + 2);
});

test('beyond its size the cache drops the entries used longest ago, not the ones written first', () => {
  const folder = emptyFolder();
  const cache = new CompileCache(folder, 3);
  const compiler = counting();
  const fileOf = new Map<string, string>();
  const keep = (name: string) => {
    const before = new Set(readdirSync(folder));
    cache.compiled([name], compiler.compile(name));
    const added = readdirSync(folder).filter((file) => !before.has(file));
    assert.equal(added.length, 1, `one entry for ${name}`);
    fileOf.set(name, added[0]!);
  };
  mkdirSync(folder);
  // Written three, two and one hours ago, in that order.
  ['a', 'b', 'c'].forEach((name, i) => {
    keep(name);
    const when = new Date(Date.now() - 3_600_000 * (3 - i));
    utimesSync(path.join(folder, fileOf.get(name)!), when, when);
  });
  // The first one written is used now: the one used longest ago is b.
  cache.compiled(['a'], compiler.compile('a'));
  assert.equal(compiler.calls(), 3, 'a was answered from the cache');
  keep('d');
  assert.deepEqual(readdirSync(folder).sort(), ['a', 'c', 'd'].map((name) => fileOf.get(name)!).sort());
});

test('a compile that fails is not kept: the error reaches the caller every time', () => {
  const folder = emptyFolder();
  const cache = new CompileCache(folder);
  const failing = () => {
    throw new Error('does not parse');
  };
  assert.throws(() => cache.compiled(['bad'], failing), /does not parse/);
  assert.throws(() => cache.compiled(['bad'], failing), /does not parse/);
  assert.deepEqual(readdirSync(path.dirname(folder)), []);
});

test('a folder that cannot be made costs only the cache: each run compiles, nothing is thrown or left behind', () => {
  const parent = mkdtempSync(path.join(tmpdir(), 'actlens-compile-cache-'));
  const file = path.join(parent, 'a-file');
  writeFileSync(file, '');
  const cache = new CompileCache(path.join(file, 'compiled'));
  const compiler = counting();
  assert.equal(cache.compiled(['a'], compiler.compile('a')), 'compiled a');
  assert.equal(cache.compiled(['a'], compiler.compile('a')), 'compiled a');
  assert.equal(compiler.calls(), 2);
  assert.deepEqual(readdirSync(parent), ['a-file']);
});
