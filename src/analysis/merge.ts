/**
 * One problem per cause: findings of one kind that share a cause are shown once.
 *  - Layers built by one factory call (a loop) with the same finding make one finding at that line, with the
 *    layer count.
 *  - Vanishing gradients in consecutive layers of a model (consecutive among the layers with weights) make one
 *    finding at the first layer's line, listing the others.
 * Related information is kept only where it points at another line.
 */
import type { Finding } from '../core/findings.ts';
import { SEVERITIES } from '../core/findings.ts';
import type { ModelLayout } from '../core/model-layout.ts';

export function mergeFindings(findings: Finding[], layout: ModelLayout): Finding[] {
  const vanishing = findings.filter((finding) => finding.kind === 'vanishing-gradient' && finding.layer !== null);
  const others = findings.filter((finding) => !vanishing.includes(finding));
  const merged = [
    ...consecutiveRuns(vanishing, layout).map((run) => merge(run, layout)),
    ...bySourceLine(others, layout),
  ];
  return merged.map(withRelatedElsewhere);
}

/** Findings of one kind at one source line merged; model-wide findings and lone ones pass as they are. */
function bySourceLine(findings: Finding[], layout: ModelLayout): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key =
      finding.layer !== null && finding.source
        ? `${finding.kind}\u0000${finding.source.file}\u0000${finding.source.line}`
        : `${groups.size}\u0000single`;
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  return [...groups.values()].map((group) => (group.length === 1 ? group[0]! : merge(group, layout)));
}

/** Vanishing findings split into runs of layers adjacent among their model's layers with weights. */
function consecutiveRuns(findings: Finding[], layout: ModelLayout): Finding[][] {
  const byLayer = new Map(findings.map((finding) => [finding.layer!, finding]));
  const runs: Finding[][] = [];
  for (const { layers } of layout.groupByModel(byLayer.keys())) {
    let run: Finding[] = [];
    for (const name of layers) {
      const previous = run.at(-1)?.layer;
      if (previous !== undefined && previous !== null && nextWithWeights(previous, layout) !== name) {
        runs.push(run);
        run = [];
      }
      run.push(byLayer.get(name)!);
    }
    if (run.length > 0) runs.push(run);
  }
  return runs;
}

function nextWithWeights(name: string, layout: ModelLayout): string | undefined {
  return layout.following(name).find((layer) => layer.weights.some((weight) => weight.trainable))?.name;
}

/** One finding for `group` (input → output order): at the first layer, most severe, earliest, listing the rest. */
function merge(group: Finding[], layout: ModelLayout): Finding {
  if (group.length === 1) return group[0]!;
  const sorted = [...group].sort((a, b) => layout.compare(a.layer, b.layer));
  const first = sorted[0]!;
  const layers = sorted.map((finding) => finding.layer!);
  const claim = first.message.slice(layout.displayName(first.layer!).length + 2);
  const sameLine = sorted.every((finding) => finding.source?.line === first.source?.line);
  const subject = sameLine
    ? `${layers.length} layers built at line ${first.source?.line}`
    : `${layout.displayName(first.layer!)} and ${layers.length - 1} layer${layers.length > 2 ? 's' : ''} after it`;
  const others = sorted.slice(1).map((finding) => ({
    message: `${layout.displayName(finding.layer!)}: ${finding.message.slice(layout.displayName(finding.layer!).length + 2)}`,
    layer: finding.layer,
    source: finding.source,
  }));
  return {
    ...first,
    severity: sorted
      .map((finding) => finding.severity)
      .reduce((a, b) => (SEVERITIES.indexOf(b) > SEVERITIES.indexOf(a) ? b : a)),
    step: Math.min(...sorted.map((finding) => finding.step)),
    message: `${subject}: ${claim}`,
    detail:
      `${first.detail ?? ''} The same holds for ${layers.slice(1).join(', ')} (${layers.length} layers in all).`.trim(),
    layers,
    // Each merged layer points at the same healthy layer in its own words; the first one's words fit the whole.
    related: uniqueBy([...others, ...sorted.flatMap((finding) => finding.related)], place),
  };
}

/** Related information that points at the finding's own line says nothing a reader does not see already. */
function withRelatedElsewhere(finding: Finding): Finding {
  const here = finding.source;
  const elsewhere = finding.related.filter(
    (entry) => !(here && entry.source && entry.source.file === here.file && entry.source.line === here.line),
  );
  const related = uniqueBy(elsewhere, (entry) => `${place(entry)}\u0000${entry.message}`);
  return related.length === finding.related.length ? finding : { ...finding, related };
}

type Related = Finding['related'][number];

function place(entry: Related): string {
  return `${entry.layer}\u0000${entry.source?.file}\u0000${entry.source?.line}`;
}

function uniqueBy(entries: Related[], key: (entry: Related) => string): Related[] {
  const seen = new Set<string>();
  return entries.filter((entry) => !seen.has(key(entry)) && seen.add(key(entry)));
}
