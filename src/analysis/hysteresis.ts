/**
 * Raising and clearing findings without flicker. Each detector feeds one verdict per check and key (usually a
 * layer): evidence or not. A finding appears after `raiseAfter` consecutive checks with evidence; once raised it
 * keeps the step it was established at, takes the latest evidence while the evidence holds, never lowers its
 * severity, and goes away only after `clearAfter` consecutive checks without evidence. A check with no data for
 * a key is not fed at all and changes nothing.
 *
 * When the run ends or diverges there are no more checks to wait for: `conclude` raises what the evidence so far
 * shows (see its rule), so a fault that appeared shortly before the end is reported, not lost to the wait.
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
  /** The latest check's evidence, kept for `conclude`. */
  pending: BuildFinding | undefined;
}

/** Why the checks are over: the run ended (finished, stopped, failed) or training went non-finite. */
export type Conclusion = 'ended' | 'diverged';

/** The detectors whose thresholds name their hysteresis `<kind>RaiseAfterChecks` / `<kind>ClearAfterChecks`. */
type LatchedKind = 'deadUnits' | 'vanishing' | 'exploding' | 'drift' | 'saturation';

export class FindingLatches {
  private readonly states = new Map<string, LatchState>();
  /** Keys that have had a check without evidence: their evidence is not "there from the first check". */
  private readonly everQuiet = new Set<string>();

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
    state.pending = build;
    if (state.raised) state.raised = keepEstablished(state.raised, build(state.raised));
    else if (state.streak >= this.hysteresis.raiseAfter) state.raised = build(undefined);
  }

  /** This check shows no problem at `key`. */
  noEvidence(key: string): void {
    this.everQuiet.add(key);
    const state = this.states.get(key);
    if (!state) return;
    state.streak = 0;
    state.pending = undefined;
    if (state.raised && ++state.quiet < this.hysteresis.clearAfter) return;
    this.states.delete(key);
  }

  /** Raises at once, without waiting for the streak: for when a later event confirms pending evidence. */
  confirm(key: string, build: BuildFinding): void {
    const state = this.state(key);
    state.raised = state.raised ? keepEstablished(state.raised, build(state.raised)) : build(undefined);
  }

  /**
   * No more checks will come. Evidence still waiting for its streak is raised when training diverged (whatever
   * was building up before the overflow is part of the story), when every check of the key showed it (a run too
   * short for the wait), or when `conclusive` says this evidence needs no confirmation.
   */
  conclude(why: Conclusion, conclusive: (key: string) => boolean = () => false): void {
    for (const [key, state] of this.states) {
      if (state.raised || !state.pending || state.streak === 0) continue;
      if (why === 'diverged' || !this.everQuiet.has(key) || conclusive(key)) state.raised = state.pending(undefined);
    }
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
    if (!state) this.states.set(key, (state = { streak: 0, quiet: 0, raised: undefined, pending: undefined }));
    return state;
  }
}

function keepEstablished(raised: Finding, update: Finding): Finding {
  return { ...update, step: raised.step, severity: higher(raised.severity, update.severity) };
}

function higher(a: Severity, b: Severity): Severity {
  return SEVERITIES.indexOf(a) >= SEVERITIES.indexOf(b) ? a : b;
}
