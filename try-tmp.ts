import { readFileSync } from 'node:fs';
import { parseEventLine } from './src/protocol/events.ts';
import { analyzeEvents } from './src/analysis/index.ts';
for (const file of process.argv.slice(2)) {
  const events = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => { const r = parseEventLine(line); if (!r.ok) throw new Error(r.reason); return r.event; });
  console.log('==', file, events.length, 'events');
  for (const f of analyzeEvents(events)) console.log(f.severity, f.kind, f.layer, f.step, '\n   ', f.message, '\n   ', JSON.stringify(f.evidence));
}
