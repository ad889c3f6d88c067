/**
 * The top of the panel: which script, on which backend, how far and how fast, how the run stands, and the
 * Stop / Re-run / Copy summary buttons. Stop and Re-run exist only where a host can act on them.
 */
import {
  backendLabel,
  fileName,
  formatElapsed,
  formatNumber,
  formatPercentShare,
  formatRate,
  formatWarmup,
} from '../../src/core/format.ts';
import type { SourceLocation } from '../../src/core/events.ts';
import type { RunStatusKind } from '../../src/core/run-status.ts';
import { button, h, icon, setText } from '../dom.ts';
import type { RunModel } from '../run-model.ts';
import { Announcement } from './announcement.ts';

export interface RunHeaderActions {
  stop(): void;
  rerun(): void;
  copySummary(): void;
  reveal(location: SourceLocation): void;
}

const STATUS_ICONS: Record<RunStatusKind, string[]> = {
  running: ['loading', 'modifier-spin'],
  finished: ['pass'],
  stopped: ['debug-stop'],
  failed: ['error'],
};

export class RunHeader {
  readonly element: HTMLElement;
  private readonly title = h('h1', { class: 'run-title' });
  private readonly facts = h('p', { class: 'run-facts' });
  private readonly statusIcon = h('span', { 'aria-hidden': 'true' });
  private readonly statusText = h('span', { class: 'status-text' });
  private readonly status = h('p', { class: 'run-status', role: 'status' }, this.statusIcon, this.statusText);
  private readonly stopButton: HTMLButtonElement;
  private readonly rerunButton: HTMLButtonElement;
  private readonly errorButton: HTMLButtonElement;
  private readonly announcement = new Announcement();
  private readonly notes = h('ul', { class: 'notes' });
  private errorLocation: SourceLocation | null = null;

  constructor(
    private readonly live: boolean,
    actions: RunHeaderActions,
  ) {
    this.stopButton = button('debug-stop', 'Stop', 'Stop the training script', actions.stop);
    this.rerunButton = button('debug-restart', 'Re-run', 'Run the script again from the start', actions.rerun);
    this.errorButton = button(
      'go-to-file',
      'Go to error',
      'Show the line the error points at',
      () => this.errorLocation && actions.reveal(this.errorLocation),
    );
    const copyButton = button(
      'copy',
      'Copy summary',
      'Copy the run, its layers and findings as text',
      actions.copySummary,
    );
    this.stopButton.hidden = !live;
    this.rerunButton.hidden = !live;
    const toolbar = h(
      'div',
      { class: 'toolbar', role: 'toolbar', 'aria-label': 'Run' },
      this.stopButton,
      this.rerunButton,
      this.errorButton,
      copyButton,
      this.announcement.element,
    );
    this.element = h('header', { class: 'run-header' }, this.title, this.facts, this.status, toolbar, this.notes);
  }

  draw(model: RunModel): void {
    const { latest } = model;
    const script = latest.start?.script;
    setText(this.title, script ? fileName(script) : model.title);
    this.title.title = script ?? model.title;

    const facts = [latest.start && backendLabel(latest.start), `step ${latest.steps}`];
    if (latest.stepsPerSecond !== null) facts.push(formatRate(latest.stepsPerSecond));
    if (latest.warmup) facts.push(formatWarmup(latest.warmup));
    if (latest.overheadShare !== null) facts.push(`overhead ${formatPercentShare(latest.overheadShare)}`);
    facts.push(`elapsed ${formatElapsed(latest.elapsedMs)}`);
    if (latest.loss !== null) facts.push(`loss ${formatNumber(latest.loss)}`);
    setText(this.facts, facts.filter((fact) => fact !== undefined).join(' · '));

    const { status, message } = model.state;
    this.statusIcon.className = ['codicon', ...STATUS_ICONS[status].map((name) => `codicon-${name}`)].join(' ');
    this.status.dataset.status = status;
    setText(this.statusText, status === 'running' ? `Running — step ${latest.steps}` : message);
    this.stopButton.disabled = !this.live || status !== 'running';
    this.errorLocation = latest.terminal?.type === 'error' ? latest.terminal.location : null;
    this.errorButton.hidden = this.errorLocation === null;

    if (this.notes.childElementCount !== latest.notes.length)
      this.notes.replaceChildren(...latest.notes.map((note) => h('li', {}, icon('info'), ' ', note)));
  }

  /** Says how an action went, for a few seconds (and to screen readers). */
  announce(text: string): void {
    this.announcement.say(text);
  }
}
