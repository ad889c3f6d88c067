import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding, Severity } from '../../src/core/findings.ts';
import { FindingLatches } from '../../src/analysis/hysteresis.ts';
import { formatChange, formatNumber, formatShare } from '../../src/core/format.ts';

const finding = (step: number, severity: Severity = 'warning', message = `at ${step}`): Finding => ({
  kind: 'saturation',
  severity,
  layer: 'dense_Dense1',
  source: null,
  step,
  message,
  evidence: {},
  fixes: [],
  related: [],
});

describe('FindingLatches', () => {
  it('raises after N consecutive checks with evidence, keeps the established step and updates the rest', () => {
    const latches = new FindingLatches({ raiseAfter: 3, clearAfter: 2 });
    latches.evidence('a', () => finding(1));
    latches.evidence('a', () => finding(2));
    assert.deepEqual(latches.findings(), []);
    latches.evidence('a', () => finding(3));
    latches.evidence('a', () => finding(4, 'warning', 'latest evidence'));
    assert.deepEqual(
      latches.findings().map((raised) => [raised.step, raised.message]),
      [[3, 'latest evidence']],
    );
  });

  it('never lowers the severity while raised', () => {
    const latches = new FindingLatches({ raiseAfter: 1, clearAfter: 2 });
    latches.evidence('a', () => finding(1, 'error'));
    latches.evidence('a', () => finding(2, 'warning'));
    assert.equal(latches.findings()[0]?.severity, 'error');
  });

  it('restarts the streak after a check without evidence, and clears only after M quiet checks', () => {
    const latches = new FindingLatches({ raiseAfter: 2, clearAfter: 2 });
    latches.evidence('a', () => finding(1));
    latches.noEvidence('a');
    latches.evidence('a', () => finding(3));
    assert.deepEqual(latches.findings(), []);
    latches.evidence('a', () => finding(4));
    latches.noEvidence('a');
    latches.evidence('a', () => finding(6));
    latches.noEvidence('a');
    assert.equal(latches.findings().length, 1);
    latches.noEvidence('a');
    assert.deepEqual(latches.findings(), []);
  });

  it('confirms pending evidence at once', () => {
    const latches = new FindingLatches({ raiseAfter: 3, clearAfter: 1 });
    latches.evidence('a', () => finding(1));
    assert.equal(latches.streak('a'), 1);
    latches.confirm('a', () => finding(1, 'error'));
    assert.equal(latches.raised('a')?.severity, 'error');
  });
});

describe('message numbers', () => {
  it('keeps tiny gradients readable and never rounds them to 0', () => {
    assert.equal(formatNumber(3.2e-7), '3.2e-7');
    assert.equal(formatNumber(0.01234), '0.0123');
    assert.equal(formatNumber(500), '500');
    assert.equal(formatNumber(2.5e6), '2.5e6');
    assert.equal(formatShare(28, 64, 'units'), '28 of 64 units (44%)');
  });

  it('shows a change with the digits it takes to see it, and no more', () => {
    assert.deepEqual(formatChange(0.0688, 0.39), ['0.0688', '0.39']);
    assert.deepEqual(formatChange(1 / 12, 1 / 12 + 1e-6), ['0.083333', '0.083334']);
    assert.deepEqual(formatChange(0.4, 0.4), ['0.4', '0.4']);
  });
});
