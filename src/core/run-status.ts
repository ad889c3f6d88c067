/**
 * How a run stands, decided once for every host: the CLI's exit code and summary line, the JSON report's
 * outcome, the HTML report's and the panel's header, VS Code's status bar and recorded-run picker all read it
 * from here, so a run that called `process.exit(1)` is "failed" everywhere.
 */
import { z } from 'zod';
import type { EndEvent, ErrorEvent } from './events.ts';
import { backendLabel } from './format.ts';
import { problemCount, type Finding } from './findings.ts';
import { hasMeanFixedByConstruction, isReluFamily } from './activations.ts';
import { DEFAULT_THRESHOLDS } from './default-thresholds.ts';
import type { RunState } from './run-state.ts';

export const RUN_STATUS_KINDS = ['running', 'finished', 'stopped', 'failed'] as const;
export const RunStatusKindSchema = z.enum(RUN_STATUS_KINDS);
export type RunStatusKind = z.infer<typeof RunStatusKindSchema>;

/** How the run stands, in the words every host shows (e.g. "Stopped by request after 12 steps."). */
/** Room for any real message (a failure's text); bounded because the panel validates what a host sends it. */
const MAX_MESSAGE_LENGTH = 1_000_000;
export const RunStatusSchema = z.object({ status: RunStatusKindSchema, message: z.string().max(MAX_MESSAGE_LENGTH) });
export type RunStatus = z.infer<typeof RunStatusSchema>;

/** The record a run's log ends with. */
export type TerminalEvent = EndEvent | ErrorEvent;

/**
 * `actlens run`'s exit codes (the contract in DESIGN.md). `ownFailure`: ActLens itself failed, an internal
 * error or a report it could not write; it takes precedence, since the run's code says "see the report".
 */
export const EXIT = { ok: 0, findings: 1, usage: 2, scriptFailed: 3, ownFailure: 4 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** What a run's status depends on: its terminal record, how far it trained, and whether it built layers. */
export type StatusInput = Pick<RunState, 'terminal' | 'start' | 'steps' | 'layers'>;

/**
 * `live`: the training process is still running. A run that is not live and has no terminal record was
 * interrupted (its log was cut off).
 */
export function runStatus(state: StatusInput, live: boolean): RunStatus {
  const { terminal } = state;
  if (!terminal) {
    if (!live) return { status: 'stopped', message: 'The run has no end record: it was interrupted.' };
    if (!state.start) return { status: 'running', message: 'Starting the training script…' };
    return { status: 'running', message: `Training on ${backendLabel(state.start)}: step ${state.steps}.` };
  }
  // The runner's count, or the session's last progress record when the runner could not write its own.
  const steps = Math.max(state.steps, terminal.steps);
  const message = describeTerminal(terminal, steps, state.layers.size);
  if (terminal.type === 'error' || scriptFailed(terminal)) return { status: 'failed', message };
  return { status: terminal.reason === 'stopped' ? 'stopped' : 'finished', message };
}

/** The script itself failed: it threw, could not be loaded, died, or exited with a non-zero code. */
export function scriptFailed(terminal: TerminalEvent): boolean {
  return terminal.type === 'error' ? terminal.phase !== 'usage' : (terminal.exitCode ?? 0) !== 0;
}

/** What `actlens run` exits with for a finished run. */
export function exitCode(terminal: TerminalEvent, findings: readonly Finding[]): ExitCode {
  if (terminal.type === 'error' && terminal.phase === 'usage') return EXIT.usage;
  if (scriptFailed(terminal)) return EXIT.scriptFailed;
  return problemCount(findings) > 0 ? EXIT.findings : EXIT.ok;
}

/** What the analysis needs before "no findings" means anything: statistics, and how many steps they covered. */
export type VerdictInput = Pick<RunState, 'start' | 'steps' | 'analysedSteps' | 'layers'>;

/** Steps in one analysis window when the start record is missing (the session's default --every). */
const DEFAULT_WINDOW = 20;

/**
 * The checks that had too little evidence to say anything yet, each with what it needs, e.g. "dead units (needs ≥
 * 200 samples per ReLU layer)". By the detectors' default rules: dead units need one complete evidence window per
 * ReLU layer; drift needs its baseline and one check after it per layer with an activation. Thresholds a user
 * overrode are not consulted: the gaps are stated by the defaults, like the tables' dead shares.
 */
export function evidenceGaps(state: Pick<RunState, 'layers'>): string[] {
  // Layers the training never ran (a model only used for inference) have nothing to gather.
  const layers = [...state.layers.values()].filter(({ activationChecks }) => activationChecks > 0);
  const gaps: string[] = [];
  if (layers.some(({ layer, deadEvidenceWindows }) => isReluFamily(layer.activation) && deadEvidenceWindows === 0))
    gaps.push(
      `dead units (needs ≥ ${DEFAULT_THRESHOLDS.deadUnitsMinSamples} samples over ≥ ${DEFAULT_THRESHOLDS.deadUnitsMinSteps} steps per ReLU layer)`,
    );
  const driftChecks = DEFAULT_THRESHOLDS.driftBaselineChecks + 1;
  if (
    layers.some(
      ({ layer, activationChecks }) =>
        layer.activation !== null &&
        layer.activation !== 'linear' &&
        !hasMeanFixedByConstruction(layer.activation) &&
        activationChecks < driftChecks,
    )
  )
    gaps.push(`drift (needs ≥ ${driftChecks} windows of activation statistics)`);
  return gaps;
}

/**
 * The analysis saw at least one full window of training and every check had the evidence it needs: only then
 * does "no findings" say "no problems".
 */
export function diagnosed(state: VerdictInput): boolean {
  return state.analysedSteps >= (state.start?.every ?? DEFAULT_WINDOW) && evidenceGaps(state).length === 0;
}

/**
 * What the findings say about a run that did not fail, never more than was observed: "No problems found." only
 * when every check had its evidence; otherwise which checks had too little; empty when no step was taken (the
 * status already says so).
 */
export function verdict(state: VerdictInput, findings: readonly Finding[]): string {
  const problems = problemCount(findings);
  if (problems > 0) return `${problems} finding${problems === 1 ? '' : 's'} at warning or above.`;
  if (diagnosed(state)) return 'No problems found.';
  if (state.steps === 0) return '';
  const window = state.start?.every ?? DEFAULT_WINDOW;
  if (state.analysedSteps < window) {
    const seen =
      state.steps < window
        ? `only ${stepCount(state.steps)} ran`
        : `statistics came back for ${state.analysedSteps} of its ${stepCount(state.steps)}`;
    return `Too little training to diagnose: ${seen}, and the detectors need at least one full window of ${window} (--every).`;
  }
  return `Not enough evidence yet for ${evidenceGaps(state).join(' / ')}; the other checks found nothing.`;
}

function stepCount(steps: number): string {
  return `${steps} step${steps === 1 ? '' : 's'}`;
}

function describeTerminal(terminal: TerminalEvent, stepsTaken: number, layersBuilt: number): string {
  const steps = stepCount(stepsTaken);
  const lastWords = terminal.lastStderrLine ? ` Its last error output: ${terminal.lastStderrLine}` : '';
  if (terminal.type === 'error') {
    const where = terminal.location
      ? ` (${terminal.location.file}:${terminal.location.line}:${terminal.location.column})`
      : '';
    switch (terminal.phase) {
      case 'prepare':
        // A file that does not parse, or an import Node refuses to link; the message names file:line and the fix.
        return `The script could not be loaded: ${terminal.message}`;
      case 'script':
        return `The training script failed after ${steps}: ${terminal.message}${where}`;
      case 'crash':
        return `${terminal.message} ${steps} ${stepsTaken === 1 ? 'was' : 'were'} recorded; the log is intact.${lastWords}`;
      default:
        return terminal.message;
    }
  }
  const when = stepsTaken === 0 ? 'before its first training step' : `after ${steps}`;
  if (terminal.exitCode) {
    const how =
      terminal.reason === 'exit'
        ? `called process.exit(${terminal.exitCode})`
        : `exited with code ${terminal.exitCode}`;
    return `The script ${how} ${when}, signalling failure.${lastWords}`;
  }
  if (terminal.reason === 'max-steps') return `Stopped after ${steps} (--max-steps).`;
  if (terminal.reason === 'stopped') return `Stopped by request ${when}.`;
  if (stepsTaken === 0)
    return layersBuilt === 0
      ? 'The script finished without building a tfjs model or taking a training step: nothing to diagnose.'
      : 'The script built a model but never took a training step (no fit, trainOnBatch or optimizer update ran).';
  return terminal.reason === 'exit' ? `The script called process.exit(0) after ${steps}.` : `Finished after ${steps}.`;
}
