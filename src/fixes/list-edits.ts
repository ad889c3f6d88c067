/**
 * Inserting into and removing from comma-separated lists (object literal properties, array elements) so
 * that the list keeps its layout: one item per line stays one per line at the same indent, a trailing comma
 * stays, comments after an item stay on its line.
 */
import type ts from 'typescript';
import { insertAt, type EditContext } from './edit-context.ts';
import { afterTrailingComments, lineIndentAt, nextTokenStart, startsLine } from '../source/source-style.ts';
import type { TextEdit } from './text-edit.ts';

/** Inserts `items` as new list entries right after entry `index`. */
export function insertAfterEntry(
  context: EditContext,
  entries: ts.NodeArray<ts.Node>,
  index: number,
  items: readonly string[],
): TextEdit[] {
  const { text, style } = context;
  const entry = entries[index]!;
  if (!isOnePerLine(context, entries, index)) return [insertAt(entry.end, items.map((item) => `, ${item}`).join(''))];

  const indent = lineIndentAt(text, entry.getStart(context.sourceFile));
  const lines = items.map((item) => `${style.newline}${indent}${item}`);
  const comma = commaAfter(context, entry);
  if (comma !== undefined)
    return [insertAt(afterTrailingComments(text, comma + 1), lines.map((line) => `${line},`).join(''))];
  // The last entry, without a trailing comma: the new entries follow suit.
  const afterComments = afterTrailingComments(text, entry.end);
  return afterComments === entry.end
    ? [insertAt(entry.end, `,${lines.join(',')}`)]
    : [insertAt(entry.end, ','), insertAt(afterComments, lines.join(','))];
}

/** `{}` → `{ a: 1, b: 2 }`. */
export function fillEmptyObject(
  context: EditContext,
  object: ts.ObjectLiteralExpression,
  items: readonly string[],
): TextEdit[] {
  const open = object.getStart(context.sourceFile) + 1;
  const close = object.end - 1;
  const inside = context.text.slice(open, close);
  const filled = ` ${items.join(', ')}`;
  // Keep whatever comment sits inside; replace mere whitespace.
  return inside.trim() === '' ? [{ start: open, end: close, newText: `${filled} ` }] : [insertAt(open, `${filled},`)];
}

/** Removes entry `index` with its comma (and its whole line when it has one to itself). */
export function removeEntry(
  context: EditContext,
  container: ts.Node,
  entries: ts.NodeArray<ts.Node>,
  index: number,
): TextEdit[] {
  const { text, sourceFile } = context;
  const entry = entries[index]!;
  const start = entry.getStart(sourceFile);
  if (entries.length === 1) return [{ start: container.getStart(sourceFile) + 1, end: container.end - 1, newText: '' }];

  if (isOnePerLine(context, entries, index)) {
    const comma = commaAfter(context, entry);
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    let end = afterTrailingComments(text, comma !== undefined ? comma + 1 : entry.end);
    while (text[end] === ' ' || text[end] === '\t') end += 1;
    if (text.startsWith('\r\n', end)) end += 2;
    else if (text[end] === '\n') end += 1;
    const removal = { start: lineStart, end, newText: '' };
    // Removing the last entry of a list without a trailing comma: the new last entry loses its comma too.
    const previousComma = comma === undefined ? commaAfter(context, entries[index - 1]!) : undefined;
    return previousComma === undefined
      ? [removal]
      : [{ start: previousComma, end: previousComma + 1, newText: '' }, removal];
  }
  const next = entries[index + 1];
  if (next) return [{ start, end: next.getStart(sourceFile), newText: '' }];
  return [{ start: entries[index - 1]!.end, end: entry.end, newText: '' }];
}

/** Entries each on their own line: this one starts its line and the next one starts another. */
function isOnePerLine(context: EditContext, entries: ts.NodeArray<ts.Node>, index: number): boolean {
  const next = entries[index + 1];
  return (
    startsLine(context.text, entries[index]!.getStart(context.sourceFile)) &&
    (next === undefined || startsLine(context.text, next.getStart(context.sourceFile)))
  );
}

function commaAfter(context: EditContext, entry: ts.Node): number | undefined {
  const position = nextTokenStart(context.sourceFile, entry.end);
  return context.text[position] === ',' ? position : undefined;
}
