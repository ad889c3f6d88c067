/**
 * The ActLens extension: VS Code glue around the session, analysis and fixes in src/. Each job lives in its
 * own file; this one wires them together. Training runs in a child process, never in the extension host.
 */
import * as vscode from 'vscode';
import { ActLensFixProvider } from './code-actions.ts';
import { COMMANDS, registerCommands, type CommandDeps } from './commands.ts';
import { compareActivationsCommand } from './compare-activations.ts';
import {
  currentText,
  docsLookup,
  registerFindingDocsCommand,
  RuntimeDiagnostics,
  type DocsLookup,
} from './diagnostics.ts';
import { MarkerJournal } from './marker-journal.ts';
import { Disposable } from './dispose.ts';
import { FindingHoverProvider } from './finding-hover.ts';
import { InlineEvidence } from './inline-evidence.ts';
import { LintDiagnostics, SCRIPT_LANGUAGES } from './lint-diagnostics.ts';
import { ComparePanels } from './panel/compare-panel.ts';
import { PanelHost, registerPanelSerializer, type PanelActions } from './panel/panel-host.ts';
import { findRunDir, loadRecordedRun } from './recorded-runs.ts';
import { CONTEXT_CAN_RERUN, CONTEXT_RUNNING, RunController, type SessionFactory } from './run-controller.ts';
import { RunDisplay, type RunView } from './run-view.ts';
import { liveRuns, openRunSummary } from './run-picker.ts';
import { RunsView } from './runs-view.ts';
import { readSettings, SETTINGS_SECTION, SettingsProblemReporter, type SettingsRead } from './settings.ts';
import { RunStatusBar } from './status-bar.ts';
import { TrainingLenses } from './training-lens.ts';
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
  /** Each layer's figures at the end of its line, and their sparklines in the hover. */
  readonly evidence: InlineEvidence;
  /** Run / Stop / last run above each training call. */
  readonly lenses: TrainingLenses;
  readonly panel: PanelHost;
  /** Each comparison in a view of its own, apart from the run panel. */
  readonly comparisons: ComparePanels;
  /** The Runs view: recorded runs by script, with their outcomes. */
  runs!: RunsView;
  private readonly settingsProblems: SettingsProblemReporter;
  /** Lint asks on every edit; read from the settings only when they change. */
  private lintEnabled: boolean;

  constructor(
    context: Pick<vscode.ExtensionContext, 'extensionUri' | 'extensionPath'> &
      Partial<Pick<vscode.ExtensionContext, 'workspaceState'>>,
    options: ExtensionOptions = {},
  ) {
    super();
    this.log = this.register(vscode.window.createOutputChannel('ActLens', { log: true }));
    this.settingsProblems = new SettingsProblemReporter(this.log);
    this.lintEnabled = this.settings().settings.lintEnabled;
    const trust = options.trust ?? workspaceTrust;

    this.display = this.register(new RunDisplay());
    // Edits made while a run is shown live outlast a window reload, so its markers come back where they moved.
    const journal = new MarkerJournal(context.workspaceState);
    const docs = docsLookup(context.extensionUri);
    this.runtime = this.register(new RuntimeDiagnostics(this.display, docs, currentText, journal));
    this.lint = this.register(new LintDiagnostics(() => this.lintEnabled, docs, this.log));
    this.evidence = this.register(
      new InlineEvidence(
        this.display,
        () => this.settings().settings.inlineEvidenceEnabled,
        (runId, file) => journal.changes(runId, file) !== undefined,
      ),
    );
    this.registerQuickFixes(docs);
    this.register(new RunStatusBar(this.display, this.runtime));

    this.controller = this.register(
      new RunController({
        extensionPath: context.extensionPath,
        display: this.display,
        log: this.log,
        trust,
        settings: (scope) => this.settings(scope),
        createSession: options.createSession,
        showPanel: () => this.panel.show(true),
      }),
    );
    this.lenses = this.register(
      new TrainingLenses({
        display: this.display,
        runningScript: () => this.controller.running?.script,
        readEnabled: () => this.settings().settings.codeLensEnabled,
      }),
    );
    this.panel = this.createPanel(context.extensionUri);
    this.comparisons = this.register(new ComparePanels(context.extensionUri, this.log));
    this.registerCommandHandlers(context.extensionPath, trust);
    void vscode.commands.executeCommand('setContext', CONTEXT_RUNNING, false);
    void vscode.commands.executeCommand('setContext', CONTEXT_CAN_RERUN, false);
    this.register(vscode.workspace.onDidChangeConfiguration((event) => this.settingsChanged(event)));
    // A run this editor started before a window reload goes on training: follow it again, panel and markers.
    void this.controller.reattach(folders());
  }

  /** Lets go of a run in progress (it goes on training; the next window follows it again). */
  shutdown(): Promise<void> {
    return this.controller.shutdown();
  }

  /** The settings for a scope (a script's folder), with their problems reported once in the log. */
  private settings(scope?: vscode.Uri): SettingsRead {
    const read = readSettings(scope);
    this.settingsProblems.report(read.problems);
    return read;
  }

  private settingsChanged(event: vscode.ConfigurationChangeEvent): void {
    if (!event.affectsConfiguration(SETTINGS_SECTION)) return;
    // Problems the user has just fixed, or made again, deserve a fresh report.
    this.settingsProblems.reset();
    const enabled = this.settings().settings.lintEnabled;
    if (enabled === this.lintEnabled) return;
    this.lintEnabled = enabled;
    this.lint.lintAll();
  }

  /** Quick fixes, the hover with a finding's cause and fixes, and the command that opens a kind's page rendered. */
  private registerQuickFixes(docs: DocsLookup): void {
    const selector = SCRIPT_LANGUAGES.map((language) => ({ language }));
    const lookups = [this.runtime, this.lint];
    this.register(
      vscode.languages.registerCodeActionsProvider(
        selector,
        new ActLensFixProvider(lookups, docs),
        ActLensFixProvider.metadata,
      ),
    );
    const evidence = (document: vscode.TextDocument, line: number) => this.evidence.hoverMarkdown(document, line);
    this.register(vscode.languages.registerHoverProvider(selector, new FindingHoverProvider(lookups, docs, evidence)));
    this.register(registerFindingDocsCommand(docs));
  }

  private createPanel(extensionUri: vscode.Uri): PanelHost {
    const actions: PanelActions = {
      stop: (runId) => this.controller.stopIfRunning(runId),
      rerun: (runId) => this.controller.rerunShown(runId),
      loadRun: (runId) => this.recordedRun(runId),
      folders,
    };
    const panel = this.register(new PanelHost(extensionUri, this.display, actions, this.log));
    this.register(registerPanelSerializer(panel));
    return panel;
  }

  /** A recorded run by id, for a panel restored after a restart; undefined when it is gone or unreadable. */
  private recordedRun(runId: string): RunView | undefined {
    const runDir = findRunDir(folders(), runId);
    const loaded = runDir ? loadRecordedRun(runDir, this.settings().settings.thresholds) : undefined;
    return loaded && !('error' in loaded) ? loaded : undefined;
  }

  private registerCommandHandlers(extensionPath: string, trust: TrustGate): void {
    const { controller, display, panel, runtime, log } = this;
    const settings = (scope?: vscode.Uri): SettingsRead => this.settings(scope);
    const deps: CommandDeps = {
      controller,
      display,
      panel,
      runtime,
      log,
      settings,
      isTrusted: () => vscode.workspace.isTrusted,
    };
    for (const command of registerCommands(deps)) {
      this.register(command);
    }
    this.runs = this.register(
      new RunsView({
        folders,
        isLive: liveRuns(controller),
        open: (run) => openRunSummary(deps, run),
        rerun: (target) => controller.rerunTarget(target),
        display,
      }),
    );
    this.register(
      vscode.commands.registerCommand(COMMANDS.compareActivations, (uri?: unknown) =>
        compareActivationsCommand(
          {
            extensionPath,
            log,
            trust,
            settings,
            folders,
            showComparison: (result) => this.comparisons.show(result),
          },
          uri,
        ),
      ),
    );
  }
}

function folders(): string[] {
  return (vscode.workspace.workspaceFolders ?? [])
    .filter((folder) => folder.uri.scheme === 'file')
    .map((folder) => folder.uri.fsPath);
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
