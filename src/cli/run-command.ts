/** `actlens run`: one instrumented run in the terminal, with exit codes CI can gate on. */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseThresholds, type Thresholds } from '../analysis/index.ts';
import type { BackendChoice } from '../core/events.ts';
import { renderHtmlReport } from '../report/html-report.ts';
import { buildJsonReport } from '../report/json-report.ts';
import { loadWebviewAssets } from '../report/webview-assets.ts';
import { readRunLog } from '../session/run-log.ts';
import { exitCode, runStatus, verdict } from '../core/run-status.ts';
import { RunSession, type RunOutcome } from '../session/session.ts';
import { UsageError } from '../session/script-path.ts';
import { ProgressLine } from './progress-line.ts';
import { bold, dim, findingLines, layerTable, progressLine } from './terminal-output.ts';

export interface RunCommandOptions {
  maxSteps?: number;
  every?: number;
  seed?: number;
  backend: BackendChoice;
  json?: string;
  report?: string;
  quiet?: boolean;
  cwd?: string;
  config?: string;
  threshold?: string[];
  runsRoot?: string;
}

export async function runCommand(script: string, scriptArgs: string[], options: RunCommandOptions): Promise<number> {
  const thresholds = readThresholds(options);
  const progress = new ProgressLine(!options.quiet);
  const session = new RunSession(
    {
      script,
      args: scriptArgs,
      cwd: options.cwd,
      workspaceRoot: options.runsRoot,
      backend: options.backend,
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
              `actlens: ${path.basename(event.script)} on ${event.backend} (tfjs ${event.tfjs.version}, ${event.tfjs.source === 'user' ? 'yours' : 'bundled'}), seed ${event.seed}, run ${session.runId}\n`,
            ),
          );
        if (event.type === 'note') progress.print(process.stderr, `actlens: ${event.message}\n`);
        if (event.type === 'window' || event.type === 'progress') progress.update(progressLine(session.state));
      },
      output: (stream, chunk) => {
        if (!options.quiet) progress.print(stream === 'stdout' ? process.stdout : process.stderr, chunk);
      },
      invalid: (reason) => progress.print(process.stderr, dim(`actlens: dropped a malformed event (${reason})\n`)),
    },
  );
  // `on`, not `once`: a second Ctrl-C while the run shuts down must not kill the CLI and orphan the runner.
  const stop = () => void session.stop();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const outcome = await session.done;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  progress.clear();
  return report(outcome, session.script, options);
}

function report(outcome: RunOutcome, script: string, options: RunCommandOptions): number {
  const cwd = process.cwd();
  const out = process.stdout;
  const { terminal, findings, state } = outcome;
  if (!options.quiet) {
    const table = layerTable(state, cwd);
    if (table) out.write(`\n${table}\n`);
  }
  if (findings.length > 0) out.write(`\n${findingLines(findings, cwd)}\n`);
  const { status, message: summary } = runStatus(state, false);
  if (status === 'failed') {
    process.stderr.write(`\n${bold('error:')} ${summary}\n`);
    if (terminal.type === 'error' && terminal.stack) process.stderr.write(dim(userFrames(terminal.stack)) + '\n');
  } else {
    out.write(`\n${[summary, verdict(state, findings)].filter(Boolean).join(' ')}\n`);
  }
  if (!options.quiet) out.write(dim(`Events: ${path.relative(cwd, outcome.runDir) || outcome.runDir}\n`));
  if (options.json) writeFileSync(options.json, JSON.stringify(buildJsonReport(outcome, script), null, 2) + '\n');
  if (options.report) writeHtmlReport(outcome, script, options.report);
  return exitCode(terminal, findings);
}

/** The panel, as one offline HTML file, for the finished run (read back from its event log). */
function writeHtmlReport(outcome: RunOutcome, script: string, file: string): void {
  const { events } = readRunLog(outcome.runDir);
  const html = renderHtmlReport(
    { events, findings: outcome.findings, title: `ActLens · ${path.basename(script)}`, thresholds: outcome.thresholds },
    loadWebviewAssets(__dirname),
  );
  writeFileSync(file, html);
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
    const [key, value] = pair.split('=');
    if (!key || value === undefined || Number.isNaN(Number(value)))
      throw new UsageError(`--threshold expects name=number, got '${pair}'.`);
    raw[key] = Number(value);
  }
  try {
    return parseThresholds(raw);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
