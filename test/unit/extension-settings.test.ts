import './vscode-stub.ts';
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { DEFAULT_SETTINGS, nodeLaunch, parseSettings, SettingsProblemReporter } from '../../extension/settings.ts';
import { settle, stub, StubLog } from './vscode-stub.ts';

const source = (values: Record<string, unknown>) => ({ get: (key: string) => values[key] });

describe('extension settings', () => {
  beforeEach(() => stub.reset());

  it('gives the defaults when nothing is set', () => {
    const { settings, problems } = parseSettings(source({}));
    assert.deepEqual(settings, DEFAULT_SETTINGS);
    assert.deepEqual(problems, []);
  });

  it('reads valid values', () => {
    const { settings, problems } = parseSettings(
      source({
        thresholds: { deadUnitsWarnFraction: 0.2 },
        every: 5,
        maxSteps: 300,
        backend: 'wasm',
        gpu: ' H200 ',
        overheadBudget: 0.05,
        seed: 7,
        nodePath: ' /opt/node ',
        openPanelOnRun: false,
        'lint.enabled': false,
        'codeLens.enabled': false,
        'inlineEvidence.enabled': false,
        'compare.seeds': 3,
        'compare.maxSteps': 40,
      }),
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(settings, {
      thresholds: { deadUnitsWarnFraction: 0.2 },
      every: 5,
      maxSteps: 300,
      backend: 'wasm',
      gpu: 'H200',
      overheadBudget: 0.05,
      seed: 7,
      nodePath: '/opt/node',
      openPanelOnRun: false,
      lintEnabled: false,
      codeLensEnabled: false,
      inlineEvidenceEnabled: false,
      compareSeeds: 3,
      compareMaxSteps: 40,
    });
  });

  it('ignores bad thresholds with a warning that names the threshold', () => {
    const { settings, problems } = parseSettings(
      source({ thresholds: { deadUnitsWarnFraction: 3, vanishingRatio: 1e-2 } }),
    );
    assert.deepEqual(settings.thresholds, {});
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /"actlens\.thresholds" is ignored/);
    assert.match(problems[0]!, /"deadUnitsWarnFraction"/);
    assert.match(problems[0]!, /got 3/);
  });

  it('names an unknown threshold and a pair the wrong way round', () => {
    assert.match(
      parseSettings(source({ thresholds: { deadUnitWarn: 0.1 } })).problems[0]!,
      /Unknown threshold "deadUnitWarn"/,
    );
    assert.match(
      parseSettings(source({ thresholds: { seluStdMin: 3 } })).problems[0]!,
      /"seluStdMin".*must not exceed seluStdMax/,
    );
    assert.match(parseSettings(source({ thresholds: 'strict' })).problems[0]!, /must be an object/);
  });

  it('falls back per setting for values of the wrong kind, naming each', () => {
    const { settings, problems } = parseSettings(
      source({
        every: 0,
        maxSteps: 2.5,
        backend: 'gpu',
        gpu: 0,
        seed: -1,
        openPanelOnRun: 'yes',
        nodePath: 42,
        'codeLens.enabled': 'off',
        'inlineEvidence.enabled': 1,
      }),
    );
    assert.equal(settings.every, DEFAULT_SETTINGS.every);
    assert.equal(settings.maxSteps, null);
    assert.equal(settings.backend, 'auto');
    assert.equal(settings.seed, DEFAULT_SETTINGS.seed);
    assert.equal(settings.openPanelOnRun, true);
    assert.equal(settings.nodePath, null);
    assert.equal(settings.gpu, null);
    assert.equal(settings.overheadBudget, 0.01);
    assert.equal(settings.codeLensEnabled, true);
    assert.equal(settings.inlineEvidenceEnabled, true);
    const named = problems.map((problem) => /"actlens\.([\w.]+)"/.exec(problem)?.[1]).sort();
    assert.deepEqual(named, [
      'backend',
      'codeLens.enabled',
      'every',
      'gpu',
      'inlineEvidence.enabled',
      'maxSteps',
      'nodePath',
      'openPanelOnRun',
      'seed',
    ]);
    assert.match(
      problems.find((problem) => problem.includes('codeLens'))!,
      /"actlens\.codeLens\.enabled" is ignored \(using true\): expected true or false, got "off"/,
    );
    assert.match(
      problems.find((problem) => problem.includes('backend'))!,
      /one of auto, tensorflow-gpu, webgpu, tensorflow, wasm, cpu, got "gpu"/,
    );
  });

  it('treats maxSteps 0 and null as no limit', () => {
    assert.equal(parseSettings(source({ maxSteps: 0 })).settings.maxSteps, null);
    assert.equal(parseSettings(source({ maxSteps: null })).problems.length, 0);
  });

  it("runs the training process with VS Code's own binary as Node unless nodePath says otherwise", () => {
    assert.deepEqual(nodeLaunch({ nodePath: null }, '/ws', '/apps/code/electron'), {
      nodePath: '/apps/code/electron',
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
    assert.deepEqual(nodeLaunch({ nodePath: '${workspaceFolder}/bin/node' }, '/ws'), { nodePath: '/ws/bin/node' });
    const home = nodeLaunch({ nodePath: '~/node/bin/node' }, undefined).nodePath;
    assert.ok(!home.startsWith('~') && home.endsWith('/node/bin/node'), home);
  });

  it('shows each problem once, as a warning with a way to the settings, until the settings change', async () => {
    const log = new StubLog('ActLens');
    const reporter = new SettingsProblemReporter(log);
    stub.answer = (message) => message.items[0];
    reporter.report(['The setting "actlens.every" is ignored.']);
    reporter.report(['The setting "actlens.every" is ignored.']);
    await settle();
    assert.equal(stub.messages.length, 1);
    assert.deepEqual(stub.messages[0], {
      severity: 'warning',
      message: 'ActLens: The setting "actlens.every" is ignored.',
      items: ['Open Settings'],
    });
    assert.equal(stub.executed.at(-1)?.command, 'workbench.action.openSettings');
    assert.equal(log.lines.length, 1);
    reporter.reset();
    reporter.report(['The setting "actlens.every" is ignored.']);
    assert.equal(stub.messages.length, 2);
  });
});
