/**
 * Dead-unit evidence windows, by one rule for the dead-units detector and for every table that shows a dead
 * share (terminal, panel, reports), so that a table can never call a layer dead when the detector could not:
 * consecutive runner windows, their `everActive` flags OR-ed together, until they span at least `samples`
 * samples and `steps` optimizer steps — a unit silent for one small batch is not dead.
 */
import type { ActivationStats } from './events.ts';

export interface DeadUnitWindow {
  /** Per unit: 1 when active at least once in the evidence window. */
  active: number[];
  /** The layer's width when `active` covers a fixed sample of its units (a very wide layer); else null. */
  sampledFrom: number | null;
  samples: number;
  steps: number;
  fromStep: number;
  toStep: number;
}

export interface EvidenceMinimum {
  samples: number;
  steps: number;
}

export class DeadUnitEvidence {
  private readonly collecting = new Map<string, DeadUnitWindow>();

  constructor(private readonly minimum: EvidenceMinimum) {}

  /** Adds a runner window's flags for one layer; returns the evidence window once it is large enough to conclude from. */
  add(stats: ActivationStats, fromStep: number, toStep: number): DeadUnitWindow | undefined {
    const { everActive } = stats;
    if (!everActive || everActive.length === 0 || stats.sampledSteps === 0) return undefined;
    const previous = this.collecting.get(stats.layer);
    const evidence: DeadUnitWindow =
      previous && previous.active.length === everActive.length
        ? {
            active: previous.active.map((flag, unit) => Math.max(flag, everActive[unit]!)),
            sampledFrom: previous.sampledFrom,
            samples: previous.samples + stats.samples,
            steps: previous.steps + stats.sampledSteps,
            fromStep: previous.fromStep,
            toStep,
          }
        : {
            active: [...everActive],
            sampledFrom: stats.sampledUnits === undefined ? null : stats.units,
            samples: stats.samples,
            steps: stats.sampledSteps,
            fromStep,
            toStep,
          };
    if (evidence.samples >= this.minimum.samples && evidence.steps >= this.minimum.steps) {
      this.collecting.delete(stats.layer);
      return evidence;
    }
    this.collecting.set(stats.layer, evidence);
    return undefined;
  }
}

/** The share of the evidence window's units that were never active. */
export function deadShareOf(window: Pick<DeadUnitWindow, 'active'>): number {
  return window.active.filter((active) => active === 0).length / window.active.length;
}
