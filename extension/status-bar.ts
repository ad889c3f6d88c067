/**
 * The status bar item: backend, step and the shown run's findings by severity, with a spinner while it
 * runs. Clicking it opens the panel.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { backendLabel, overheadLine } from '../src/core/format.ts';
import { Disposable } from './dispose.ts';
import { countBySeverity, type RunDisplay, type RunView } from './run-view.ts';
import { Throttle } from './throttle.ts';

export interface StatusBarContent {
  text: string;
  tooltip: string;
}

export function statusBarContent(view: RunView): StatusBarContent {
  const status = view.status();
  const counts = countBySeverity(view.findings());
  const problems = `$(error) ${counts.error} $(warning) ${counts.warning} $(info) ${counts.info}`;
  const start = view.state.start;
  const backend = start && (start.adapter ? `${start.backend}: ${start.adapter.name}` : start.backend);
  const script = path.basename(view.script);
  let text: string;
  if (status.status === 'running') {
    text = backend
      ? `$(loading~spin) ActLens ${backend} · step ${view.state.steps} · ${problems}`
      : '$(loading~spin) ActLens: starting…';
  } else {
    const steps = view.state.steps;
    text = `$(pulse) ActLens${backend ? ` ${backend}` : ''} · ${steps} step${steps === 1 ? '' : 's'} · ${problems}`;
  }
  const onBackend = start
    ? `\nOn ${backendLabel(start)}${start.adapter?.description ? ` — ${start.adapter.description}` : ''}`
    : '';
  const overhead = overheadLine(view.state);
  const tooltip = `ActLens — ${script}\n${status.message}${onBackend}${overhead ? `\n${overhead}` : ''}\n${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info\nClick to open the ActLens panel.`;
  return { text, tooltip };
}

export class RunStatusBar extends Disposable {
  private readonly item = this.register(
    vscode.window.createStatusBarItem('actlens.status', vscode.StatusBarAlignment.Left, 10),
  );
  private readonly throttle = this.register(new Throttle(250, () => this.refresh()));

  constructor(private readonly display: RunDisplay) {
    super();
    this.item.name = 'ActLens';
    this.item.command = 'actlens.showPanel';
    this.register(display.onDidShow(() => this.throttle.flush()));
    this.register(display.onDidUpdate(() => this.throttle.schedule()));
  }

  refresh(): void {
    const view = this.display.current;
    if (!view) return this.item.hide();
    const content = statusBarContent(view);
    this.item.text = content.text;
    this.item.tooltip = content.tooltip;
    this.item.backgroundColor =
      view.status().status === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }
}
