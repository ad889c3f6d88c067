/**
 * The `actlens.*` settings, read in one place. parseSettings is pure (it takes anything with `get`), so the
 * rules are testable without VS Code: a bad value falls back to its default and yields a problem that names
 * the setting (and, for thresholds, the threshold) in plain words.
 */
import * as os from 'node:os';
import * as vscode from 'vscode';
import { parseThresholds, type Thresholds } from '../src/analysis/index.ts';
import type { BackendChoice } from '../src/core/events.ts';
import { BACKENDS } from '../src/core/protocol.ts';
import { DEFAULT_OVERHEAD_BUDGET } from '../src/core/runner-config.ts';
import { DEFAULT_EVERY, DEFAULT_SEED } from '../src/session/session.ts';

export const SETTINGS_SECTION = 'actlens';
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', ...BACKENDS];

export interface Settings {
  thresholds: Partial<Thresholds>;
  every: number;
  /** null: no limit. */
  maxSteps: number | null;
  backend: BackendChoice;
  /** On webgpu, the adapter whose name contains this; null: the first hardware adapter. */
  gpu: string | null;
  /** ActLens's own time as a share of the training's (RunnerConfig.overheadBudget). */
  overheadBudget: number;
  seed: number;
  /** null: VS Code's own binary, run as Node. */
  nodePath: string | null;
  openPanelOnRun: boolean;
  lintEnabled: boolean;
  /** "Run with ActLens" and the last run's summary above each training call. */
  codeLensEnabled: boolean;
  /** Each layer's latest figures at the end of the line that built it, while a run is shown. */
  inlineEvidenceEnabled: boolean;
  /** Seeds per activation that Compare Activations proposes. */
  compareSeeds: number;
  /** Steps per comparison run: each of candidates × seeds runs is kept short. */
  compareMaxSteps: number;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  thresholds: {},
  every: DEFAULT_EVERY,
  maxSteps: null,
  backend: 'auto',
  gpu: null,
  overheadBudget: DEFAULT_OVERHEAD_BUDGET,
  seed: DEFAULT_SEED,
  nodePath: null,
  openPanelOnRun: true,
  lintEnabled: true,
  codeLensEnabled: true,
  inlineEvidenceEnabled: true,
  compareSeeds: 5,
  compareMaxSteps: 300,
});

export interface SettingsRead {
  settings: Settings;
  /** One sentence per ignored value, naming the setting; empty when every value was usable. */
  problems: string[];
}

/** What parseSettings needs of a WorkspaceConfiguration: keys relative to `actlens.`. */
export interface SettingsSource {
  get(key: string): unknown;
}

export function parseSettings(source: SettingsSource): SettingsRead {
  const problems: string[] = [];
  const ignored = (key: string, why: string, fallback: unknown) =>
    problems.push(`The setting "${SETTINGS_SECTION}.${key}" is ignored (using ${JSON.stringify(fallback)}): ${why}`);

  const integer = (key: string, min: number, fallback: number): number => {
    const value = source.get(key);
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'number' && Number.isInteger(value) && value >= min) return value;
    ignored(key, `expected a whole number of at least ${min}, got ${describe(value)}.`, fallback);
    return fallback;
  };
  const positiveNumber = (key: string, fallback: number): number => {
    const value = source.get(key);
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
    ignored(key, `expected a number above 0, got ${describe(value)}.`, fallback);
    return fallback;
  };
  const boolean = (key: string, fallback: boolean): boolean => {
    const value = source.get(key);
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'boolean') return value;
    ignored(key, `expected true or false, got ${describe(value)}.`, fallback);
    return fallback;
  };

  let thresholds: Partial<Thresholds> = {};
  const rawThresholds = source.get('thresholds');
  if (rawThresholds !== undefined && rawThresholds !== null) {
    try {
      thresholds = parseThresholds(rawThresholds);
    } catch (error) {
      problems.push(
        `The setting "${SETTINGS_SECTION}.thresholds" is ignored (using the default thresholds): ${(error as Error).message}.`,
      );
    }
  }

  let maxSteps: number | null = null;
  const rawMaxSteps = source.get('maxSteps');
  if (typeof rawMaxSteps === 'number' && Number.isInteger(rawMaxSteps) && rawMaxSteps >= 1) maxSteps = rawMaxSteps;
  else if (rawMaxSteps !== undefined && rawMaxSteps !== null && rawMaxSteps !== 0) {
    ignored(
      'maxSteps',
      `expected a whole number of at least 1 (or null for no limit), got ${describe(rawMaxSteps)}.`,
      null,
    );
  }

  let backend: BackendChoice = DEFAULT_SETTINGS.backend;
  const rawBackend = source.get('backend');
  if (rawBackend !== undefined && rawBackend !== null) {
    if ((BACKEND_CHOICES as readonly unknown[]).includes(rawBackend)) backend = rawBackend as BackendChoice;
    else ignored('backend', `expected one of ${BACKEND_CHOICES.join(', ')}, got ${describe(rawBackend)}.`, backend);
  }

  const rawGpu = source.get('gpu');
  const gpu = typeof rawGpu === 'string' ? rawGpu.trim() || null : null;
  if (rawGpu !== undefined && rawGpu !== null && typeof rawGpu !== 'string')
    ignored('gpu', `expected an adapter name, got ${describe(rawGpu)}.`, '');

  let nodePath: string | null = null;
  const rawNodePath = source.get('nodePath');
  if (typeof rawNodePath === 'string') nodePath = rawNodePath.trim() || null;
  else if (rawNodePath !== undefined && rawNodePath !== null)
    ignored('nodePath', `expected a path, got ${describe(rawNodePath)}.`, '');

  return {
    settings: {
      thresholds,
      every: integer('every', 1, DEFAULT_SETTINGS.every),
      maxSteps,
      backend,
      gpu,
      overheadBudget: positiveNumber('overheadBudget', DEFAULT_SETTINGS.overheadBudget),
      seed: integer('seed', 0, DEFAULT_SETTINGS.seed),
      nodePath,
      openPanelOnRun: boolean('openPanelOnRun', DEFAULT_SETTINGS.openPanelOnRun),
      lintEnabled: boolean('lint.enabled', DEFAULT_SETTINGS.lintEnabled),
      codeLensEnabled: boolean('codeLens.enabled', DEFAULT_SETTINGS.codeLensEnabled),
      inlineEvidenceEnabled: boolean('inlineEvidence.enabled', DEFAULT_SETTINGS.inlineEvidenceEnabled),
      compareSeeds: integer('compare.seeds', 2, DEFAULT_SETTINGS.compareSeeds),
      compareMaxSteps: integer('compare.maxSteps', 1, DEFAULT_SETTINGS.compareMaxSteps),
    },
    problems,
  };
}

export function readSettings(scope?: vscode.Uri): SettingsRead {
  return parseSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION, scope));
}

export interface NodeLaunch {
  nodePath: string;
  env?: Record<string, string>;
}

/**
 * The Node that runs the training process. By default VS Code's own binary (process.execPath of the
 * extension host) with ELECTRON_RUN_AS_NODE=1, so nothing else needs installing; `actlens.nodePath` picks
 * another (e.g. the Node a user's tfjs-node was built for). `~` and `${workspaceFolder}` are expanded.
 */
export function nodeLaunch(
  settings: Pick<Settings, 'nodePath'>,
  workspaceFolder: string | undefined,
  execPath = process.execPath,
): NodeLaunch {
  if (!settings.nodePath) return { nodePath: execPath, env: { ELECTRON_RUN_AS_NODE: '1' } };
  let nodePath = settings.nodePath.replace(/^~(?=$|[\\/])/, os.homedir());
  if (workspaceFolder) nodePath = nodePath.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
  return { nodePath };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'an object';
  return String(value);
}

/**
 * Shows each settings problem once (until the settings change again), as a warning with a way to the
 * settings, and logs it.
 */
export class SettingsProblemReporter {
  private readonly shown = new Set<string>();

  constructor(private readonly log: Pick<vscode.LogOutputChannel, 'warn'>) {}

  /** Call when `actlens.*` settings change: the same problem may be shown again. */
  reset(): void {
    this.shown.clear();
  }

  report(problems: readonly string[]): void {
    for (const problem of problems) {
      if (this.shown.has(problem)) continue;
      this.shown.add(problem);
      this.log.warn(problem);
      void vscode.window.showWarningMessage(`ActLens: ${problem}`, 'Open Settings').then((choice) => {
        if (choice)
          void vscode.commands.executeCommand(
            'workbench.action.openSettings',
            `@ext:actlens.actlens ${SETTINGS_SECTION}`,
          );
      });
    }
  }
}
