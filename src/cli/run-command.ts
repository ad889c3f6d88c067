/** `actlens run`: one instrumented run in the terminal, with exit codes CI can gate on. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseThresholds, type Thresholds } from '../analysis/index.ts';
import type { BackendChoice } from '../core/events.ts';
import { renderHtmlReport } from '../report/html-report.ts';
import { buildJsonReport } from '../report/json-report.ts';
import { shareableRun } from '../report/shareable-run.ts';
import { loadWebviewAssets } from '../report/webview-assets.ts';
import { readRunLog } from '../session/run-log.ts';
import { backendLabel } from '../core/format.ts';
import { EXIT, exitCode, runStatus, verdict } from '../core/run-status.ts';
import { findWorkspaceRoot, RunSession, type RunOutcome } from '../session/session.ts';
import { UsageError } from '../session/script-path.ts';
import { readSourceFile } from '../session/workspace-file.ts';
import { applySuppressions } from '../source/suppressions.ts';
import { checkOutputPaths } from './output-paths.ts';
import { ProgressLine } from './progress-line.ts';
import { writeReports } from './report-files.ts';
import { onStopSignals } from './stop-signals.ts';
import {
  bold,
  dim,
  findingLines,
  layerTable,
  progressLine,
  speedLine,
  suppressedLine,
  costLine,
} from './terminal-output.ts';
import { printable, printableName } from './terminal-text.ts';

export interface RunCommandOptions {
  maxSteps?: number;
  every?: number;
  seed?: number;
  backend: BackendChoice;
  gpu?: string;
  overheadBudget?: number;
  json?: string;
  report?: string;
  quiet?: boolean;
  cwd?: string;
  config?: string;
  threshold?: string[];
  runsRoot?: string;
  reportArgs?: boolean;
}

export async function runCommand(script: string, scriptArgs: string[], options: RunCommandOptions): Promise<number> {
  const thresholds = readThresholds(options);
  checkOutputPaths(options);
  const progress = new ProgressLine(!options.quiet);
  const session = startSession(
    {
      script,
      args: scriptArgs,
      cwd: options.cwd,
      workspaceRoot: options.runsRoot,
      backend: options.backend,
      gpu: options.gpu,
      overheadBudget: options.overheadBudget,
      seed: options.seed,
      every: options.every,
      maxSteps: options.maxSteps ?? null,
      thresholds,
    },
    {
      event: (event) => {
        if (event.type === 'start' && !options.quiet)
          process.stderr.write(
            dim(
              `actlens: ${printableName(path.basename(event.script))} on ${printable(backendLabel(event))} (tfjs ${event.tfjs.version}, ${event.tfjs.source === 'user' ? 'yours' : 'bundled'}), seed ${event.seed}, run ${session.runId}\n`,
            ),
          );
        if (event.type === 'note') progress.print(process.stderr, `actlens: ${printable(event.message)}\n`);
        if (event.type === 'window' || event.type === 'progress') progress.update(progressLine(session.state));
      },
      output: (stream, chunk) => {
        if (!options.quiet) progress.print(stream === 'stdout' ? process.stdout : process.stderr, chunk);
      },
      invalid: (reason) => progress.print(process.stderr, dim(`actlens: dropped an event record: ${reason}\n`)),
    },
  );
  onStopSignals(() => void session.stop());
  const outcome = await session.done;
  progress.clear();
  return report(outcome, session, options);
}

/** The session, or a usage error when its run folder cannot be created (the default one is not checked above). */
function startSession(...args: ConstructorParameters<typeof RunSession>): RunSession {
  try {
    return new RunSession(...args);
  } catch (error) {
    if (error instanceof UsageError || !(error as NodeJS.ErrnoException).code) throw error;
    throw new UsageError(
      `could not create the run's folder: ${(error as Error).message}; choose one with --runs-root.`,
    );
  }
}

function report(ran: RunOutcome, session: RunSession, options: RunCommandOptions): number {
  const cwd = process.cwd();
  const out = process.stdout;
  // Findings that an actlens-disable comment silences leave the list, the exit code, the summary and the reports.
  const { kept, suppressed, problems } = applySuppressions(ran.findings, sourceText, [session.script]);
  const outcome: RunOutcome = { ...ran, findings: kept };
  const { terminal, findings, state } = outcome;
  for (const problem of problems)
    process.stderr.write(
      `actlens: warning: ${printableName(path.relative(cwd, problem.file) || problem.file)}:${problem.line}:${problem.column}: ${printable(problem.message)}\n`,
    );
  if (!options.quiet) {
    const table = layerTable(state, cwd);
    if (table) out.write(`\n${table}\n`);
  }
  if (findings.length > 0) out.write(`\n${findingLines(findings, cwd)}\n`);
  if (suppressed.length > 0) out.write(`\n${dim(suppressedLine(suppressed.length))}\n`);
  const { status, message: summary } = runStatus(state, false);
  if (status === 'failed') {
    process.stderr.write(`\n${bold('error:')} ${printable(summary)}\n`);
    if (terminal.type === 'error' && terminal.stack)
      process.stderr.write(dim(printable(userFrames(terminal.stack))) + '\n');
  } else {
    out.write(`\n${printable([summary, verdict(state, findings)].filter(Boolean).join(' '))}\n`);
  }
  const speed = speedLine(state);
  if (!options.quiet && speed) out.write(dim(`${printable(speed)}\n`));
  const cost = costLine(state);
  if (!options.quiet && cost) out.write(dim(`${printable(cost)}\n`));
  if (!options.quiet)
    out.write(dim(`Events: ${printableName(path.relative(cwd, outcome.runDir) || outcome.runDir)}\n`));
  const written = writeReports([
    {
      option: '--json',
      file: options.json,
      contents: () => JSON.stringify(buildJsonReport(outcome, session.script, suppressed), null, 2) + '\n',
    },
    { option: '--report', file: options.report, contents: () => htmlReport(outcome, session, options) },
  ]);
  return written ? exitCode(terminal, findings) : EXIT.ownFailure;
}

/** A source file's text for its suppression comments; undefined when it cannot be read (its findings then stay). */
function sourceText(file: string): string | undefined {
  try {
    return readSourceFile(file);
  } catch {
    return undefined;
  }
}

/** The panel, as one offline HTML file, for the finished run (read back from its event log). */
function htmlReport(outcome: RunOutcome, session: RunSession, options: RunCommandOptions): string {
  const { events, findings } = shareableRun(
    { events: readRunLog(outcome.runDir).events, findings: outcome.findings },
    { workspaceRoot: findWorkspaceRoot(path.dirname(session.script)), includeArgs: options.reportArgs === true },
  );
  return renderHtmlReport(
    { events, findings, title: `ActLens · ${path.basename(session.script)}`, thresholds: outcome.thresholds },
    loadWebviewAssets(__dirname),
  );
}

/** The error line and the frames in the user's own code; tfjs and runner internals are noise here. */
function userFrames(stack: string): string {
  const lines = stack.split('\n');
  const frames = lines.filter(
    (line) => /^\s+at /.test(line) && !/node_modules|node:internal|[\\/]dist[\\/]runner\.js/.test(line),
  );
  return frames.join('\n');
}

function readThresholds(options: RunCommandOptions): Partial<Thresholds> {
  let raw: Record<string, unknown> = {};
  if (options.config) {
    try {
      const parsed = JSON.parse(readFileSync(options.config, 'utf8')) as { thresholds?: Record<string, unknown> };
      raw = { ...(parsed.thresholds ?? parsed) };
    } catch (error) {
      throw new UsageError(`--config ${options.config}: ${(error as Error).message}`);
    }
  }
  for (const pair of options.threshold ?? []) {
    const at = pair.indexOf('=');
    const [key, value] = [pair.slice(0, at), pair.slice(at + 1)];
    // Number('') and Number(' ') are 0: an empty value is a mistake, not a zero threshold.
    if (at < 1 || value.trim() === '' || !Number.isFinite(Number(value)))
      throw new UsageError(`--threshold expects name=number, got '${pair}'.`);
    // A data property even for a name like __proto__, which assignment would take as the prototype and
    // drop without a word; parseThresholds then refuses it as it refuses any unknown name.
    raw = { ...raw, ...Object.fromEntries([[key, Number(value)]]) };
  }
  try {
    return parseThresholds(raw);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
