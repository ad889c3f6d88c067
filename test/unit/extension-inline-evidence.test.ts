import './vscode-stub.ts';
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { evidencePhrase, HISTORY_LENGTH, historyRows, RunHistory, sparkline } from '../../extension/evidence.ts';
import { FindingHoverProvider } from '../../extension/finding-hover.ts';
import { evidenceByLine, InlineEvidence, WAITING_PHRASE } from '../../extension/inline-evidence.ts';
import { RunState } from '../../src/core/run-state.ts';
import { LiveRun } from '../../extension/run-controller.ts';
import { RunDisplay } from '../../extension/run-view.ts';
import type { LayerEvent, RunnerEvent, WindowEvent } from '../../src/core/events.ts';
import type { Finding } from '../../src/core/findings.ts';
import { at, deadUnitsFinding, FakeSession, makeWorkspace, SCRIPT_TEXT, startEvent } from './extension-fixtures.ts';
import { Position, window as vscodeWindow } from 'vscode';
import { settle, simulate, stub, StubDocument, type StubTextEditor } from './vscode-stub.ts';

const nothing = { deadFraction: null, gradientNorm: null, mean: null, std: null, saturated: null };

describe('the inline phrase', () => {
  it('leads with the dead share and the gradient for dead units', () => {
    const dead = { ...nothing, deadFraction: 1, gradientNorm: 3e-9, mean: 0, std: 0 };
    assert.equal(evidencePhrase(dead, new Set(['dead-units'])), 'dead 100% · ‖g‖ 3e-9');
  });

  it('gives the gradient norm (then the dead share) for vanishing or exploding gradients', () => {
    const vanishing = { ...nothing, gradientNorm: 2.5e-7, mean: 0.5, std: 0.01 };
    assert.equal(evidencePhrase(vanishing, new Set(['vanishing-gradient'])), '‖g‖ 2.5e-7');
    const exploding = { ...nothing, gradientNorm: 2.5e6, deadFraction: 0.25 };
    assert.equal(evidencePhrase(exploding, new Set(['exploding-gradient'])), '‖g‖ 2.5e6 · dead 25%');
  });

  it('gives the mean and spread for drift, and the saturated share for saturation', () => {
    const drifting = { ...nothing, mean: 1.0523, std: 2.9712, gradientNorm: 0.12 };
    assert.equal(evidencePhrase(drifting, new Set(['activation-drift'])), 'mean 1.05 · std 2.97 · ‖g‖ 0.12');
    const saturated = { ...nothing, saturated: 0.62, gradientNorm: 0.004, mean: 0.98, std: 0.05 };
    assert.equal(evidencePhrase(saturated, new Set(['saturation'])), 'saturated 62% · ‖g‖ 0.004');
  });

  it("without findings tells the layer's kind apart: dead share for ReLU, else mean and spread", () => {
    assert.equal(
      evidencePhrase({ ...nothing, deadFraction: 0, gradientNorm: 0.034, mean: 0.4, std: 1 }),
      'dead 0% · ‖g‖ 0.034',
    );
    assert.equal(
      evidencePhrase({ ...nothing, gradientNorm: 0.5, mean: -0.01, std: 0.9 }),
      '‖g‖ 0.5 · mean -0.01 · std 0.9',
    );
  });

  it('says nothing while nothing is known of the layer', () => {
    assert.equal(evidencePhrase(nothing), undefined);
    assert.equal(evidencePhrase(nothing, new Set(['dead-units'])), undefined);
  });
});

describe('the sparkline', () => {
  it('puts shares on a fixed 0–100% scale, with a gap for a missing value', () => {
    assert.equal(sparkline([0, 0.5, 1, null, 1], 'share'), '▁▅█·█');
  });

  it('puts gradient norms on a log scale, so orders of magnitude read as steps; zero is the floor', () => {
    assert.equal(sparkline([0.1, 1e-5, 1e-9, 0], 'log'), '█▅▁▁');
  });

  it('draws a flat series in the middle, and a linear one from its smallest to its largest value', () => {
    assert.equal(sparkline([2, 2, 2], 'linear'), '▄▄▄');
    assert.equal(sparkline([-1, 0, 1], 'linear'), '▁▅█');
  });

  it('rows say where each figure went, skipping figures the layer never had', () => {
    const rows = historyRows([
      { step: 20, gradientNorm: 0.21, deadShare: 0, mean: 0.5, std: 1 },
      { step: 40, gradientNorm: 3e-9, deadShare: 1, mean: 0, std: 0 },
    ]);
    assert.deepEqual(rows, ['‖g‖ `█▁` 0.21 → 3e-9', 'dead `▁█` 0% → 100%', 'mean `█▁` 0.5 → 0', 'std `█▁` 1 → 0']);
    assert.deepEqual(historyRows([{ step: 20, gradientNorm: 0.2, deadShare: null, mean: null, std: null }]), [
      '‖g‖ `▄` 0.2',
    ]);
  });
});

function layerEvent(name: string, source: { file: string; line: number; column: number } | null): LayerEvent {
  return {
    type: 'layer',
    name,
    className: 'Dense',
    activation: 'relu',
    units: 4,
    outputShape: [null, 4],
    params: 20,
    weights: [],
    config: {},
    source,
  };
}

/** A window in which `dead` of the 4 units of each layer never fired, with the layer's gradient norm. */
function window(toStep: number, layers: Record<string, { dead: number; norm: number; mean?: number }>): WindowEvent {
  return {
    type: 'window',
    fromStep: toStep - 19,
    toStep,
    loss: [1],
    gradients: Object.entries(layers).map(([layer, { norm }]) => ({ layer, weight: 'kernel', size: 16, norm: [norm] })),
    activations: Object.entries(layers).map(([layer, { dead, mean }]) => ({
      layer,
      units: 4,
      samples: 640,
      sampledSteps: 20,
      everActive: [0, 1, 2, 3].map((unit) => (unit < dead ? 0 : 1)),
      mean: mean ?? 0.3,
      variance: 0.25,
      saturated: null,
    })),
    nonFinite: [],
    elapsedMs: toStep * 10,
  };
}

describe('the per-layer history', () => {
  it('keeps the last 64 windows of each layer, and starts over for another run or dropped events', () => {
    const events: RunnerEvent[] = [];
    for (let index = 1; index <= 100; index++) events.push(window(index * 20, { a: { dead: 1, norm: index } }));
    const view = { id: 'run-1', events, eventsRevision: 0 };
    const history = new RunHistory();
    history.sync(view);
    const points = history.of('a');
    assert.equal(points.length, HISTORY_LENGTH);
    assert.equal(points[0]!.step, (100 - HISTORY_LENGTH + 1) * 20);
    assert.deepEqual(points.at(-1), { step: 2000, gradientNorm: 100, deadShare: 0.25, mean: 0.3, std: 0.5 });
    events.push(window(2020, { a: { dead: 0, norm: 101 } }));
    history.sync(view);
    assert.equal(history.of('a').length, HISTORY_LENGTH, 'still bounded');
    assert.equal(history.of('a').at(-1)!.gradientNorm, 101, 'only the new event was read');
    history.sync({ id: 'run-2', events: events.slice(0, 3), eventsRevision: 0 });
    assert.equal(history.of('a').length, 3);
    history.sync({ id: 'run-2', events: events.slice(0, 2), eventsRevision: 1 });
    assert.equal(history.of('a').length, 2);
  });
});

describe('inline evidence in the editor', () => {
  beforeEach(() => stub.reset());

  function setUp(enabled = true) {
    const { script } = makeWorkspace();
    const document = new StubDocument(script, SCRIPT_TEXT);
    stub.documents.push(document);
    stub.activeDocument = document;
    const display = new RunDisplay();
    const evidence = new InlineEvidence(display, () => enabled);
    const session = new FakeSession({ script }, {});
    const run = new LiveRun(session, { script });
    const emit = (event: RunnerEvent) => {
      session.emit(event);
      run.display.push(event);
      display.update(run);
    };
    const first = { file: script, ...at(SCRIPT_TEXT, 'tf.layers.dense', 0) };
    const second = { file: script, ...at(SCRIPT_TEXT, 'tf.layers.dense', 1) };
    return { script, document, display, evidence, session, run, emit, first, second };
  }

  const editorOf = (document: StubDocument) =>
    vscodeWindow.visibleTextEditors.find((candidate) => candidate.document === (document as never)) as unknown as
      StubTextEditor | undefined;
  /** The `after` texts in the active editor. */
  const shown = () => editorOf(stub.activeDocument!)!.afterTexts();

  it("shows each layer's figures at the end of its line, live, in the diagnostic's colour when it has findings", async () => {
    const { script, display, evidence, session, run, emit, first, second } = setUp();
    display.show(run);
    emit(startEvent(script));
    emit(layerEvent('dense_Dense1', first));
    emit(layerEvent('dense_Dense2', second));
    emit(layerEvent('dense_Dense3', null));
    evidence.refresh();
    assert.deepEqual(
      shown().map(({ line, text }) => ({ line, text })),
      [
        { line: first.line - 1, text: WAITING_PHRASE },
        { line: second.line - 1, text: WAITING_PHRASE },
      ],
    );
    emit(window(20, { dense_Dense1: { dead: 0, norm: 0.05 }, dense_Dense2: { dead: 4, norm: 3e-9, mean: 0 } }));
    session.findingsNow = [deadUnitsFinding(script)];
    await settle(600);
    const lineLength = SCRIPT_TEXT.split('\n')[first.line - 1]!.length;
    assert.deepEqual(shown(), [
      { line: first.line - 1, text: 'dead 0% · ‖g‖ 0.05', color: 'editorCodeLens.foreground' },
      { line: second.line - 1, text: 'dead 100% · ‖g‖ 3e-9', color: 'editorError.foreground' },
    ]);
    const editor = editorOf(stub.activeDocument!)!;
    const plain = [...editor.decorations.values()].flat().find((option) => option.range.start.line === first.line - 1)!;
    assert.equal(plain.range.start.character, lineLength, 'at the end of the line');

    // The run ends: the figures stay. It is cleared: they go.
    session.end();
    run.outcome = {
      runId: run.id,
      runDir: run.runDir,
      terminal: session.state.terminal!,
      findings: session.findingsNow,
      state: session.state,
      invalidEvents: 0,
      thresholds: session.thresholds,
    };
    display.update(run);
    await settle(600);
    assert.equal(shown().length, 2);
    display.show(undefined);
    assert.deepEqual(shown(), []);
    evidence.dispose();
  });

  it('only decorates editors of the files that built the layers, and leaves a file alone once it is edited', () => {
    const { script, document, display, evidence, run, emit, first } = setUp();
    const other = new StubDocument(script.replace(/train\.js$/, 'other.js'), SCRIPT_TEXT);
    simulate.showEditors(other);
    emit(startEvent(script));
    emit(layerEvent('dense_Dense1', first));
    emit(window(20, { dense_Dense1: { dead: 1, norm: 0.5 } }));
    display.show(run);
    assert.equal(shown().length, 1);
    assert.deepEqual(editorOf(other)!.afterTexts(), []);
    document.edit(SCRIPT_TEXT.replace('async function', '\nasync function'));
    assert.deepEqual(shown(), [], 'its lines may have moved');
    evidence.dispose();
  });

  it('shows nothing when actlens.inlineEvidence.enabled is off', () => {
    const { script, display, evidence, run, emit, first } = setUp(false);
    emit(startEvent(script));
    emit(layerEvent('dense_Dense1', first));
    emit(window(20, { dense_Dense1: { dead: 1, norm: 0.5 } }));
    display.show(run);
    assert.deepEqual(shown(), []);
    assert.equal(evidence.hoverMarkdown(stub.activeDocument! as never, first.line - 1), undefined);
    evidence.dispose();
  });

  it('adds sparklines of the layer over the run to the one hover of its line, after its findings', () => {
    const { script, document, display, evidence, session, run, emit, second } = setUp();
    emit(startEvent(script));
    emit(layerEvent('dense_Dense2', second));
    emit(window(20, { dense_Dense2: { dead: 1, norm: 0.2 } }));
    emit(window(40, { dense_Dense2: { dead: 2, norm: 1e-4 } }));
    emit(window(60, { dense_Dense2: { dead: 4, norm: 3e-9 } }));
    const finding: Finding = deadUnitsFinding(script);
    session.findingsNow = [finding];
    display.show(run);
    const line = second.line - 1;
    const markdown = evidence.hoverMarkdown(document as never, line)!;
    assert.equal(
      markdown,
      [
        '**ActLens** · dense\\_Dense2 · steps 20–60',
        '‖g‖ `█▅▁` 0.2 → 3e-9',
        'dead `▃▅█` 25% → 100%',
        'mean `▄▄▄` 0.3',
        'std `▄▄▄` 0.5',
      ].join('  \n'),
    );
    assert.equal(evidence.hoverMarkdown(document as never, line + 1), undefined, 'a line without a layer');

    // One hover: the finding's, with the sparklines after it.
    const diagnostic = { range: { start: { line }, end: { line } } };
    const lookup = { findingFor: () => finding, entries: () => [{ diagnostic, finding }] as never };
    const provider = new FindingHoverProvider(
      [lookup],
      () => undefined,
      (doc, at) => evidence.hoverMarkdown(doc, at),
    );
    const hover = provider.provideHover(document as never, new Position(line, 4) as never)!;
    const value = (hover.contents as unknown as { value: string }).value;
    assert.ok(value.startsWith('**ActLens** · `dead-units` · error'), value);
    assert.ok(value.endsWith(markdown), value);
    assert.equal(value.split('\n\n---\n\n').length, 2);
    const noFindings = new FindingHoverProvider(
      [],
      () => undefined,
      (doc, at) => evidence.hoverMarkdown(doc, at),
    );
    const alone = noFindings.provideHover(document as never, new Position(line, 0) as never)!;
    assert.equal((alone.contents as unknown as { value: string }).value, markdown);
    evidence.dispose();
  });

  it('speaks of the worst of the layers one line builds in a loop, and says how many more there are', () => {
    const source = { file: '/w/train.js', line: 7, column: 13 };
    const state = new RunState();
    for (const name of ['dense_Dense1', 'dense_Dense2', 'dense_Dense3']) state.apply(layerEvent(name, source));
    state.apply(
      window(20, {
        dense_Dense1: { dead: 0, norm: 0.1 },
        dense_Dense2: { dead: 4, norm: 3e-9 },
        dense_Dense3: { dead: 0, norm: 0.2 },
      }),
    );
    const finding = { ...deadUnitsFinding('/w/train.js'), severity: 'warning' as const };
    const lines = evidenceByLine({ state, live: false, findings: () => [finding] });
    const line = lines.get('/w/train.js')!.get(6)!;
    assert.equal(line.text, 'dead 100% · ‖g‖ 3e-9 (+2 more layers)');
    assert.equal(line.severity, 'warning');
    assert.deepEqual(
      line.layers.map((snapshot) => snapshot.layer.name),
      ['dense_Dense2', 'dense_Dense1', 'dense_Dense3'],
    );
    // After the run, a layer with nothing known says nothing.
    const quiet = new RunState();
    quiet.apply(layerEvent('dense_Dense1', source));
    assert.equal(evidenceByLine({ state: quiet, live: false, findings: () => [] }).size, 0);
  });
});
