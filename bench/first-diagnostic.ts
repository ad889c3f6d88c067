/**
 * The first diagnostic, fast: from the step at which a fault becomes observable (the fixture's inputs turn NaN at a
 * known step and it prints the time just before) to the moment the finding exists where a user sees it — in the
 * session the CLI runs (`actlens run`), and through the editor's path: a run host writing the run's folder and a
 * FollowedRun reading it (what the extension's diagnostics are built from). Target ≤ 1 s.
 */
import * as path from 'node:path';
import type { Finding } from '../src/core/findings.ts';
import { startDetachedRun } from '../src/session/detached-run.ts';
import { RunSession, type RunOutcome, type SessionListeners } from '../src/session/session.ts';
import { RUNS_ROOT } from './backends.ts';

const FIXTURE = path.join(__dirname, 'fixtures', 'fault-at-step.js');
const FAULT_STEP = 100;

export interface FirstDiagnostic {
  path: 'session' | 'editor';
  /** ms from the fault's step starting to the non-finite finding existing; null when none came. */
  latencyMs: number | null;
}

interface Watched {
  findings(): Finding[];
  done: Promise<RunOutcome>;
}

async function measure(
  path: FirstDiagnostic['path'],
  start: (listeners: SessionListeners) => Watched,
): Promise<FirstDiagnostic> {
  let faultAt: number | null = null;
  let seenAt: number | null = null;
  const run: Watched = start({
    output: (_stream, chunk) => {
      const match = /fault-at (\d+)/.exec(chunk);
      if (match) faultAt = Number(match[1]);
    },
    event: () => {
      if (seenAt === null && run.findings().some((finding) => finding.kind === 'non-finite')) seenAt = Date.now();
    },
  });
  await run.done;
  return { path, latencyMs: faultAt !== null && seenAt !== null ? seenAt - faultAt : null };
}

export async function measureFirstDiagnostic(repetitions: number): Promise<FirstDiagnostic[]> {
  const request = { script: FIXTURE, args: [String(FAULT_STEP)], backend: 'wasm' as const, workspaceRoot: RUNS_ROOT };
  const results: FirstDiagnostic[] = [];
  for (let i = 0; i < repetitions; i++) {
    results.push(await measure('session', (listeners) => new RunSession(request, listeners)));
    results.push(await measure('editor', (listeners) => startDetachedRun(request, listeners)));
  }
  return results;
}

export function formatFirstDiagnostic(results: readonly FirstDiagnostic[]): string {
  const line = (which: FirstDiagnostic['path'], label: string) => {
    const latencies = results.filter((result) => result.path === which).map((result) => result.latencyMs);
    const shown = latencies.map((ms) => (ms === null ? 'none' : `${ms} ms`)).join(', ');
    const found = latencies.filter((ms): ms is number => ms !== null).sort((a, b) => a - b);
    const median = found.length ? found[Math.floor(found.length / 2)] : null;
    return `first diagnostic, ${label}: ${median === null ? 'never' : `median ${median} ms`} (${shown}; target ≤ 1000 ms)`;
  };
  return [
    line('session', "NaN inputs from step 100 → the finding in the CLI's session"),
    line('editor', "→ the finding in the editor's followed run (run host + run folder)"),
  ].join('\n');
}
