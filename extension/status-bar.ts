/**
 * The status bar item: backend, step and the runs' findings by severity as Problems lists them (the shown run's
 * and the other scripts' last runs', broken down in the tooltip), with a spinner while it runs. Clicking it opens
 * the panel.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { backendLabel, overheadLine } from '../src/core/format.ts';
import { Disposable } from './dispose.ts';
import type { MarkerCounts } from './run-markers.ts';
import { countBySeverity, type RunDisplay, type RunView, type SeverityCounts } from './run-view.ts';
import { Throttle } from './throttle.ts';

export interface StatusBarContent {
  text: string;
  tooltip: string;
}

/** Where the counts come from: the diagnostics in Problems, and when they change. */
export interface MarkerCountsSource {
  counts(): MarkerCounts;
  readonly onDidChange: vscode.Event<void>;
}

function severities(counts: SeverityCounts): string {
  return `${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info`;
}

/** The tooltip's lines about the counts: what Problems lists, and from which runs. */
function countLines(script: string, markers: MarkerCounts): string {
  const lines = [`In Problems: ${severities(markers.total)}`];
  if (markers.otherScripts.length > 0) {
    lines.push(`  this run (${script}): ${severities(markers.shown)}`);
    lines.push(`  last runs of ${markers.otherScripts.join(', ')}: ${severities(markers.others)}`);
  }
  if (markers.stale > 0) lines.push(`${markers.stale} from before the code changed (stale until the next run)`);
  lines.push('The static checks (lint-*) in Problems are not counted here.');
  return lines.join('\n');
}

/**
 * `markers`: the counts of the diagnostics in Problems, which the item shows when given (the extension always
 * gives them); else the shown run's findings.
 */
export function statusBarContent(view: RunView, markers?: MarkerCounts): StatusBarContent {
  const status = view.status();
  const counts = markers?.total ?? countBySeverity(view.findings());
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
  const tooltip = `ActLens — ${script}\n${status.message}${onBackend}${overhead ? `\n${overhead}` : ''}\n${markers ? countLines(script, markers) : severities(counts)}\nClick to open the ActLens panel.`;
  return { text, tooltip };
}

export class RunStatusBar extends Disposable {
  private readonly item = this.register(
    vscode.window.createStatusBarItem('actlens.status', vscode.StatusBarAlignment.Left, 10),
  );
  private readonly throttle = this.register(new Throttle(250, () => this.refresh()));

  constructor(
    private readonly display: RunDisplay,
    private readonly markers?: MarkerCountsSource,
  ) {
    super();
    this.item.name = 'ActLens';
    this.item.command = 'actlens.showPanel';
    this.register(display.onDidShow(() => this.throttle.flush()));
    this.register(display.onDidUpdate(() => this.throttle.schedule()));
    if (markers) this.register(markers.onDidChange(() => this.throttle.schedule()));
  }

  refresh(): void {
    const view = this.display.current;
    if (!view) return this.item.hide();
    const content = statusBarContent(view, this.markers?.counts());
    this.item.text = content.text;
    this.item.tooltip = content.tooltip;
    this.item.backgroundColor =
      view.status().status === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }
}
