/**
 * Every finding, worst first, with its message and a link to its line — including the model-wide ones
 * (a non-finite loss) that no layer row can show — its likely cause, the measurements behind it, and for a run
 * that diverged the chain of events, each link at its line.
 */
import type { SourceLocation } from '../../src/core/events.ts';
import { chainLinks, type Finding } from '../../src/core/findings.ts';
import { h, icon, setText } from '../dom.ts';
import { sourceLabel } from '../../src/core/format.ts';
import { worstFirst } from '../layer-findings.ts';
import type { RunModel } from '../run-model.ts';
import { severityIcon } from './severity.ts';

export class FindingsList {
  readonly element: HTMLElement;
  private readonly heading = h('h2', {}, 'Findings');
  private readonly list = h('ul', { class: 'findings-list' });
  private readonly emptyNote = h('p', { class: 'empty' });
  private shown: readonly Finding[] | null = null;

  constructor(private readonly reveal: (source: SourceLocation) => void) {
    this.element = h('section', { class: 'findings' }, this.heading, this.list, this.emptyNote);
  }

  draw(model: RunModel): void {
    const running = model.state.status === 'running';
    setText(this.emptyNote, running ? 'No findings so far.' : 'No findings.');
    if (this.shown === model.findings) return;
    this.shown = model.findings;
    const findings = [...model.findings].sort(worstFirst);
    setText(this.heading, findings.length === 0 ? 'Findings' : `Findings (${findings.length})`);
    this.emptyNote.hidden = findings.length > 0;
    this.list.replaceChildren(...findings.map((finding) => this.item(finding)));
  }

  private item(finding: Finding): HTMLLIElement {
    const where = finding.source ? [' ', this.sourceLink(finding.source)] : [];
    return h(
      'li',
      { class: `severity-${finding.severity}` },
      icon(severityIcon(finding.severity)),
      h('strong', {}, ` ${finding.kind}`),
      h('span', { class: 'muted' }, ` · ${finding.layer ?? 'model'}`),
      ...where,
      h('p', {}, finding.message),
      ...(finding.cause ? [h('p', { class: 'cause' }, h('strong', {}, 'Likely cause: '), finding.cause.because)] : []),
      ...this.chain(finding),
      ...(finding.detail ? [h('p', { class: 'muted detail' }, finding.detail)] : []),
    );
  }

  /** A diverged run's chain, in order; the links that have a line point at it. */
  private chain(finding: Finding): HTMLElement[] {
    const links = chainLinks(finding);
    if (links.length === 0) return [];
    const items = links.map(({ text, source }) => h('li', {}, text, ...(source ? [' ', this.sourceLink(source)] : [])));
    return [h('ol', { class: 'chain', 'aria-label': 'How it diverged' }, ...items)];
  }

  private sourceLink(source: SourceLocation): HTMLButtonElement {
    const link = h(
      'button',
      { type: 'button', class: 'link', title: `${source.file}:${source.line}:${source.column}` },
      sourceLabel(source),
    );
    link.addEventListener('click', () => this.reveal(source));
    return link;
  }
}
