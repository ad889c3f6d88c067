/** What the panel host sends about a run, and the checks on what the panel asks for. Pure. */
import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import { WEBVIEW_PROTOCOL_VERSION, type InitMessage, type StateMessage } from '../../src/core/webview-messages.ts';
import { runTitle, type RunView } from '../run-view.ts';

export function initMessage(view: RunView): InitMessage {
  return {
    type: 'init',
    protocol: WEBVIEW_PROTOCOL_VERSION,
    run: { id: view.id, title: runTitle(view) },
    state: view.status(),
    events: [...view.events],
    findings: view.findings(),
    thresholds: view.thresholds,
  };
}

export function stateMessage(view: RunView): StateMessage {
  return { type: 'state', runId: view.id, ...view.status() };
}

/**
 * Whether `file` lies inside one of the workspace folders, after resolving `..` and symbolic links: the
 * panel may only open the workspace's own files.
 */
export function isInsideFolders(
  file: string,
  folders: readonly string[],
  realpath: (file: string) => string = realpathSync.native,
): boolean {
  if (!path.isAbsolute(file)) return false;
  const real = (candidate: string) => {
    try {
      return realpath(candidate);
    } catch {
      return undefined;
    }
  };
  const target = real(path.resolve(file));
  if (!target) return false;
  return folders.some((folder) => {
    const root = real(folder);
    if (!root) return false;
    const relative = path.relative(root, target);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  });
}
