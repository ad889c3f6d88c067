/**
 * Static checks on a training script, before it runs: activation set-ups the lecture warns about that are
 * visible in the source alone. Findings are severity info, step 0, at the layer call, with fixes as data.
 */
import { scanLayerCalls } from '../../source/layer-calls.ts';
import { parseSource } from '../../source/parse.ts';
import type { Finding } from '../../core/findings.ts';
import { checkLeakyReluAlpha } from './leaky-relu-alpha.ts';
import type { LintInput } from './lint-input.ts';
import { groupIntoModels } from './model-groups.ts';
import { checkSaturatingStacks } from './saturating-stack.ts';
import { checkSeluDropout } from './selu-dropout.ts';
import { checkSeluInitializer } from './selu-initializer.ts';

const CHECKS: ReadonlyArray<(input: LintInput) => Finding[]> = [
  checkSeluInitializer,
  checkSeluDropout,
  checkSaturatingStacks,
  checkLeakyReluAlpha,
];

/**
 * The largest source the checks read, for every host (editor, CLI, recorded runs): anything larger is
 * generated or bundled code, and parsing it costs minutes and gigabytes (5 MB of layer calls, measured: 4 minutes, 1.1 GB).
 */
export const MAX_LINT_CHARS = 1_000_000;

/** Findings in source order; throws for a source over MAX_LINT_CHARS. */
export function lintSource(sourceText: string, fileName: string): Finding[] {
  if (sourceText.length > MAX_LINT_CHARS)
    throw new Error(
      `${fileName} has ${sourceText.length.toLocaleString('en')} characters; static checks read scripts of up to ${MAX_LINT_CHARS.toLocaleString('en')} (larger ones are generated or bundled code).`,
    );
  const scanned = scanLayerCalls(parseSource(sourceText, fileName));
  const input: LintInput = { fileName, calls: scanned.map(({ call }) => call), models: groupIntoModels(scanned) };
  return CHECKS.flatMap((check) => check(input)).sort(
    (a, b) => a.source!.line - b.source!.line || a.source!.column - b.source!.column,
  );
}
