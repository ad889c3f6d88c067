/** Shared by the lint tests: lint a source and apply a finding's fix the way the extension would. */
import assert from 'node:assert/strict';
import { applyEdits, computeFixEdits } from '../../src/fixes/edits.ts';
import { lintSource } from '../../src/analysis/lint/index.ts';
import type { Finding } from '../../src/core/findings.ts';

export const FILE = '/work/project/train.js';

export function lint(source: string): Finding[] {
  return lintSource(source, FILE);
}

/** `kind@line` for each finding, for compact assertions. */
export function summary(source: string): string[] {
  return lint(source).map((finding) => `${finding.kind}@${finding.source?.line}`);
}

/** The source after applying the finding's fix number `index` at the finding's location. */
export function applyFix(source: string, finding: Finding, index = 0): string {
  assert.ok(finding.source, 'a lint finding has a location');
  const result = computeFixEdits(source, FILE, finding.source, finding.fixes[index]!);
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return applyEdits(source, result.edits);
}
