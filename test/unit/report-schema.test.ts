/** The published JSON Schema of the --json report is the one the code validates with. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { z } from 'zod';
import { JsonReportSchema } from '../../src/core/json-report-schema.ts';

test('docs/report.schema.json matches JsonReportSchema (regenerate with: npm run schema)', () => {
  const published = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'docs', 'report.schema.json'), 'utf8'));
  assert.deepEqual(published, z.toJSONSchema(JsonReportSchema));
});

test('the schema rejects a report that breaks the contract', () => {
  const base = {
    schemaVersion: 1,
    script: '/a.js',
    backend: 'wasm',
    steps: 3,
    seed: 1,
    runDir: '/r',
    outcome: { status: 'completed', exitCode: 0, message: 'ok', location: null },
    notes: [],
    layers: [],
    findings: [],
  };
  assert.equal(JsonReportSchema.safeParse(base).success, true);
  assert.equal(JsonReportSchema.safeParse({ ...base, schemaVersion: 2 }).success, false);
  assert.equal(
    JsonReportSchema.safeParse({
      ...base,
      layers: [
        { name: 'd', className: 'Dense', activation: 'relu', units: 4, source: { file: '/a.js', line: 0, column: 1 } },
      ],
    }).success,
    false,
    'lines are 1-based',
  );
});
