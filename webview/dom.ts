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
