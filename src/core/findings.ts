/**
 * Findings: what analysis concludes from the events, and what every output (terminal, JSON report,
 * diagnostics, panel) shows. Fixes are data the quick-fix code can apply without re-reading the finding.
 */
import { z } from 'zod';
import { OPTION_ACTIVATION_IDS } from './activations.ts';
import { CauseIdSchema, CauseSchema } from './causes.ts';
import { SourceLocationSchema } from './events.ts';

/** What a run's detectors find while it trains (the static checks' kinds start with `lint-`). */
export const RUNTIME_FINDING_KINDS = [
  'dead-units',
  'vanishing-gradient',
  'exploding-gradient',
  'non-finite',
  'activation-drift',
  'saturation',
] as const;

export const FINDING_KINDS = [
  ...RUNTIME_FINDING_KINDS,
  'lint-selu-initializer',
  'lint-selu-dropout',
  'lint-deep-saturating-stack',
  'lint-leaky-relu-alpha',
] as const;
export const FindingKindSchema = z.enum(FINDING_KINDS);
export type FindingKind = z.infer<typeof FindingKindSchema>;

export const SEVERITIES = ['info', 'warning', 'error'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

/** Activation names as tfjs spells them in a layer's `activation:` option (the catalogue's option activations). */
export const ActivationNameSchema = z.enum(OPTION_ACTIVATION_IDS);
export type ActivationName = z.infer<typeof ActivationNameSchema>;

export const InitializerNameSchema = z.enum([
  'heNormal',
  'heUniform',
  'leCunNormal',
  'leCunUniform',
  'glorotNormal',
  'glorotUniform',
]);

/**
 * What a fix does to the source. Titles start with the verb the quick fix shows:
 * "Swap activation to …", "Insert …", "Set …".
 */
export const FixActionSchema = z.discriminatedUnion('action', [
  /** Change the layer's `activation` option; optionally set its kernel initializer too. */
  z.object({
    action: z.literal('swap-activation'),
    to: ActivationNameSchema,
    kernelInitializer: InitializerNameSchema.optional(),
  }),
  /** Remove the layer's activation and insert an activation layer (`leakyReLU`, `prelu`) right after it. */
  z.object({
    action: z.literal('insert-activation-layer'),
    layer: z.enum(['leakyReLU', 'prelu']),
    alpha: z.number().optional(),
  }),
  /** Insert a layer right after this one (e.g. `batchNormalization`). */
  z.object({ action: z.literal('insert-layer-after'), layer: z.enum(['batchNormalization', 'layerNormalization']) }),
  /** Replace this layer's factory with another that takes the same options (`dropout` → `alphaDropout`). */
  z.object({ action: z.literal('replace-layer'), to: z.enum(['alphaDropout']) }),
  /** Set one option of the layer to a literal value. */
  z.object({
    action: z.literal('set-option'),
    option: z.enum(['kernelInitializer', 'biasInitializer', 'alpha']),
    value: z.union([z.string(), z.number()]),
  }),
  /**
   * Set the learning rate where the optimizer is built (`at`: the `tf.train.sgd(…)` call, or the `compile` call
   * that names the optimizer by string), from `from` to `to`.
   */
  z.object({
    action: z.literal('set-learning-rate'),
    at: SourceLocationSchema,
    optimizer: z.string(),
    from: z.number().nullable(),
    to: z.number().positive(),
  }),
  /** Advice that is not a source edit (e.g. lower the learning rate); shown, never applied. */
  z.object({ action: z.literal('advice') }),
]);
export type FixAction = z.infer<typeof FixActionSchema>;

export const FixSchema = z.intersection(
  z.object({
    title: z.string(),
    why: z.string(),
    /** The cause this fix removes, when it removes one (a swap of activation treats symptoms: none). */
    treats: CauseIdSchema.optional(),
  }),
  FixActionSchema,
);
export type Fix = z.infer<typeof FixSchema>;

export const FindingSchema = z.object({
  kind: FindingKindSchema,
  severity: SeveritySchema,
  /** The layer the finding is about; null for model-wide findings (e.g. a non-finite loss). */
  layer: z.string().nullable(),
  source: SourceLocationSchema.nullable(),
  /** The step at which the evidence was established; 0 for static checks. */
  step: z.number().int().nonnegative(),
  /** One sentence that stands alone in a Problems row (≤ 120 characters), naming the layer as the script does. */
  message: z.string(),
  /** The measurements and the why, for the hover, the panel and the terminal's details. */
  detail: z.string().optional(),
  /**
   * Every layer this finding covers, input → output, when it covers several (consecutive layers with the same
   * problem, or the layers one factory call built in a loop); `layer` is the first.
   */
  layers: z.array(z.string()).optional(),
  /** What the evidence points at; the first fix treats it when one can. */
  cause: CauseSchema.optional(),
  /** The numbers behind the finding, named so a reader can check the rule. */
  evidence: z.record(z.string(), z.unknown()),
  /** Ranked best first. */
  fixes: z.array(FixSchema),
  /**
   * Other places that explain the finding (e.g. the last layer with healthy gradients), and for a run that
   * diverged, the chain of events in order, each at its own line.
   */
  related: z
    .array(z.object({ message: z.string(), layer: z.string().nullable(), source: SourceLocationSchema.nullable() }))
    .default([]),
});
export type Finding = z.infer<typeof FindingSchema>;

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}

/** Findings at warning or above: what the CLI's exit code 1, its summary and VS Code's progress count as problems. */
export function problemCount(findings: readonly Finding[]): number {
  return findings.filter((finding) => atLeast(finding.severity, 'warning')).length;
}

/**
 * A diverged run's chain of events (the non-finite finding's `evidence.chain`), in order, each link with the line
 * it happened at when it has one: the related entry of the same words, or the finding's own line for its own link.
 */
export function chainLinks(finding: Finding): Array<{ text: string; source: Finding['source'] }> {
  const chain = finding.evidence.chain;
  if (!Array.isArray(chain)) return [];
  const own = finding.message.replace(/\.$/, '');
  return chain.map((link) => {
    const text = String(link);
    const entry = finding.related.find((related) => related.message === text);
    return { text, source: entry?.source ?? (text === own ? finding.source : null) };
  });
}
