/**
 * Building DOM without innerHTML: run data (layer names, error messages, file paths) is never parsed as
 * markup, and no inline style attribute is ever written, which the panel's CSP would refuse.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/** A codicon glyph; decorative, so screen readers skip it (the text beside it says the same). */
export function icon(name: string): HTMLSpanElement {
  return h('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

/** Sets text only when it changed, so a redraw ten times a second does not churn the DOM. */
export function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

/** A toolbar button: a codicon and a label, with a tooltip saying what it does. */
export function button(iconName: string, label: string, title: string, onClick: () => void): HTMLButtonElement {
  const element = h('button', { type: 'button', class: 'button', title }, icon(iconName), ` ${label}`);
  element.addEventListener('click', onClick);
  return element;
}

/** Arrow up/down on a focused table row moves focus to the row above/below; true when it did. */
export function moveRowFocus(event: KeyboardEvent): boolean {
  if (!(event.target instanceof HTMLTableRowElement) || (event.key !== 'ArrowDown' && event.key !== 'ArrowUp'))
    return false;
  event.preventDefault();
  const next = event.key === 'ArrowDown' ? event.target.nextElementSibling : event.target.previousElementSibling;
  if (next instanceof HTMLElement) next.focus();
  return true;
}
