/**
 * The ActLens extension: VS Code glue around the session, analysis and fixes in src/. Each job lives in its
 * own file; this one wires them together. Training runs in a child process, never in the extension host.
 */
import * as vscode from 'vscode';
import { ActLensFixProvider } from './code-actions.ts';
import { COMMANDS, registerCommands } from './commands.ts';
import { compareActivationsCommand } from './compare-activations.ts';
import { docsLookup, RuntimeDiagnostics } from './diagnostics.ts';
import { Disposable } from './dispose.ts';
import { LintDiagnostics, SCRIPT_LANGUAGES } from './lint-diagnostics.ts';
import { PanelHost, registerPanelSerializer, type PanelActions } from './panel/panel-host.ts';
import { findRunDir, loadRecordedRun } from './recorded-runs.ts';
import { CONTEXT_CAN_RERUN, CONTEXT_RUNNING, LiveRun, RunController, type SessionFactory } from './run-controller.ts';
import { RunDisplay } from './run-view.ts';
import { readSettings, SETTINGS_SECTION, SettingsProblemReporter, type SettingsRead } from './settings.ts';
import { RunStatusBar } from './status-bar.ts';
import { workspaceTrust, type TrustGate } from './trust.ts';

export interface ExtensionOptions {
  /** Tests replace these; VS Code never does. */
  createSession?: SessionFactory;
  trust?: TrustGate;
}

export class ActLensExtension extends Disposable {
  readonly log: vscode.LogOutputChannel;
  readonly display: RunDisplay;
  readonly controller: RunController;
  readonly runtime: RuntimeDiagnostics;
  readonly lint: LintDiagnostics;
  readonly panel: PanelHost;

  constructor(context: Pick<vscode.ExtensionContext, 'extensionUri' | 'extensionPath'>, options: ExtensionOptions = {}) {
    super();
    const log = (this.log = this.register(vscode.window.createOutputChannel('ActLens', { log: true })));
    const reporter = new SettingsProblemReporter(log);
    const settings = (scope?: vscode.Uri): SettingsRead => {
      const read = readSettings(scope);
      reporter.report(read.problems);
      return read;
    };
    let lintEnabled = settings().settings.lintEnabled;

    const display = (this.display = this.register(new RunDisplay()));
    const docs = docsLookup(context.extensionUri);
    this.runtime = this.register(new RuntimeDiagnostics(display, docs));
    this.lint = this.register(new LintDiagnostics(() => lintEnabled, docs, log));
    this.register(
      vscode.languages.registerCodeActionsProvider(
        SCRIPT_LANGUAGES.map((language) => ({ language })),
        new ActLensFixProvider([this.runtime, this.lint]),
        ActLensFixProvider.metadata,
      ),
    );
    this.register(new RunStatusBar(display));

    const controller = (this.controller = this.register(
      new RunController({
        extensionPath: context.extensionPath,
        display,
        log,
        trust: options.trust ?? workspaceTrust,
        settings,
        createSession: options.createSession,
        showPanel: () => this.panel.show(true),
      }),
    ));
    const actions: PanelActions = {
      stop: async (runId) => {
        if (controller.running?.id !== runId) return 'That run is not running.';
        await controller.stop();
        return undefined;
      },
      rerun: async (runId) => {
        const view = display.current;
        if (!view || view.id !== runId) return 'That run is no longer the one shown.';
        const start = view.state.start;
        const target = view instanceof LiveRun ? view.target : start ? { script: start.script, args: start.args, cwd: start.cwd } : undefined;
        if (!target) return 'The run does not say which script it ran.';
        return (await controller.rerunTarget(target)) ? undefined : 'No new run was started.';
      },
      loadRun: (runId) => {
        const runDir = findRunDir(folders(), runId);
        const loaded = runDir ? loadRecordedRun(runDir, settings().settings.thresholds) : undefined;
        return loaded && !('error' in loaded) ? loaded : undefined;
      },
      folders,
    };
    this.panel = this.register(new PanelHost(context.extensionUri, display, actions, log));
    this.register(registerPanelSerializer(this.panel));
    for (const command of registerCommands({ controller, display, panel: this.panel, runtime: this.runtime, log, settings, isTrusted: () => vscode.workspace.isTrusted })) {
      this.register(command);
    }
    const trust = options.trust ?? workspaceTrust;
    this.register(
      vscode.commands.registerCommand(COMMANDS.compareActivations, (uri?: unknown) =>
        compareActivationsCommand({ extensionPath: context.extensionPath, log, trust, settings, showComparison: (result) => this.panel.showComparison(result) }, uri),
      ),
    );
    void vscode.commands.executeCommand('setContext', CONTEXT_RUNNING, false);
    void vscode.commands.executeCommand('setContext', CONTEXT_CAN_RERUN, false);

    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration(SETTINGS_SECTION)) return;
        reporter.reset();
        const enabled = settings().settings.lintEnabled;
        if (enabled !== lintEnabled) {
          lintEnabled = enabled;
          this.lint.lintAll();
        }
      }),
    );
  }

  /** Stops a run in progress: the training process must not outlive the extension. */
  shutdown(): Promise<void> {
    return this.controller.shutdown();
  }
}

function folders(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath);
}

let extension: ActLensExtension | undefined;

export function activate(context: vscode.ExtensionContext): void {
  extension = new ActLensExtension(context);
  context.subscriptions.push(extension);
}

export async function deactivate(): Promise<void> {
  await extension?.shutdown();
  extension = undefined;
}
