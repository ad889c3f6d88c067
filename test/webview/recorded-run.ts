/** The recorded dying-ReLU run and the finding the panel tests show for it. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { LayerEvent, RunnerEvent } from '../../src/core/events.ts';
import { parseEventLine } from '../../src/core/events.ts';
import type { Finding } from '../../src/core/findings.ts';
import { PROJECT_ROOT } from './build-panel.ts';

export function recordedEvents(name = 'dying-relu-high-lr'): RunnerEvent[] {
  const text = readFileSync(path.join(PROJECT_ROOT, 'test/fixtures/runs', name, 'events.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const parsed = parseEventLine(line);
      if (!parsed.ok) throw new Error(`bad fixture line: ${parsed.reason}`);
      return parsed.event;
    });
}

export function layerOf(events: RunnerEvent[], name: string): LayerEvent {
  const layer = events.find((event): event is LayerEvent => event.type === 'layer' && event.name === name);
  if (!layer) throw new Error(`no layer ${name} in the run`);
  return layer;
}

/** A dead-units warning on dense_Dense2, at the line that built it. */
export function deadUnitsFinding(events: RunnerEvent[]): Finding {
  const layer = layerOf(events, 'dense_Dense2');
  return {
    kind: 'dead-units',
    severity: 'warning',
    layer: layer.name,
    source: layer.source,
    step: 120,
    message: '28 of 64 units (44%) of dense_Dense2 never fired over the last 60 steps.',
    evidence: { dead: 28, units: 64 },
    fixes: [
      {
        title: 'Swap activation to leakyReLU (α = 0.01)',
        why: 'A leaky unit keeps a gradient when its input is negative.',
        action: 'insert-activation-layer',
        layer: 'leakyReLU',
        alpha: 0.01,
      },
      { title: 'Lower the learning rate', why: 'Large updates push units into the dead region.', action: 'advice' },
    ],
    related: [],
  };
}
