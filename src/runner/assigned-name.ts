/**
 * The name a line of script gives the value of a call on it: `const hidden = tf.layers.dense(…)` → `hidden`,
 * `this.encoder = …` → `this.encoder`. Read from the text before the call only (cheap, no parse of the file):
 * whatever the call is part of after that (`.apply(input)`) does not change which name the script wrote.
 */

/**
 * `name =` or `name: Type =` at the end of the text, after a declaration keyword or at the start of a statement.
 * The character before `=` must not make it `==`, `!=`, `<=`, `>=`, `=>` or a compound assignment (`+=`).
 */
const ASSIGNMENT =
  /(?:^|[\s;,{(])((?:this\.)?[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*(?::\s*[^=;]+?)?\s*(?<![=!<>+\-*/%&|^?])=\s*$/;

/** More than any assignment target with its type annotation needs. */
const MAX_TARGET_CHARS = 240;

/**
 * `textBefore`: the call's line up to the start of its callee. `previousLine`: the line above, for a call that the
 * formatter moved below its `const hidden =`. Undefined when the call's value is not assigned there (an argument, an
 * array element, a return value).
 */
export function assignedName(textBefore: string, previousLine: string | undefined): string | undefined {
  const text = textBefore.trim() === '' && previousLine !== undefined ? previousLine.trimEnd() : textBefore;
  // The match is anchored at the end; its tail suffices, and keeps a minified file's 100,000-character line cheap.
  return ASSIGNMENT.exec(text.slice(-MAX_TARGET_CHARS))?.[1];
}
