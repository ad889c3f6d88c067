/**
 * The hover card of a status badge: each finding's message and the titles of its fixes. One element serves
 * every badge; it shows on hover and on keyboard focus, and Escape or leaving hides it.
 */
import type { Finding } from '../../src/core/findings.ts';
import { h, icon } from '../dom.ts';
import { severityIcon } from './severity.ts';

export const TOOLTIP_ID = 'actlens-tooltip';

export class FindingTooltip {
  readonly element = h('div', { id: TOOLTIP_ID, class: 'tooltip', role: 'tooltip', hidden: '' });

  constructor() {
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.hide();
    });
  }

  show(anchor: HTMLElement, findings: readonly Finding[]): void {
    this.element.replaceChildren(...findings.map(describe));
    this.element.hidden = false;
    const box = anchor.getBoundingClientRect();
    const left = Math.max(4, Math.min(box.left, document.documentElement.clientWidth - this.element.offsetWidth - 4));
    const below = box.bottom + 4;
    const fitsBelow = below + this.element.offsetHeight <= document.documentElement.clientHeight;
    this.element.style.left = `${left}px`;
    this.element.style.top = `${fitsBelow ? below : Math.max(4, box.top - this.element.offsetHeight - 4)}px`;
  }

  hide(): void {
    this.element.hidden = true;
  }
}

function describe(finding: Finding): HTMLElement {
  const fixes =
    finding.fixes.length === 0
      ? []
      : [h('ul', { class: 'fixes' }, ...finding.fixes.map((fix) => h('li', {}, icon('lightbulb'), ' ', fix.title)))];
  return h(
    'div',
    { class: 'tooltip-finding' },
    h(
      'p',
      { class: `tooltip-title severity-${finding.severity}` },
      icon(severityIcon(finding.severity)),
      ` ${finding.kind}`,
      h('span', { class: 'muted' }, ` · ${finding.severity} · step ${finding.step}`),
    ),
    h('p', {}, finding.message),
    ...(finding.cause ? [h('p', { class: 'muted' }, `Likely cause: ${finding.cause.because}`)] : []),
    ...fixes,
  );
}
