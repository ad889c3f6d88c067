/**
 * A pair (or more) of toggle buttons choosing how a chart shows its data, e.g. gradient norms over steps or by
 * depth. Buttons with aria-pressed, so screen readers announce the choice; the owner decides what each shows.
 */
import { h, setText } from '../dom.ts';

export interface ViewChoice<T extends string> {
  value: T;
  label: string;
}

export class ViewSwitch<T extends string> {
  readonly element: HTMLElement;
  private readonly buttons: Map<T, HTMLButtonElement>;

  constructor(label: string, choices: readonly ViewChoice<T>[], onChoose: (value: T) => void) {
    this.buttons = new Map(
      choices.map(({ value, label: text }) => {
        const button = h('button', { type: 'button', class: 'view-choice', 'aria-pressed': 'false' });
        setText(button, text);
        button.addEventListener('click', () => onChoose(value));
        return [value, button];
      }),
    );
    this.element = h('span', { class: 'view-switch', role: 'group', 'aria-label': label }, ...this.buttons.values());
  }

  show(value: T): void {
    for (const [choice, button] of this.buttons) button.setAttribute('aria-pressed', String(choice === value));
  }
}
