/**
 * The guided flow of Compare Activations: three steps in one quick input (layer, candidates, seeds and
 * metric), each pre-filled from the plan, with "Run with defaults" on top of the first so that Enter starts
 * the proposed comparison at once. Back returns to the previous step; Escape cancels.
 */
import * as vscode from 'vscode';
import { COMPARABLE_ACTIVATION_IDS } from '../src/core/activations.ts';
import type { ComparePlan } from '../src/compare/compare-plan.ts';
import type { LayerTarget } from '../src/compare/compare-runs.ts';
import type { Metric } from '../src/core/compare/final-metric.ts';

export interface LayerChoice {
  target: LayerTarget;
  targetLabel: string;
  /** The layer's own activation, when the source spells it. */
  baseline: string | null;
  description: string;
}

export interface FlowOptions {
  layers: readonly LayerChoice[];
  /** "≈ 1 min 40 s (from the last run's 12 steps/s)" or why there is no estimate. */
  estimate(plan: ComparePlan): string;
}

const TOTAL_STEPS = 3;
/** Seed counts offered besides the plan's: few for a first look, more for a small effect. */
const SEED_CHOICES = [3, 5, 10];

type Picked<T> = readonly T[] | 'back' | undefined;

export async function guidedPlan(defaults: ComparePlan, options: FlowOptions): Promise<ComparePlan | undefined> {
  let plan = defaults;
  for (let step = 1; step <= TOTAL_STEPS;) {
    const next = await [chooseLayer, chooseCandidates, chooseSeedsAndMetric][step - 1]!(plan, options, defaults);
    if (next === undefined) return undefined;
    if (next === 'back') step -= 1;
    else if (next === 'run') return defaults;
    else {
      plan = next;
      step += 1;
    }
  }
  return plan;
}

type StepResult = ComparePlan | 'back' | 'run' | undefined;

async function chooseLayer(plan: ComparePlan, options: FlowOptions, defaults: ComparePlan): Promise<StepResult> {
  // "Run with defaults" runs the proposal as first shown, whatever was chosen before going back.
  const runDefaults = {
    label: '$(play) Run with defaults',
    description: summary(defaults),
    detail: options.estimate(defaults),
  };
  const layers = options.layers.map((layer) => ({ label: layer.targetLabel, description: layer.description, layer }));
  const picked = await pick([runDefaults, ...layers], {
    step: 1,
    title: 'Compare activations: which layer?',
    placeholder: 'Enter runs the proposed comparison; or pick the layer whose activation is swapped',
    active: [runDefaults],
  });
  if (picked === undefined || picked === 'back') return undefined;
  const choice = picked[0]!;
  if (!('layer' in choice)) return 'run';
  const { target, targetLabel, baseline } = choice.layer;
  const candidates = plan.candidates.filter((candidate) => candidate !== baseline);
  return { ...plan, target, targetLabel, baseline, candidates };
}

async function chooseCandidates(plan: ComparePlan): Promise<StepResult> {
  const items = COMPARABLE_ACTIVATION_IDS.filter((id) => id !== plan.baseline).map((label) => ({ label }));
  const picked = await pick(items, {
    step: 2,
    title: `Compare activations: which candidates against ${plan.baseline ?? 'the script’s own activation'}?`,
    placeholder: 'The baseline always runs; pick the activations to test against it',
    selected: items.filter((item) => plan.candidates.includes(item.label)),
    canPickMany: true,
  });
  if (picked === undefined || picked === 'back') return picked;
  if (picked.length === 0) return 'back';
  return { ...plan, candidates: picked.map((item) => item.label) };
}

async function chooseSeedsAndMetric(plan: ComparePlan, options: FlowOptions): Promise<StepResult> {
  const seedCounts = [...new Set([plan.seeds, ...SEED_CHOICES])].sort((a, b) => a - b);
  const items = plan.metrics.flatMap((metric: Metric) =>
    seedCounts.map((seeds) => {
      const choice = { ...plan, seeds, metric };
      return { label: `${seeds} seeds · ${metric}`, description: options.estimate(choice), choice };
    }),
  );
  const picked = await pick(items, {
    step: 3,
    title: 'Compare activations: how many seeds, which metric?',
    placeholder: `Metrics the script logs: ${plan.metrics.join(', ')}. More seeds detect smaller differences.`,
    active: items.filter((item) => item.choice.seeds === plan.seeds && item.choice.metric === plan.metric),
  });
  if (picked === undefined || picked === 'back') return picked;
  return picked[0]!.choice;
}

/** "leakyReLU, prelu, elu, selu, swish vs relu · 5 seeds · loss". */
function summary(plan: ComparePlan): string {
  return `${plan.targetLabel}: ${plan.candidates.join(', ')} vs ${plan.baseline ?? 'its own'} · ${plan.seeds} seeds · ${plan.metric}`;
}

async function pick<T extends vscode.QuickPickItem>(
  items: readonly T[],
  options: { step: number; title: string; placeholder: string; active?: T[]; selected?: T[]; canPickMany?: boolean },
): Promise<Picked<T>> {
  const input = vscode.window.createQuickPick<T>();
  input.title = options.title;
  input.step = options.step;
  input.totalSteps = TOTAL_STEPS;
  input.placeholder = options.placeholder;
  input.canSelectMany = options.canPickMany ?? false;
  input.ignoreFocusOut = true;
  input.items = items;
  if (options.active) input.activeItems = options.active;
  if (options.selected) input.selectedItems = options.selected;
  input.buttons = options.step > 1 ? [vscode.QuickInputButtons.Back] : [];
  try {
    return await new Promise<Picked<T>>((resolve) => {
      input.onDidTriggerButton(() => resolve('back'));
      input.onDidAccept(() => resolve(input.canSelectMany ? input.selectedItems : input.activeItems.slice(0, 1)));
      input.onDidHide(() => resolve(undefined));
      input.show();
    });
  } finally {
    input.dispose();
  }
}
