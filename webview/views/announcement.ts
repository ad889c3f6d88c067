/** A line beside a toolbar saying how an action went ("Copied."), for a few seconds and to screen readers. */
import { h, setText } from '../dom.ts';

const SHOWN_MS = 4000;

export class Announcement {
  readonly element = h('span', { class: 'announcement', 'aria-live': 'polite' });
  private timer: ReturnType<typeof setTimeout> | undefined;

  say(text: string): void {
    setText(this.element, text);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => setText(this.element, ''), SHOWN_MS);
  }
}
