/**
 * Raising and clearing findings without flicker. Each detector feeds one verdict per check and key (usually a
 * layer): evidence or not. A finding appears after `raiseAfter` consecutive checks with evidence; once raised it
 * keeps the step it was established at, takes the latest evidence while the evidence holds, never lowers its
 * severity, and goes away only after `clearAfter` consecutive checks without evidence. A check with no data for
 * a key is not fed at all and changes nothing.
 */
import { SEVERITIES, type Finding, type Severity } from '../core/findings.ts';
import type { Thresholds } from '../core/thresholds.ts';

export interface Hysteresis {
  raiseAfter: number;
  clearAfter: number;
}

/** Builds the finding from this check's evidence; `raised` is the finding already shown, if any. */
export type BuildFinding = (raised: Finding | undefined) => Finding;

interface LatchState {
  /** Consecutive checks with evidence. */
  streak: number;
  /** Consecutive checks without evidence while raised. */
  quiet: number;
  raised: Finding | undefined;
}

/** The detectors whose thresholds name their hysteresis `<kind>RaiseAfterChecks` / `<kind>ClearAfterChecks`. */
type LatchedKind = 'deadUnits' | 'vanishing' | 'exploding' | 'drift' | 'saturation';

export class FindingLatches {
  private readonly states = new Map<string, LatchState>();

  constructor(private readonly hysteresis: Hysteresis) {}

  /** Latches with the hysteresis the user's thresholds set for this kind of finding. */
  static for(kind: LatchedKind, thresholds: Thresholds): FindingLatches {
    return new FindingLatches({
      raiseAfter: thresholds[`${kind}RaiseAfterChecks`],
      clearAfter: thresholds[`${kind}ClearAfterChecks`],
    });
  }

  /** This check shows the problem at `key`. */
  evidence(key: string, build: BuildFinding): void {
    const state = this.state(key);
    state.streak++;
    state.quiet = 0;
    if (state.raised) state.raised = keepEstablished(state.raised, build(state.raised));
    else if (state.streak >= this.hysteresis.raiseAfter) state.raised = build(undefined);
  }

  /** This check shows no problem at `key`. */
  noEvidence(key: string): void {
    const state = this.states.get(key);
    if (!state) return;
    state.streak = 0;
    if (state.raised && ++state.quiet < this.hysteresis.clearAfter) return;
    this.states.delete(key);
  }

  /** Raises at once, without waiting for the streak: for when a later event confirms pending evidence. */
  confirm(key: string, build: BuildFinding): void {
    const state = this.state(key);
    state.raised = state.raised ? keepEstablished(state.raised, build(state.raised)) : build(undefined);
  }

  /** Consecutive checks with evidence so far at `key` (0 when none). */
  streak(key: string): number {
    return this.states.get(key)?.streak ?? 0;
  }

  raised(key: string): Finding | undefined {
    return this.states.get(key)?.raised;
  }

  findings(): Finding[] {
    return [...this.states.values()].flatMap((state) => (state.raised ? [state.raised] : []));
  }

  private state(key: string): LatchState {
    let state = this.states.get(key);
    if (!state) this.states.set(key, (state = { streak: 0, quiet: 0, raised: undefined }));
    return state;
  }
}

function keepEstablished(raised: Finding, update: Finding): Finding {
  return { ...update, step: raised.step, severity: higher(raised.severity, update.severity) };
}

function higher(a: Severity, b: Severity): Severity {
  return SEVERITIES.indexOf(a) >= SEVERITIES.indexOf(b) ? a : b;
}
