/**
 * What every view of a run counts — the status bar, the panel, the progress and completion messages — as the
 * Problems view shows it: the run's findings less those an actlens-disable comment silences. `textOf` reads a
 * file's current text (the open document's, with unsaved edits, where the caller can see documents).
 */
import type { Finding } from '../src/core/findings.ts';
import { applySuppressions } from '../src/source/suppressions.ts';
import { readSourceFile } from '../src/session/workspace-file.ts';

export function visibleFindings(
  findings: readonly Finding[],
  textOf: (file: string) => string | undefined = savedText,
): Finding[] {
  return applySuppressions(findings, textOf).kept;
}

/** The file as saved; undefined when it cannot be read (its findings then stay). */
function savedText(file: string): string | undefined {
  try {
    return readSourceFile(file);
  } catch {
    return undefined;
  }
}
