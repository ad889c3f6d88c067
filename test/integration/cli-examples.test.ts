/**
 * Every bundled example through `actlens run`, as the README promises: the right exit code, a JSON report
 * valid against its schema, and every layer traced to the line of the user's file that built it.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { EXAMPLES, layerFactoryLines, runCli } from './cli-harness.ts';

/** Examples whose network is healthy (exit 0) or has a problem ActLens must report (exit 1). */
const EXPECTED_EXIT: Record<string, 0 | 1> = {
  'healthy-relu-mlp.js': 0,
  'dying-relu-high-lr.js': 1,
  'dying-relu-negative-bias.js': 1,
  'dying-relu-dead-start.js': 1,
  'deep-sigmoid-vanishing.js': 1,
  'selu-self-normalizing.js': 0,
  'selu-broken.js': 1,
  'small-convnet.js': 0,
  'custom-training-loop.js': 0,
  'typescript-mlp.ts': 0,
  'esm-elu.mjs': 0,
};

test('the expectations name every example script', () => {
  const scripts = readdirSync(EXAMPLES).filter((file) => /\.(m?js|ts)$/.test(file) && file !== 'synthetic-data.js');
  assert.deepEqual(scripts.sort(), Object.keys(EXPECTED_EXIT).sort());
});

for (const [example, expectedExit] of Object.entries(EXPECTED_EXIT)) {
  test(`examples/${example}`, async () => {
    const file = path.join(EXAMPLES, example);
    const result = await runCli(['run', file, '--quiet']);
    assert.equal(result.code, expectedExit, `exit code\n${result.stdout}\n${result.stderr}`);
    const report = result.report;
    assert.ok(report, 'a JSON report was written');
    assert.equal(report.schemaVersion, 1);
    assert.equal(report.script, file);
    assert.equal(report.backend, 'wasm');
    assert.equal(report.seed, 1);
    assert.ok(report.steps > 0, 'training steps were counted');
    const factoryLines = layerFactoryLines(file);
    const trained = report.layers.filter((layer) => layer.className !== 'InputLayer');
    assert.ok(trained.length >= 3, 'the layers were reported');
    for (const layer of trained) {
      assert.ok(layer.source, `${layer.name} has a source`);
      assert.equal(layer.source.file, file, `${layer.name} points into the example`);
      assert.ok(
        factoryLines.includes(layer.source.line),
        `${layer.name} at line ${layer.source.line}, a layer factory line (${factoryLines.join(', ')})`,
      );
    }
    // Every factory line built at least one layer: no layer was attributed to the wrong line.
    const reportedLines = new Set(trained.map((layer) => layer.source!.line));
    for (const line of factoryLines) assert.ok(reportedLines.has(line), `line ${line} built a reported layer`);
    const warnings = report.findings.filter((finding) => finding.severity !== 'info');
    assert.equal(
      warnings.length > 0,
      expectedExit === 1,
      `findings: ${JSON.stringify(warnings.map((finding) => [finding.kind, finding.layer]))}`,
    );
  });
}
