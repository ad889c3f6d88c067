/** Shared by the fixes tests: write sources readably, point at code by text, apply a fix and check the result parses. */
import assert from 'node:assert/strict';
import { applyEdits, computeFixEdits } from '../../src/fixes/edits.ts';
import { syntaxErrors } from '../../src/source/parse.ts';
import type { FixAction } from '../../src/core/findings.ts';

/** A template literal without its first line break and common indentation, so test sources can sit indented. */
export function code(strings: TemplateStringsArray): string {
  const lines = strings.raw
    .join('')
    .replace(/^\n/, '')
    .replace(/\n[ \t]*$/, '\n')
    .split('\n');
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^ */.exec(line)![0].length);
  const common = Math.min(...indents);
  return lines
    .map((line) => line.slice(common))
    .join('\n')
    .replace(/\\`/g, '`');
}

/** The 1-based line and column where the `occurrence`-th (0-based) `needle` starts. */
export function locate(source: string, needle: string, occurrence = 0): { line: number; column: number } {
  let position = -1;
  for (let seen = 0; seen <= occurrence; seen += 1) {
    position = source.indexOf(needle, position + 1);
    assert.notEqual(position, -1, `"${needle}" #${occurrence} not in the source`);
  }
  const before = source.slice(0, position);
  return { line: before.split('\n').length, column: position - before.lastIndexOf('\n') };
}

export interface At {
  needle: string;
  occurrence?: number;
  fileName?: string;
}

/** Applies `fix` at `needle`, asserts it is offered and the result parses, and returns the edited source. */
export function fixed(source: string, fix: FixAction, at: At | string): string {
  const { needle, occurrence, fileName = 'model.js' } = typeof at === 'string' ? { needle: at } : at;
  const result = computeFixEdits(source, fileName, locate(source, needle, occurrence), fix);
  assert.ok(result.ok, `expected an edit, got: ${result.ok ? '' : result.reason}`);
  const edited = applyEdits(source, result.edits);
  assert.deepEqual(syntaxErrors(edited, fileName), [], `the edited source does not parse:\n${edited}`);
  return edited;
}

/** Asserts `fix` is refused at `needle` and returns the reason. */
export function refusal(source: string, fix: FixAction, at: At | string): string {
  const { needle, occurrence, fileName = 'model.js' } = typeof at === 'string' ? { needle: at } : at;
  const result = computeFixEdits(source, fileName, locate(source, needle, occurrence), fix);
  assert.equal(result.ok, false, 'expected the fix to be refused');
  return result.ok ? '' : result.reason;
}
