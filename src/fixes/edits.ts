/**
 * Quick fixes as text edits: the fix data a finding carries (`FixAction`), applied to the layer call at the
 * finding's location — or, for a learning rate, to the optimizer at the fix's own location (`fixTargetFile` says
 * which file that is). Every result is checked to parse no worse than the original before it is offered.
 */
import path from 'node:path';
import ts from 'typescript';
import type { FixAction } from '../core/findings.ts';
import { LEAKY_RELU_ALPHA } from '../core/activations.ts';
import { createEditContext, type EditContext } from './edit-context.ts';
import { ACTIVATION_OPTION_FACTORIES, BIAS_LAYER_FACTORIES } from '../source/layer-factories.ts';
import { tfjsMemberAccess } from '../source/tfjs-namespace.ts';
import { learningRateEdits } from './learning-rate-edits.ts';
import { scannedLayerCallAt, type ScannedLayerCall } from '../source/layer-calls.ts';
import { removeOption, setOptions } from './option-edits.ts';
import { syntaxErrors } from '../source/parse.ts';
import { insertLayerAfter } from './placement.ts';
import { applyEdits, combine, refuse, type FixEditResult, type TextEdit } from './text-edit.ts';

export { applyEdits, type FixEditResult, type TextEdit };

type SourceFix = Exclude<FixAction, { action: 'advice' | 'set-learning-rate' }>;

/**
 * The file a fix edits: the optimizer's file for a learning rate (it is built where the script builds it, not
 * at the layer the finding is about), else the finding's own file. Hosts open this file and pass its text to
 * computeFixEdits.
 */
export function fixTargetFile(fix: FixAction, findingFile: string): string {
  return fix.action === 'set-learning-rate' ? fix.at.file : findingFile;
}

export function computeFixEdits(
  sourceText: string,
  fileName: string,
  at: { line: number; column: number },
  fix: FixAction,
): FixEditResult {
  if (fix.action === 'advice') return refuse('advice only');
  if (fix.action === 'set-learning-rate') {
    if (!sameFile(fix.at.file, fileName))
      return refuse(`the learning rate is set in ${fix.at.file}, not in this file; apply the fix there`);
    const result = learningRateEdits(createEditContext(sourceText, fileName), fix);
    return result.ok ? checked(sourceText, fileName, result.edits) : result;
  }
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
      return fix.option === 'biasInitializer'
        ? setBiasInitializer(context, scanned, fix.value)
        : setOptions(context, scanned, [{ name: fix.option, value: fix.value }]);
  }
}

/**
 * `biasInitializer: 'zeros'`, or a small positive constant written as `tf.initializers.constant({ value: 0.01 })`
 * through the namespace the layer call uses. Whatever the option held is replaced, call or not.
 */
function setBiasInitializer(context: EditContext, scanned: ScannedLayerCall, value: string | number): FixEditResult {
  const { factory } = scanned.call;
  if (!BIAS_LAYER_FACTORIES.has(factory)) return refuse(`a ${factory} layer has no bias`);
  if (typeof value === 'string')
    return setOptions(context, scanned, [{ name: 'biasInitializer', value, overwrite: true }]);
  const callee = scanned.node.expression;
  const initializers = tfjsMemberAccess(
    context.sourceFile,
    'initializers',
    ts.isPropertyAccessExpression(callee) ? callee.expression : undefined,
  );
  if (!initializers)
    return refuse(
      `this file has no name for tfjs (such as \`import * as tf from '@tensorflow/tfjs'\`) to write tf.initializers.constant({ value: ${value} }) with; write it by hand`,
    );
  const code = `${initializers}.constant({ value: ${value} })`;
  return setOptions(context, scanned, [{ name: 'biasInitializer', value, code, overwrite: true }]);
}

function sameFile(a: string, b: string): boolean {
  const [left, right] = [path.resolve(a), path.resolve(b)];
  return process.platform === 'win32' || process.platform === 'darwin'
    ? left.toLowerCase() === right.toLowerCase()
    : left === right;
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
