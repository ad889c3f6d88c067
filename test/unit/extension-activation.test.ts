import './vscode-stub.ts';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { FIX_APPLIED_COMMAND } from '../../extension/code-actions.ts';
import { COMMANDS } from '../../extension/commands.ts';
import { SHOW_FINDING_DOCS_COMMAND } from '../../extension/diagnostics.ts';
import { ActLensExtension } from '../../extension/main.ts';
import { PANEL_VIEW_TYPE } from '../../extension/panel/panel-host.ts';
import { RUNS_COMMANDS } from '../../extension/runs-view.ts';
import { DEFAULT_SETTINGS } from '../../extension/settings.ts';
import { SHOW_SCRIPT_RUN_COMMAND } from '../../extension/training-lens.ts';
import { DEFAULT_THRESHOLDS } from '../../src/analysis/index.ts';
import {
  deadUnitsFinding,
  FakeSession,
  fakeSessionFactory,
  makeWorkspace,
  startEvent,
  windowEvent,
  writeRecordedRun,
} from './extension-fixtures.ts';
import { Uri } from 'vscode';
import { settle, stub, StubDocument } from './vscode-stub.ts';

const ROOT = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const context = { extensionUri: Uri.file(ROOT), extensionPath: ROOT };

function activate(): ActLensExtension {
  FakeSession.created = [];
  return new ActLensExtension(context as never, { createSession: fakeSessionFactory });
}

describe('the manifest', () => {
  it('declares every command the extension registers', () => {
    stub.reset();
    const extension = activate();
    const declared = (manifest.contributes.commands as Array<{ command: string; title: string; category: string }>)
      .map((command) => command.command)
      .sort();
    const internal = [FIX_APPLIED_COMMAND, SHOW_FINDING_DOCS_COMMAND, SHOW_SCRIPT_RUN_COMMAND];
    const registered = [...stub.commands.keys()].filter((id) => !internal.includes(id)).sort();
    assert.deepEqual(declared, [...Object.values(COMMANDS), ...Object.values(RUNS_COMMANDS)].sort());
    assert.deepEqual(registered, declared);
    const run = manifest.contributes.commands.find((command: { command: string }) => command.command === 'actlens.run');
    assert.equal(`${run.category}: ${run.title}`, 'ActLens: Run Training with Diagnostics');
    // Re-run says what it re-runs, and is offered only once there is something to re-run.
    const rerun = manifest.contributes.commands.find(
      (command: { command: string }) => command.command === 'actlens.rerun',
    );
    assert.equal(`${rerun.category}: ${rerun.title}`, 'ActLens: Re-run Last Training Script');
    assert.equal(rerun.enablement, 'actlens.canRerun');
    const inPalette = (id: string) =>
      (manifest.contributes.menus.commandPalette as Array<{ command: string; when: string }>).find(
        (item) => item.command === id,
      );
    assert.equal(inPalette('actlens.rerun')?.when, 'actlens.canRerun');
    extension.dispose();
    assert.equal(stub.commands.size, 0, 'disposing unregisters');
  });

  it('offers Run in the editor title for JS/TS files and in the explorer', () => {
    const runIn = (menu: string) =>
      (manifest.contributes.menus[menu] as Array<{ command: string; when: string }>).find(
        (item) => item.command === 'actlens.run',
      );
    assert.match(runIn('editor/title')!.when, /resourceLangId == javascript \|\| resourceLangId == typescript/);
    assert.match(runIn('explorer/context')!.when, /resourceLangId == javascript \|\| resourceLangId == typescript/);
  });

  it('binds Run and Stop to chords that need a JS/TS editor, and Stop only while a run is in progress', () => {
    const bindings = manifest.contributes.keybindings as Array<{
      command: string;
      key: string;
      mac: string;
      when: string;
    }>;
    assert.deepEqual(
      bindings.map(({ command, key, mac }) => ({ command, key, mac })),
      [
        { command: 'actlens.run', key: 'ctrl+alt+a r', mac: 'cmd+alt+a r' },
        { command: 'actlens.stop', key: 'ctrl+alt+a s', mac: 'cmd+alt+a s' },
      ],
    );
    for (const binding of bindings) {
      assert.match(binding.when, /editorTextFocus && \(editorLangId == javascript \|\| editorLangId == typescript\)/);
      assert.ok(Object.values(COMMANDS).includes(binding.command as never));
    }
    assert.match(bindings[1]!.when, /actlens\.running/);
  });

  it('is a workspace extension with limited support for untrusted workspaces, activated for the panel and JS/TS', () => {
    assert.deepEqual(manifest.extensionKind, ['workspace']);
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.match(manifest.capabilities.untrustedWorkspaces.description, /runs nothing/);
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['actlens.nodePath']);
    assert.ok(manifest.activationEvents.includes(`onWebviewPanel:${PANEL_VIEW_TYPE}`));
    assert.equal(manifest.main, './dist/extension.js');
  });

  it('describes every threshold with its default, and the other settings with the defaults the code uses', () => {
    const properties = manifest.contributes.configuration.properties;
    const thresholds = properties['actlens.thresholds'].properties;
    assert.deepEqual(Object.keys(thresholds).sort(), Object.keys(DEFAULT_THRESHOLDS).sort());
    for (const [key, value] of Object.entries(DEFAULT_THRESHOLDS)) assert.equal(thresholds[key].default, value, key);
    assert.equal(properties['actlens.every'].default, DEFAULT_SETTINGS.every);
    assert.equal(properties['actlens.seed'].default, DEFAULT_SETTINGS.seed);
    assert.equal(properties['actlens.maxSteps'].default, DEFAULT_SETTINGS.maxSteps);
    assert.equal(properties['actlens.backend'].default, DEFAULT_SETTINGS.backend);
    assert.deepEqual(properties['actlens.backend'].enum, [
      'auto',
      'tensorflow-gpu',
      'webgpu',
      'tensorflow',
      'wasm',
      'cpu',
    ]);
    assert.equal(properties['actlens.gpu'].default, '');
    assert.equal(properties['actlens.overheadBudget'].default, DEFAULT_SETTINGS.overheadBudget);
    assert.equal(properties['actlens.openPanelOnRun'].default, DEFAULT_SETTINGS.openPanelOnRun);
    assert.equal(properties['actlens.lint.enabled'].default, DEFAULT_SETTINGS.lintEnabled);
    assert.equal(properties['actlens.codeLens.enabled'].type, 'boolean');
    assert.equal(properties['actlens.codeLens.enabled'].default, DEFAULT_SETTINGS.codeLensEnabled);
    assert.equal(properties['actlens.inlineEvidence.enabled'].type, 'boolean');
    assert.equal(properties['actlens.inlineEvidence.enabled'].default, DEFAULT_SETTINGS.inlineEvidenceEnabled);
    assert.equal(properties['actlens.nodePath'].default, '');
  });
});

describe('the built bundle', () => {
  const bundle = path.join(ROOT, 'dist', 'extension.js');
  it(
    'activates from dist/extension.js and deactivates',
    { skip: !existsSync(bundle) && 'dist/extension.js is not built (npm run build)' },
    async () => {
      stub.reset();
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const built = require(bundle) as { activate(context: unknown): void; deactivate(): Promise<void> };
      const subscriptions: Array<{ dispose(): void }> = [];
      built.activate({ ...context, subscriptions });
      assert.deepEqual(
        [...stub.commands.keys()].sort(),
        [
          ...Object.values(COMMANDS),
          ...Object.values(RUNS_COMMANDS),
          FIX_APPLIED_COMMAND,
          SHOW_FINDING_DOCS_COMMAND,
          SHOW_SCRIPT_RUN_COMMAND,
        ].sort(),
      );
      assert.deepEqual(
        stub.collections.map((collection) => collection.name),
        ['actlens', 'actlens-lint'],
      );
      assert.ok(stub.serializers.has(PANEL_VIEW_TYPE));
      for (const subscription of subscriptions) subscription.dispose();
      await built.deactivate();
      assert.equal(stub.commands.size, 0);
    },
  );
});

describe('the activated extension', () => {
  beforeEach(() => stub.reset());

  it('warns at activation about a bad threshold setting, naming it', async () => {
    stub.configuration['actlens.thresholds'] = { explodingRatio: 0.5 };
    const extension = activate();
    await settle();
    assert.equal(stub.messages.length, 1);
    assert.match(stub.messages[0]!.message, /"actlens\.thresholds" is ignored.*"explodingRatio"/);
    extension.dispose();
  });

  it('in an untrusted workspace, the run commands refuse and nothing is spawned; quick fixes do not offer a re-run', async () => {
    stub.isTrusted = false;
    const { folder, script } = makeWorkspace();
    stub.workspaceFolders = [folder];
    const extension = activate();
    await stub.commands.get(COMMANDS.run)!(Uri.file(script));
    await stub.commands.get(COMMANDS.rerun)!();
    await stub.commands.get(FIX_APPLIED_COMMAND)!(Uri.file(script), 'Swap activation to selu');
    assert.equal(FakeSession.created.length, 0);
    assert.equal(stub.messages.filter((message) => /untrusted workspace/.test(message.message)).length, 2);
    assert.equal(stub.messages.filter((message) => /Re-run|Run /.test(message.items.join())).length, 0);
    extension.dispose();
  });

  it("runs the active editor's script, shows findings at the line, and after a quick fix offers to re-run it", async () => {
    const { folder, script } = makeWorkspace();
    stub.workspaceFolders = [folder];
    stub.configuration['actlens.openPanelOnRun'] = false;
    stub.activeDocument = new StubDocument(script, readFileSync(script, 'utf8'));
    const extension = activate();
    await stub.commands.get(COMMANDS.run)!();
    const session = FakeSession.created[0]!;
    assert.equal(session.request.script, script);
    session.findingsNow = [deadUnitsFinding(script)];
    session.emit(startEvent(script));
    session.emit(windowEvent(20));
    session.end();
    await settle(300);
    const diagnostics = stub.collections.find((collection) => collection.name === 'actlens')!.get(Uri.file(script));
    assert.equal(diagnostics?.length, 1);
    assert.equal(stub.statusBarItems[0]!.text, '$(pulse) ActLens wasm · 20 steps · $(error) 1 $(warning) 0 $(info) 0');

    stub.answer = (message) => (message.items.includes('Re-run') ? 'Re-run' : undefined);
    await stub.commands.get(FIX_APPLIED_COMMAND)!(Uri.file(script), 'Swap activation to selu');
    assert.ok(
      stub.messages.some((message) =>
        message.message.startsWith('ActLens applied “Swap activation to selu”. Re-run the training'),
      ),
    );
    assert.equal(FakeSession.created.length, 2, 're-run');
    assert.equal(FakeSession.created[1]!.request.script, script);
    extension.dispose();
  });

  it('opens a recorded run: its findings as diagnostics, and the panel', async () => {
    const { folder, script } = makeWorkspace();
    stub.workspaceFolders = [folder];
    // A run whose second layer's units all die: the analyzer finds it again from the log.
    const events = JSON.parse(
      `[${readFileSync(path.join(ROOT, 'test/fixtures/runs/dying-relu-high-lr/events.jsonl'), 'utf8').trim().split('\n').join(',')}]`,
    );
    const original = events[0].script;
    const recorded = JSON.parse(JSON.stringify(events).split(JSON.stringify(original).slice(1, -1)).join(script));
    writeFileSync(script, readFileSync(path.join(ROOT, 'examples/dying-relu-high-lr.js'), 'utf8'));
    utimesSync(script, new Date(2000, 0, 1), new Date(2000, 0, 1));
    writeRecordedRun(folder, '20260101-000000-dying-relu-high-lr-abcd', recorded);
    const extension = activate();
    await stub.commands.get(COMMANDS.openRun)!();
    assert.equal(extension.display.current?.id, '20260101-000000-dying-relu-high-lr-abcd');
    const diagnostics =
      stub.collections.find((collection) => collection.name === 'actlens')!.get(Uri.file(script)) ?? [];
    assert.ok(
      diagnostics.some((diagnostic) => (diagnostic.code as { value: string }).value === 'dead-units'),
      JSON.stringify(diagnostics.map((d) => d.code)),
    );
    assert.equal(stub.panels.length, 1);
    extension.dispose();
  });
});
