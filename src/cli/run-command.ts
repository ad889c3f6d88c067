/** `actlens run`: one instrumented run in the terminal, with exit codes CI can gate on. */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseThresholds, type Thresholds } from '../analysis/index.ts';
import type { BackendChoice } from '../core/events.ts';
import { problemCount } from '../core/findings.ts';
import { renderHtmlReport } from '../report/html-report.ts';
import { buildJsonReport } from '../report/json-report.ts';
import { loadWebviewAssets } from '../report/webview-assets.ts';
import { readRunLog } from '../session/run-log.ts';
import { exitCode, runStatus } from '../core/run-status.ts';
import { RunSession, type RunOutcome } from '../session/session.ts';
import { UsageError } from '../session/script-path.ts';
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
  const progress = new ProgressLine(!options.quiet && process.stderr.isTTY === true);
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
        if (event.type === 'window') progress.update(progressLine(session.state));
      },
      output: (stream, chunk) => {
        if (!options.quiet) progress.print(stream === 'stdout' ? process.stdout : process.stderr, chunk);
      },
      invalid: (reason) => progress.print(process.stderr, dim(`actlens: dropped a malformed event (${reason})\n`)),
    },
  );
  const stop = () => void session.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
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
    const counted = problemCount(findings);
    out.write(
      `\n${summary} ${counted === 0 ? 'No problems found.' : `${counted} finding${counted === 1 ? '' : 's'} at warning or above.`}\n`,
    );
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

/** A single self-erasing status line on a terminal; other output is printed above it. */
class ProgressLine {
  private text = '';
  private lastDraw = 0;

  constructor(private readonly enabled: boolean) {}

  update(text: string): void {
    this.text = text;
    const now = Date.now();
    if (!this.enabled || now - this.lastDraw < 100) return;
    this.lastDraw = now;
    process.stderr.write(`\r\u001b[2K${dim(text)}`);
  }

  print(stream: NodeJS.WriteStream, chunk: string): void {
    if (this.enabled && this.text) process.stderr.write('\r\u001b[2K');
    stream.write(chunk);
    if (this.enabled && this.text) process.stderr.write(dim(this.text));
  }

  clear(): void {
    if (this.enabled && this.text) process.stderr.write('\r\u001b[2K');
    this.text = '';
  }
}
