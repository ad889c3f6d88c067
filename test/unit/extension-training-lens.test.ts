import './vscode-stub.ts';
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { COMMANDS, rerunLast } from '../../extension/commands.ts';
import { RunController } from '../../extension/run-controller.ts';
import { RunDisplay, type RunView } from '../../extension/run-view.ts';
import { DEFAULT_SETTINGS } from '../../extension/settings.ts';
import {
  ago,
  lensCommands,
  SHOW_SCRIPT_RUN_COMMAND,
  TrainingLenses,
  type ScriptRun,
} from '../../extension/training-lens.ts';
import { workspaceTrust } from '../../extension/trust.ts';
import {
  deadUnitsFinding,
  FakeSession,
  fakeSessionFactory,
  makeWorkspace,
  nonFiniteFinding,
  startEvent,
} from './extension-fixtures.ts';
import { Uri } from 'vscode';
import { settle, simulate, stub, StubDocument, StubLog } from './vscode-stub.ts';

const TRAINING_SCRIPT = `const tf = require('@tensorflow/tfjs');

async function main() {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  await model.fit(tf.ones([8, 4]), tf.ones([8, 1]), { epochs: 3 });
}

function customLoop(optimizer, model, xs) {
  for (let step = 0; step < 100; step++) {
    optimizer.minimize(() => model.predict(xs).square().mean());
  }
}
main();
`;

/** A run of `script` in a given state, as the lens reads it. */
function view(
  script: string,
  state: { live: boolean; status?: 'finished' | 'stopped' | 'failed'; findings?: number },
): RunView {
  const findings = Array.from({ length: state.findings ?? 0 }, () => deadUnitsFinding(script));
  return {
    id: 'run-1',
    script,
    runDir: '/tmp/run-1',
    events: [],
    eventsRevision: 0,
    state: undefined as never,
    thresholds: undefined as never,
    live: state.live,
    fromLog: false,
    findings: () => findings,
    status: () => ({ status: state.live ? 'running' : (state.status ?? 'finished'), message: '' }),
  };
}

const titles = (lenses: ReturnType<typeof lensCommands>) => lenses.map((lens) => lens.title);

describe('the lens titles', () => {
  const uri = Uri.file('/w/train.js');
  const now = 1_000_000;
  const last = (run: RunView, endedSecondsAgo: number): ScriptRun => ({
    view: run,
    endedAt: now - endedSecondsAgo * 1000,
  });

  it('offers Run (on this file) before any run of the script', () => {
    const lenses = lensCommands(uri, false, undefined, now);
    assert.deepEqual(titles(lenses), ['▶ Run with ActLens']);
    assert.equal(lenses[0]!.command, COMMANDS.run);
    assert.deepEqual(lenses[0]!.arguments, [uri]);
  });

  it('offers Stop while the script runs, with its problems so far', () => {
    const lenses = lensCommands(
      uri,
      true,
      { view: view(uri.fsPath, { live: true, findings: 1 }), endedAt: undefined },
      now,
    );
    assert.deepEqual(titles(lenses), ['■ Stop', 'running: 1 problem so far']);
    assert.equal(lenses[0]!.command, COMMANDS.stop);
    assert.equal(lenses[1]!.command, SHOW_SCRIPT_RUN_COMMAND);
  });

  it('sums up the last run after it, with how long ago it ended', () => {
    assert.deepEqual(titles(lensCommands(uri, false, last(view(uri.fsPath, { live: false, findings: 2 }), 18), now)), [
      '▶ Run with ActLens',
      'last run: 2 problems, 18 s ago',
    ]);
    assert.deepEqual(
      titles(lensCommands(uri, false, last(view(uri.fsPath, { live: false }), 200), now)).at(-1),
      'last run: no problems, 3 min ago',
    );
    assert.equal(
      titles(
        lensCommands(uri, false, last(view(uri.fsPath, { live: false, status: 'stopped', findings: 1 }), 1), now),
      ).at(-1),
      'last run (stopped): 1 problem, just now',
    );
    assert.equal(
      titles(lensCommands(uri, false, last(view(uri.fsPath, { live: false, status: 'failed' }), 7200), now)).at(-1),
      'last run failed, 2 h ago',
    );
  });

  it('counts time as a person reads it', () => {
    assert.deepEqual(
      [ago(0), ago(4_999), ago(18_400), ago(61_000), ago(3 * 3600_000), ago(50 * 3600_000)],
      ['just now', 'just now', '18 s ago', '1 min ago', '3 h ago', '2 d ago'],
    );
  });
});

describe('the training lenses in the editor', () => {
  beforeEach(() => stub.reset());

  function setUp() {
    const { folder, script } = makeWorkspace(TRAINING_SCRIPT);
    stub.workspaceFolders = [folder];
    const document = new StubDocument(script, TRAINING_SCRIPT);
    stub.documents.push(document);
    const display = new RunDisplay();
    const created: FakeSession[] = [];
    const controller = new RunController({
      extensionPath: '/ext/actlens',
      display,
      log: new StubLog('ActLens'),
      trust: workspaceTrust,
      settings: () => ({ settings: { ...DEFAULT_SETTINGS, openPanelOnRun: false }, problems: [] }),
      createSession: (request, listeners) => {
        const session = fakeSessionFactory(request, listeners);
        created.push(session);
        return session;
      },
      showPanel: () => undefined,
    });
    let clock = 5_000_000;
    const lenses = new TrainingLenses({
      display,
      runningScript: () => controller.running?.script,
      readEnabled: () => stub.configuration['actlens.codeLens.enabled'] !== false,
      now: () => clock,
    });
    let changes = 0;
    lenses.onDidChangeCodeLenses(() => changes++);
    const provider = stub.codeLensProviders[0]!.provider as TrainingLenses;
    const shown = () =>
      provider
        .provideCodeLenses(document as never)
        .map((lens) => `${lens.range.start.line + 1}: ${lens.command!.title}`);
    return {
      script,
      display,
      controller,
      lenses,
      created,
      shown,
      changes: () => changes,
      tick: (ms: number) => (clock += ms),
      dispose: () => {
        lenses.dispose();
        controller.dispose();
        display.dispose();
      },
    };
  }

  it('registers for JS/TS files on disk and puts Run above fit and above the loop around minimize', () => {
    const { shown, dispose } = setUp();
    assert.deepEqual(stub.codeLensProviders[0]!.selector, [
      { language: 'javascript', scheme: 'file' },
      { language: 'typescript', scheme: 'file' },
    ]);
    assert.deepEqual(shown(), ['8: ▶ Run with ActLens', '12: ▶ Run with ActLens']);
    dispose();
  });

  it('turns to Stop when the run starts and back to Run with the last run when it ends, telling VS Code each time', async () => {
    const { script, controller, created, shown, changes, tick, dispose } = setUp();
    await controller.run(Uri.file(script));
    assert.equal(changes(), 1);
    assert.deepEqual(shown(), [
      '8: ■ Stop',
      '8: running: no problems so far',
      '12: ■ Stop',
      '12: running: no problems so far',
    ]);
    const session = created[0]!;
    session.emit(startEvent(script));
    session.findingsNow = [deadUnitsFinding(script), nonFiniteFinding()];
    session.end();
    await settle(1100);
    assert.ok(changes() >= 2);
    tick(18_000);
    assert.deepEqual(shown().slice(0, 2), ['8: ▶ Run with ActLens', '8: last run: 2 problems, 18 s ago']);
    dispose();
  });

  it("shows a script's last run in the panel from its lens, even when another run is shown now", async () => {
    const { script, display, controller, created, dispose } = setUp();
    await controller.run(Uri.file(script));
    const run = controller.running!;
    created[0]!.end();
    await settle();
    display.show(undefined);
    let panel = 0;
    stub.commands.set(COMMANDS.showPanel, () => panel++);
    await stub.commands.get(SHOW_SCRIPT_RUN_COMMAND)!(script);
    assert.equal(display.current, run);
    assert.equal(panel, 1);
    dispose();
  });

  it('shows no lenses when actlens.codeLens.enabled is off, and comes back when it is turned on', () => {
    stub.configuration['actlens.codeLens.enabled'] = false;
    const { shown, changes, dispose } = setUp();
    assert.deepEqual(shown(), []);
    simulate.changeConfiguration({ 'actlens.codeLens.enabled': true });
    assert.equal(changes(), 1);
    assert.equal(shown().length, 2);
    dispose();
  });

  it('has no lenses in a file that trains nothing', () => {
    const { dispose } = setUp();
    const provider = stub.codeLensProviders[0]!.provider as TrainingLenses;
    const plain = new StubDocument('/w/util.js', 'export const add = (a, b) => a + b;\n');
    assert.deepEqual(provider.provideCodeLenses(plain as never), []);
    dispose();
  });
});

describe('Re-run from the palette', () => {
  beforeEach(() => stub.reset());

  function fakeController(lastScript: string | undefined) {
    const calls: string[] = [];
    return {
      calls,
      controller: {
        lastScript,
        rerun: async () => void calls.push('rerun'),
        run: async (uri: Uri) => void calls.push(`run ${uri.fsPath}`),
      } as never,
    };
  }

  it('re-runs at once when the editor shows the same script, or no script', async () => {
    const { calls, controller } = fakeController('/w/a.js');
    await rerunLast(controller);
    stub.activeDocument = new StubDocument('/w/a.js', '');
    await rerunLast(controller);
    assert.deepEqual(calls, ['rerun', 'rerun']);
    assert.equal(stub.messages.length, 0);
  });

  it('asks, naming both files, when the editor shows another script; runs the one picked', async () => {
    const { calls, controller } = fakeController('/w/a.js');
    stub.activeDocument = new StubDocument('/w/b.js', '');
    stub.answer = (message) => message.items[1];
    await rerunLast(controller);
    assert.match(stub.messages[0]!.message, /re-run a\.js, the last script run, or run b\.js, the one in the editor\?/);
    assert.deepEqual(stub.messages[0]!.items, ['Re-run a.js', 'Run b.js']);
    stub.answer = (message) => message.items[0];
    await rerunLast(controller);
    stub.answer = () => undefined;
    await rerunLast(controller);
    assert.deepEqual(calls, ['run /w/b.js', 'rerun']);
  });
});
