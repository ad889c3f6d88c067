/**
 * Fixes as findings carry them, built in one place so that a fix reads the same wherever it comes from: the
 * title follows from the edit ("Swap activation to selu (with leCunNormal initialiser)"), so a runtime finding
 * and a static check that make the same edit also show the same words.
 */
import type { CauseId } from './causes.ts';
import type { Fix, FixAction } from './findings.ts';

type Edit = Exclude<FixAction, { action: 'advice' }>;

/** The quick fix's title: it starts with the verb ("Swap activation to …", "Insert …", "Set …", "Replace …"). */
export function fixTitle(edit: Edit): string {
  switch (edit.action) {
    case 'swap-activation':
      return `Swap activation to ${edit.to}${edit.kernelInitializer ? ` (with ${edit.kernelInitializer} initialiser)` : ''}`;
    case 'insert-activation-layer':
      return `Insert ${edit.layer}${edit.alpha === undefined ? '' : ` (alpha ${edit.alpha})`} after this layer`;
    case 'insert-layer-after':
      return `Insert ${edit.layer} after this layer`;
    case 'replace-layer':
      return `Replace this layer with ${edit.to}`;
    case 'set-option':
      return `Set ${edit.option} to ${edit.value}`;
    case 'set-learning-rate':
      return `Lower the learning rate of ${edit.optimizer} to ${edit.to}${edit.from === null ? '' : ` (from ${edit.from})`}`;
  }
}

/** A source edit the quick fix applies, with why it helps and, when it removes one, the cause it treats. */
export function editFix(edit: Edit, why: string, treats?: CauseId): Fix {
  return { title: fixTitle(edit), why, ...(treats ? { treats } : {}), ...edit };
}

/** Advice that is not a source edit (e.g. standardise the inputs): shown, never applied. */
export function adviceFix(title: string, why: string, treats?: CauseId): Fix {
  return { title, why, ...(treats ? { treats } : {}), action: 'advice' };
}
