/**
 * What every view of a run counts — the status bar, the panel, the progress and completion messages — as the
 * Problems view shows it: the run's findings less those an actlens-disable comment silences. `textOf` reads a
 * file's current text (the open document's, with unsaved edits, where the caller can see documents).
 *
 * The views ask after every event of a live run; a file's comments are parsed again only when its text changed.
 */
import type { Finding } from '../src/core/findings.ts';
import { isSuppressed, parseSuppressions, type Suppressions } from '../src/source/suppressions.ts';
import { readSourceFile } from '../src/session/workspace-file.ts';

const parsed = new Map<string, { text: string; suppressions: Suppressions }>();

export function visibleFindings(
  findings: readonly Finding[],
  textOf: (file: string) => string | undefined = savedText,
): Finding[] {
  const seen = new Map<string, Suppressions | null>();
  const suppressionsOf = (file: string): Suppressions | null => {
    if (!seen.has(file)) seen.set(file, current(file, textOf(file)));
    return seen.get(file)!;
  };
  return findings.filter((finding) => {
    const suppressions = finding.source ? suppressionsOf(finding.source.file) : null;
    return !suppressions || !isSuppressed(suppressions, finding);
  });
}

/** The file's comments, parsed once per text; null when it cannot be read (its findings then stay). */
function current(file: string, text: string | undefined): Suppressions | null {
  if (text === undefined) return null;
  const cached = parsed.get(file);
  if (cached?.text === text) return cached.suppressions;
  const suppressions = parseSuppressions(text, file);
  parsed.set(file, { text, suppressions });
  return suppressions;
}

/** The file as saved; undefined when it cannot be read. */
function savedText(file: string): string | undefined {
  try {
    return readSourceFile(file);
  } catch {
    return undefined;
  }
}
