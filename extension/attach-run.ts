/**
 * `ActLens: Attach to Run…`: follows a run that is still being written — by `actlens run` in a terminal, by
 * another window, or by a job on another machine writing to a shared folder — live in the panel, the Problems
 * view and the editor, from its folder's `events.jsonl`. The runs of the workspace's `.actlens/runs` that are
 * still being written come first; "Browse…" takes any run folder (or its events.jsonl).
 */
import { statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { listRecordedRuns, type RunSummary } from './recorded-runs.ts';
import type { RunController } from './run-controller.ts';
import { formatWhen, runTime } from './runs-tree-model.ts';
import { liveRuns, workspaceFolders } from './run-picker.ts';
import { EVENTS_FILE } from '../src/session/run-log.ts';
import { ownedHere, readRunOwner } from '../src/session/run-owner.ts';

/** A run written this recently without an end record may still be training (on a machine whose processes are not visible here). */
const WRITTEN_WITHIN_MS = 2 * 60 * 1000;

type Item = vscode.QuickPickItem & { runDir?: string };

export async function attachToRun(controller: RunController, now = new Date()): Promise<void> {
  const candidates = listRecordedRuns(workspaceFolders(), { isLive: liveRuns(controller) }).filter((run) =>
    beingWritten(run, now),
  );
  const browse: Item = {
    label: '$(folder-opened) Browse for a run folder…',
    detail:
      "A folder with an events.jsonl: another project's .actlens/runs/<run>, a shared folder, a cluster job's output",
  };
  const picked = await vscode.window.showQuickPick<Item>([...candidates.map((run) => item(run, now)), browse], {
    title: 'ActLens: Attach to a Run',
    placeHolder: candidates.length
      ? 'Runs still being written, newest first'
      : 'No run in this workspace is being written now: browse for a run folder',
    matchOnDescription: true,
  });
  if (!picked) return;
  const runDir = picked.runDir ?? (await browseForRunFolder());
  if (runDir) await controller.attach(runDir);
}

/** No end record, and its process alive here or its log written lately; a comparison's runs are followed in its own view. */
function beingWritten(run: RunSummary, now: Date): boolean {
  if (run.ended || run.comparison) return false;
  return run.status.status === 'running' || now.getTime() - run.modified.getTime() < WRITTEN_WITHIN_MS;
}

function item(run: RunSummary, now: Date): Item {
  const owner = readRunOwner(run.runDir);
  const where = !owner
    ? 'no owner record'
    : ownedHere(owner)
      ? `${owner.from === 'editor' ? 'started in the editor' : 'started from a command line'}, pid ${owner.pid}`
      : `on ${owner.host}`;
  return {
    label: `$(pulse) ${run.script ? path.basename(run.script) : run.runId}`,
    description: [formatWhen(runTime(run), now), `step ${run.steps}`, run.backend, where].filter(Boolean).join(' · '),
    detail: run.runDir,
    runDir: run.runDir,
  };
}

async function browseForRunFolder(): Promise<string | undefined> {
  const [picked] =
    (await vscode.window.showOpenDialog({
      title: 'ActLens: the run folder to attach to (or its events.jsonl)',
      canSelectFolders: true,
      canSelectFiles: true,
      canSelectMany: false,
      openLabel: 'Attach',
    })) ?? [];
  if (!picked) return undefined;
  const chosen = picked.fsPath;
  const runDir = path.basename(chosen) === EVENTS_FILE ? path.dirname(chosen) : chosen;
  try {
    if (statSync(path.join(runDir, EVENTS_FILE)).isFile()) return runDir;
  } catch {
    // Said below.
  }
  void vscode.window.showErrorMessage(
    `ActLens: ${chosen} is not a run folder: it has no ${EVENTS_FILE}. Pick the folder \`actlens run\` printed (".actlens/runs/<run>"), or the file itself.`,
  );
  return undefined;
}
