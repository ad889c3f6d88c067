/**
 * Starts a run that does not belong to the process starting it: a run host (src/run-host/main.ts) in a
 * process group of its own, with the script's output going to files in the run's folder, followed through
 * that folder (followed-run.ts). The editor starts its runs this way so that a window reload, or closing the
 * window, does not end the training: the next window finds the run by its folder and follows it again.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, mkdirSync, openSync } from 'node:fs';
import * as path from 'node:path';
import { ensureActLensFolder } from './actlens-folder.ts';
import { FollowedRun, STDERR_FILE, STDOUT_FILE } from './followed-run.ts';
import { newRunId, RUNS_FOLDER } from './run-log.ts';
import { resolveScript, resolveWorkingDirectory } from './script-path.ts';
import { defaultRunnerPath } from './runner-launch.ts';
import { findWorkspaceRoot, type RunRequest, type SessionListeners } from './session.ts';

/** The run host reads its request from here (and removes it, so that the script does not inherit it). */
export const RUN_REQUEST_ENV = 'ACTLENS_RUN_REQUEST';

/** Throws UsageError for a script that cannot be run at all, before anything starts, as RunSession does. */
export function startDetachedRun(request: RunRequest, listeners: SessionListeners = {}): FollowedRun {
  const script = resolveScript(request.script);
  const cwd = resolveWorkingDirectory(request.cwd ?? path.dirname(script));
  const workspaceRoot = request.workspaceRoot ?? findWorkspaceRoot(path.dirname(script));
  const runId = request.runId ?? newRunId(script);
  ensureActLensFolder(workspaceRoot);
  const runDir = path.join(workspaceRoot, RUNS_FOLDER, runId);
  mkdirSync(runDir, { recursive: true });
  const runnerPath = request.runnerPath ?? defaultRunnerPath();
  const hosted: RunRequest = { ...request, script, cwd, workspaceRoot, runId, runnerPath, startedFrom: 'editor' };
  const stdout = openSync(path.join(runDir, STDOUT_FILE), 'a');
  const stderr = openSync(path.join(runDir, STDERR_FILE), 'a');
  let child;
  try {
    child = spawn(process.execPath, [path.join(path.dirname(runnerPath), 'run-host.js')], {
      cwd: workspaceRoot,
      // The extension host may be Electron: run its binary as plain Node, as VS Code does for its own helpers.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', [RUN_REQUEST_ENV]: JSON.stringify(hosted) },
      stdio: ['ignore', stdout, stderr],
      // Its own process group: a reload that ends the extension host's group leaves it running.
      detached: true,
      windowsHide: true,
    });
  } finally {
    closeSync(stdout);
    closeSync(stderr);
  }
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => {
      appendFileSync(path.join(runDir, STDERR_FILE), `Could not start the ActLens run host: ${error.message}\n`);
      resolve();
    });
  });
  child.unref();
  return new FollowedRun({
    runDir,
    script,
    thresholds: request.thresholds,
    listeners,
    // No pid when spawning failed; `exited` says so then.
    started: { pid: child.pid, exited },
  });
}
