/**
 * The causes a finding can be attributed to, listed once: the analysis names one per finding from the evidence
 * (docs/detectors.md, "Cause attribution"), ranks first the fix that treats it, and the scenario suite checks
 * both against each scenario's labelled cause.
 */
import { z } from 'zod';

export const CAUSES = {
  'negative-bias': 'a negative constant bias initialiser keeps pre-activations below zero',
  'large-updates': 'updates too large for the network (learning rate)',
  'unscaled-inputs': 'inputs far from mean 0 / variance 1',
  'saturating-stack': 'a deep stack of saturating activations (sigmoid/tanh)',
  'weight-scale': 'initial weights too large or too small for the activation',
  'selu-setup': "SELU's self-normalising conditions not met (initialiser, dropout or inputs)",
  'undefined-operation': 'an undefined operation (log(0), division by zero) or NaN in the data',
  unexplained: 'the evidence does not single out one cause',
} as const;

export const CAUSE_IDS = Object.keys(CAUSES) as [keyof typeof CAUSES, ...(keyof typeof CAUSES)[]];
export const CauseIdSchema = z.enum(CAUSE_IDS);
export type CauseId = z.infer<typeof CauseIdSchema>;

export const CauseSchema = z.object({
  id: CauseIdSchema,
  /** The evidence that points at it, in one sentence. */
  because: z.string(),
});
export type Cause = z.infer<typeof CauseSchema>;
