/**
 * When a run diverges, the non-finite finding tells the story in order: what grew or broke first, what it did to
 * the activations, where the first NaN/Inf appeared, and when the loss followed — each link at its own line, as
 * related information, so that a reader can walk the chain in the editor.
 */
import type { Finding, FindingKind } from '../core/findings.ts';

/** Causes before effects: oversized updates, then what they did to the activations. */
const CHAIN_ORDER: readonly FindingKind[] = ['exploding-gradient', 'dead-units', 'saturation'];

export function withDivergenceChain(findings: Finding[], lossStep: number | null): Finding[] {
  const nonFinite = findings.find((finding) => finding.kind === 'non-finite');
  if (!nonFinite) return findings;
  const before = findings
    .filter((finding) => CHAIN_ORDER.includes(finding.kind) && finding.step <= nonFinite.step)
    .sort((a, b) => CHAIN_ORDER.indexOf(a.kind) - CHAIN_ORDER.indexOf(b.kind) || a.step - b.step);
  const links = [
    ...before.map((finding) => ({
      message: finding.message.replace(/\.$/, ''),
      layer: finding.layer,
      source: finding.source,
    })),
    { message: nonFinite.message.replace(/\.$/, ''), layer: nonFinite.layer, source: nonFinite.source },
    ...(lossStep !== null && nonFinite.evidence.where !== 'loss'
      ? [{ message: `the loss became NaN/Infinity at step ${lossStep}`, layer: null, source: null }]
      : []),
  ];
  if (links.length < 2) return findings;
  const chain = links.map((link) => link.message);
  const updated: Finding = {
    ...nonFinite,
    detail: `How it diverged: ${chain.join(' → ')}. ${nonFinite.detail ?? ''}`.trim(),
    evidence: { ...nonFinite.evidence, chain },
    related: [...links.filter((link) => link.source !== null), ...nonFinite.related],
  };
  return findings.map((finding) => (finding === nonFinite ? updated : finding));
}
