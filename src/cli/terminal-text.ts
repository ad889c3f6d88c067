/**
 * Text from a run (layer and file names, error messages, notes) shown in a terminal: control characters are
 * escaped, so a name or message cannot retitle the window (`ESC]0;…BEL`), clear the screen (`ESC[2J`) or
 * rewrite earlier lines. The script's own stdout/stderr pass through untouched, as under `node script.js`.
 */

/** Cc: C0 controls, DEL and C1 controls (some terminals act on U+009B as on `ESC[`); tab and newline kept. */
const CONTROL = /(?![\t\n])\p{Cc}/gu;
const CONTROL_OR_NEWLINE = /(?!\t)\p{Cc}/gu;

const escaped = (character: string) => `\\x${character.charCodeAt(0).toString(16).padStart(2, '0')}`;

/** For messages and stacks: lines stay lines. */
export function printable(text: string): string {
  return text.replace(CONTROL, escaped);
}

/** For names that belong on one line (a layer, a file): a newline is escaped too. */
export function printableName(text: string): string {
  return text.replace(CONTROL_OR_NEWLINE, escaped);
}
