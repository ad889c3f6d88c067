import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Analyzer, DEFAULT_THRESHOLDS, analyzeEvents, parseThresholds } from '../../src/analysis/index.ts';
import { RunBuilder, dense, firstUnits } from './analysis-helpers.ts';

describe('thresholds', () => {
  it('defaults to the literature values', () => {
    assert.equal(DEFAULT_THRESHOLDS.deadUnitsWarnFraction, 0.1);
    assert.equal(DEFAULT_THRESHOLDS.deadUnitsErrorFraction, 0.5);
    assert.equal(DEFAULT_THRESHOLDS.vanishingRatio, 1e-3);
    assert.equal(DEFAULT_THRESHOLDS.vanishingMaxNorm, 1e-4);
    assert.equal(DEFAULT_THRESHOLDS.vanishingRmsFloor, 1e-7);
    assert.equal(DEFAULT_THRESHOLDS.explodingRatio, 70);
    assert.equal(DEFAULT_THRESHOLDS.saturationFraction, 0.5);
    assert.deepEqual([DEFAULT_THRESHOLDS.seluStdMin, DEFAULT_THRESHOLDS.seluStdMax], [0.5, 2]);
    assert.ok(Object.isFrozen(DEFAULT_THRESHOLDS));
  });

  it('parses a partial override and leaves the rest to the defaults', () => {
    assert.deepEqual(parseThresholds({ deadUnitsWarnFraction: 0.3, vanishingRaiseAfterChecks: 5 }), {
      deadUnitsWarnFraction: 0.3,
      vanishingRaiseAfterChecks: 5,
    });
    assert.deepEqual(parseThresholds({}), {});
  });

  it('changes what is reported', () => {
    const layers = [dense('dense_Dense1', 'relu', 20, 4), dense('dense_Out', 'softmax', 3, 20)];
    const run = new RunBuilder(layers).windows(2, { layers: { dense_Dense1: { silent: firstUnits(4) } } });
    assert.equal(analyzeEvents(run.events).length, 1, '20% dead is reported by default');
    assert.deepEqual(analyzeEvents(run.events, parseThresholds({ deadUnitsWarnFraction: 0.3 })), []);
    const analyzer = new Analyzer(parseThresholds({ deadUnitsRaiseAfterChecks: 3 }));
    run.events.forEach((event) => analyzer.push(event));
    assert.deepEqual(analyzer.findings(), [], 'two evidence windows no longer suffice');
  });

  it('rejects an unknown key, naming it', () => {
    assert.throws(() => parseThresholds({ deadUnitWarn: 0.2 }), /Unknown threshold "deadUnitWarn"/);
  });

  it('rejects a bad value, naming the key and the value', () => {
    assert.throws(
      () => parseThresholds({ deadUnitsWarnFraction: 1.5 }),
      /Invalid threshold "deadUnitsWarnFraction": .*<=1.*got 1\.5/,
    );
    assert.throws(
      () => parseThresholds({ vanishingRaiseAfterChecks: 2.5 }),
      /Invalid threshold "vanishingRaiseAfterChecks".*got 2\.5/,
    );
    assert.throws(() => parseThresholds({ explodingRatio: '70' }), /Invalid threshold "explodingRatio".*got "70"/);
  });

  it('rejects pairs the wrong way round, naming the key that was overridden', () => {
    assert.throws(
      () => parseThresholds({ deadUnitsWarnFraction: 0.6 }),
      /Invalid threshold "deadUnitsWarnFraction": deadUnitsWarnFraction \(0\.6\) must not exceed deadUnitsErrorFraction \(0\.5\)/,
    );
    assert.throws(() => parseThresholds({ seluStdMax: 0.4 }), /Invalid threshold "seluStdMax"/);
    assert.throws(() => new Analyzer({ seluStdMin: 3 }), /seluStdMin/);
  });

  it('rejects something that is not an object', () => {
    assert.throws(() => parseThresholds(null), /Thresholds must be an object of numbers, got null/);
    assert.throws(() => parseThresholds([0.1]), /got an array/);
  });
});
