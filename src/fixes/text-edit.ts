/** Text edits as offsets into the original text, the shape both VS Code's WorkspaceEdit and the CLI can apply. */
import type { TextRange } from '../source/parse.ts';

export interface TextEdit extends TextRange {
  newText: string;
}

/** `reason` says in plain words why this fix cannot be applied to this shape of code. */
export type FixEditResult = { ok: true; edits: TextEdit[] } | { ok: false; reason: string };

export function refuse(reason: string): FixEditResult {
  return { ok: false, reason };
}

/** Several sets of edits as one, or the first refusal among them. */
export function combine(...results: FixEditResult[]): FixEditResult {
  const edits: TextEdit[] = [];
  for (const result of results) {
    if (!result.ok) return result;
    edits.push(...result.edits);
  }
  return { ok: true, edits };
}

/**
 * Applies edits given against the same original text. Insertions at the same offset keep their order;
 * overlapping edits are a bug in whoever computed them, so they throw.
 */
export function applyEdits(sourceText: string, edits: readonly TextEdit[]): string {
  const ordered = edits
    .map((edit, index) => ({ edit, index }))
    .sort((a, b) => a.edit.start - b.edit.start || a.index - b.index);
  let result = '';
  let copiedUpTo = 0;
  for (const { edit } of ordered) {
    if (edit.start < copiedUpTo || edit.end < edit.start || edit.end > sourceText.length) {
      throw new RangeError(`Overlapping or out-of-range edit at ${edit.start}–${edit.end}`);
    }
    result += sourceText.slice(copiedUpTo, edit.start) + edit.newText;
    copiedUpTo = edit.end;
  }
  return result + sourceText.slice(copiedUpTo);
}
