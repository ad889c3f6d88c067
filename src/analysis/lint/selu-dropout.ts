/**
 * lint-selu-dropout: plain dropout in a SELU network. Zeroing units moves the mean and variance SELU holds at
 * 0 and 1; alphaDropout sets dropped units to SELU's negative saturation value −λα and rescales so both stay
 * (Klambauer et al., 2017).
 */
import { isSelu, SELU_ALPHA, SELU_LAMBDA } from '../../core/activations.ts';
import type { LayerCall } from '../../source/layer-calls.ts';
import type { Finding } from '../../core/findings.ts';
import { editFix } from '../../core/fix-builders.ts';
import { lintFinding } from './lint-finding.ts';
import type { LintInput } from './lint-input.ts';

export function checkSeluDropout({ fileName, calls, models }: LintInput): Finding[] {
  const fileSelu = calls.find((call) => isSelu(call.activation));
  if (!fileSelu) return [];
  return models.flatMap((model) => {
    const selu = seluLayerFor(model, fileSelu);
    if (!selu) return [];
    return model
      .filter((call) => call.factory === 'dropout')
      .map((dropout) =>
        lintFinding(fileName, dropout, {
          kind: 'lint-selu-dropout',
          message: `Plain dropout in a SELU network (SELU on line ${selu.line}) undoes its self-normalisation; use alphaDropout.`,
          detail: `This dropout sits in a SELU network (SELU on line ${selu.line}). Plain dropout zeroes units, which shifts the mean and variance SELU keeps at 0 and 1 and undoes its self-normalisation; alphaDropout drops units to SELU's negative saturation value (≈ ${(-SELU_LAMBDA * SELU_ALPHA).toFixed(4)}) and rescales, keeping both.`,
          evidence: { seluLine: selu.line, dropoutFactory: 'dropout' },
          fixes: [
            editFix(
              { action: 'replace-layer', to: 'alphaDropout' },
              "alphaDropout is the dropout designed to preserve SELU's mean 0 / variance 1.",
              'selu-setup',
            ),
          ],
          related: [{ message: 'SELU layer', call: selu }],
        }),
      );
  });
}

/**
 * The SELU layer that makes this model a SELU network: one of its own; none when its own layers name another
 * activation (a second, non-SELU model in the file); otherwise the file's, since the model's layers may have
 * been built elsewhere in the file.
 */
function seluLayerFor(model: readonly LayerCall[], fileSelu: LayerCall): LayerCall | undefined {
  const own = model.find((call) => isSelu(call.activation));
  if (own) return own;
  return model.some((call) => call.activation !== undefined) ? undefined : fileSelu;
}
