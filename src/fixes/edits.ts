/**
 * Quick fixes as text edits: the fix data a finding carries (`FixAction`), applied to the layer call at the
 * finding's location. Every result is checked to parse no worse than the original before it is offered.
 */
import type { FixAction } from '../core/findings.ts';
import { LEAKY_RELU_ALPHA } from '../core/activations.ts';
import { createEditContext, type EditContext } from './edit-context.ts';
import { ACTIVATION_OPTION_FACTORIES } from '../source/layer-factories.ts';
import { scannedLayerCallAt, type ScannedLayerCall } from '../source/layer-calls.ts';
import { removeOption, setOptions } from './option-edits.ts';
import { syntaxErrors } from '../source/parse.ts';
import { insertLayerAfter } from './placement.ts';
import { applyEdits, combine, refuse, type FixEditResult, type TextEdit } from './text-edit.ts';

export { applyEdits, type FixEditResult, type TextEdit };

type SourceFix = Exclude<FixAction, { action: 'advice' }>;

export function computeFixEdits(
  sourceText: string,
  fileName: string,
  at: { line: number; column: number },
  fix: FixAction,
): FixEditResult {
  if (fix.action === 'advice') return refuse('advice only');
  const context = createEditContext(sourceText, fileName);
  const scanned = scannedLayerCallAt(context.sourceFile, context.calls, at);
  if (!scanned)
    return refuse(`there is no tfjs layer call (such as tf.layers.dense(…)) at line ${at.line}, column ${at.column}`);
  const result = editsFor(context, scanned, fix);
  return result.ok ? checked(sourceText, fileName, result.edits) : result;
}

function editsFor(context: EditContext, scanned: ScannedLayerCall, fix: SourceFix): FixEditResult {
  const { factory, namespace } = scanned.call;
  switch (fix.action) {
    case 'swap-activation': {
      if (!ACTIVATION_OPTION_FACTORIES.has(factory)) return refuse(`a ${factory} layer has no activation option`);
      const initializer = fix.kernelInitializer ? [{ name: 'kernelInitializer', value: fix.kernelInitializer }] : [];
      return setOptions(context, scanned, [{ name: 'activation', value: fix.to }, ...initializer]);
    }
    case 'insert-activation-layer': {
      // PReLU learns its slope, so `alpha` only shapes the LeakyReLU.
      const newLayer =
        fix.layer === 'leakyReLU'
          ? `${namespace}.leakyReLU({ alpha: ${fix.alpha ?? LEAKY_RELU_ALPHA} })`
          : `${namespace}.prelu()`;
      return combine(removeOption(context, scanned, 'activation'), insertLayerAfter(context, scanned, newLayer));
    }
    case 'insert-layer-after':
      return insertLayerAfter(context, scanned, `${namespace}.${fix.layer}()`);
    case 'replace-layer': {
      if (factory !== 'dropout') return refuse(`only a dropout layer can become ${fix.to}; this is a ${factory} layer`);
      return { ok: true, edits: [{ ...scanned.call.factoryRange, newText: fix.to }] };
    }
    case 'set-option':
      return setOptions(context, scanned, [{ name: fix.option, value: fix.value }]);
  }
}

/** Refuses edits that change nothing or would leave the file with more syntax errors than it had. */
function checked(sourceText: string, fileName: string, edits: TextEdit[]): FixEditResult {
  if (edits.length === 0) return refuse('the code already does what this fix would change');
  const edited = applyEdits(sourceText, edits);
  if (syntaxErrors(edited, fileName).length > syntaxErrors(sourceText, fileName).length) {
    return refuse('the rewritten code would not parse; ActLens does not know how to edit this shape of code');
  }
  return { ok: true, edits };
}
