/** Runs the built CLI (dist/cli.js) as a user would, with event logs in a throwaway folder. */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { JsonReportSchema, type JsonReport } from '../../src/core/json-report-schema.ts';

export const REPO = path.resolve(__dirname, '..', '..');
export const CLI = path.join(REPO, 'dist', 'cli.js');
export const EXAMPLES = path.join(REPO, 'examples');
export const SCRIPTS = path.join(REPO, 'test', 'fixtures', 'scripts');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The --json report, validated against its schema; null when none was written. */
  report: JsonReport | null;
  runsRoot: string;
}

export function tempDir(prefix = 'actlens-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** `actlens run <script> …` with --json and a temporary --runs-root; resolves when the CLI exits. */
export function runCli(
  args: string[],
  options: {
    cwd?: string;
    withJson?: boolean;
    onRunsRoot?: (runsRoot: string) => void;
    /** Extra environment for the CLI, e.g. ACTLENS_PROGRESS_INTERVAL_MS. */
    env?: Record<string, string>;
    /** The CLI's process, to watch its output or signal it. */
    onChild?: (child: ChildProcessWithoutNullStreams) => void;
  } = {},
): Promise<CliResult> {
  const runsRoot = tempDir();
  const jsonFile = path.join(runsRoot, 'report.json');
  const extra = options.withJson === false ? [] : ['--json', jsonFile];
  const [command, ...rest] = args;
  const scriptArgsAt = rest.indexOf('--');
  const before = scriptArgsAt === -1 ? rest : rest.slice(0, scriptArgsAt);
  const after = scriptArgsAt === -1 ? [] : rest.slice(scriptArgsAt);
  const child = spawn(process.execPath, [CLI, command!, ...before, '--runs-root', runsRoot, ...extra, ...after], {
    cwd: options.cwd ?? REPO,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
  });
  options.onRunsRoot?.(runsRoot);
  options.onChild?.(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => {
    child.on('close', (code) => {
      let report: JsonReport | null = null;
      try {
        report = JsonReportSchema.parse(JSON.parse(readFileSync(jsonFile, 'utf8')));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      resolve({ code, stdout, stderr, report, runsRoot });
    });
  });
}

/** `actlens run fit-in-a-loop.js` on cpu for `calls` one-step fit calls, checked to have trained them all; its report. */
export async function runFitInALoop(calls: number): Promise<JsonReport> {
  const result = await runCli([
    'run',
    path.join(SCRIPTS, 'fit-in-a-loop.js'),
    '--backend',
    'cpu',
    '--quiet',
    '--',
    String(calls),
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.report?.steps, calls);
  return result.report!;
}

/** 1-based lines of `source` that call a tfjs layer factory (`layers.dense(`, `tf.layers.conv2d(` …). */
export function layerFactoryLines(file: string): number[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, index) => (/\blayers\.[a-z]\w*\(/.test(line) ? [index + 1] : []));
}
