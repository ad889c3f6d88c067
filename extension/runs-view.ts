/**
 * The Runs view (ActLens's own view container, like Testing): the workspace folders' recorded runs grouped by
 * script, each with an icon for how it ended (clean, problems, failed, stopped, cancelled, running), a
 * comparison's runs under one entry; open, re-run, delete, reveal the script. The model is runs-tree-model.ts;
 * listing reads each log's first and last records and its small summary, never whole logs, and a log is read
 * again only when it changed. The view refreshes when `.actlens/` changes on disk and when the shown run changes.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Disposable } from './dispose.ts';
import {
  deleteRecorded,
  listComparisonRecords,
  listRecordedRuns,
  type ListOptions,
  type RunSummary,
} from './recorded-runs.ts';
import type { RunTarget } from './run-controller.ts';
import type { RunDisplay } from './run-view.ts';
import {
  buildRunsTree,
  comparisonDescription,
  comparisonLabel,
  runDescription,
  runIcon,
  runLabel,
  scriptWords,
  type ComparisonNode,
  type RunNode,
  type RunsNode,
  type ScriptNode,
} from './runs-tree-model.ts';
import { Throttle } from './throttle.ts';

export const RUNS_VIEW = 'actlens.runs';

export const RUNS_COMMANDS = {
  refresh: 'actlens.runs.refresh',
  open: 'actlens.runs.open',
  rerun: 'actlens.runs.rerun',
  delete: 'actlens.runs.delete',
  revealScript: 'actlens.runs.revealScript',
} as const;

/** What a tree item's `contextValue` says, for package.json's `view/item/context` menus. */
export const CONTEXT_VALUES = {
  script: 'actlens.script',
  /** A run that can be re-run (its start record says what it ran). */
  run: 'actlens.run',
  /** A run without a start record, or one of a comparison's (re-running it alone would not swap its activation). */
  runOnly: 'actlens.run.only',
  /** Training now: neither deleted nor re-run. */
  running: 'actlens.run.running',
  comparison: 'actlens.comparison',
} as const;

/** How often a change on disk (a training run writes its log every second) refreshes the view at most. */
const REFRESH_MS = 1000;

export interface RunsViewDeps {
  folders(): string[];
  /** Which runs without an end record are still training. */
  isLive: ListOptions['isLive'];
  open(run: RunSummary): Promise<void>;
  rerun(target: RunTarget): Promise<unknown>;
  display: Pick<RunDisplay, 'onDidShow' | 'onDidUpdate'>;
}

type PeekCache = NonNullable<ListOptions['cache']>;

export class RunsTreeProvider implements vscode.TreeDataProvider<RunsNode> {
  private roots: ScriptNode[] | undefined;
  private readonly changed = new vscode.EventEmitter<RunsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Each log's first and last records, kept until the log changes. */
  private readonly cache: PeekCache = new Map();

  constructor(private readonly deps: Pick<RunsViewDeps, 'folders' | 'isLive'>) {}

  refresh(): void {
    this.roots = undefined;
    this.changed.fire(undefined);
  }

  /** The scripts with runs, newest first (read again after refresh()). */
  scripts(): ScriptNode[] {
    if (!this.roots) {
      const folders = this.deps.folders();
      const runs = listRecordedRuns(folders, { isLive: this.deps.isLive, cache: this.cache });
      this.roots = buildRunsTree(runs, listComparisonRecords(folders));
      // Logs that are gone need no cache.
      const listed = new Set(runs.map((run) => run.runDir));
      for (const runDir of this.cache.keys()) if (!listed.has(runDir)) this.cache.delete(runDir);
    }
    return this.roots;
  }

  getChildren(node?: RunsNode): RunsNode[] {
    if (!node) return this.scripts();
    if (node.node === 'script') return node.children;
    if (node.node === 'comparison') return node.runs;
    return [];
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    if (node.node === 'script') return this.scriptItem(node);
    if (node.node === 'comparison') return comparisonItem(node);
    return runItem(node);
  }

  private scriptItem(node: ScriptNode): vscode.TreeItem {
    const { label, description } = scriptWords(node, this.deps.folders().length > 1);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = node.key;
    item.description = description;
    item.iconPath = vscode.ThemeIcon.File;
    if (node.script) {
      item.resourceUri = vscode.Uri.file(node.script);
      item.tooltip = node.script;
    }
    item.contextValue = CONTEXT_VALUES.script;
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function comparisonItem(node: ComparisonNode): vscode.TreeItem {
  const item = new vscode.TreeItem(comparisonLabel(node), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.key;
  item.description = comparisonDescription(node);
  item.iconPath = new vscode.ThemeIcon('beaker');
  item.tooltip = `${comparisonLabel(node)}\n${node.runs.length} training runs, one per activation and seed.`;
  item.contextValue = CONTEXT_VALUES.comparison;
  return item;
}

function runItem(node: RunNode): vscode.TreeItem {
  const { run } = node;
  const item = new vscode.TreeItem(runLabel(node), vscode.TreeItemCollapsibleState.None);
  item.id = node.key;
  item.description = runDescription(run);
  const icon = runIcon(run);
  item.iconPath = new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
  const when = (run.started ?? run.modified).toLocaleString();
  item.tooltip = new vscode.MarkdownString(
    [`**${path.basename(run.script ?? run.runId)}** · ${when}`, run.status.message, `\`${run.runId}\``].join('\n\n'),
  );
  item.contextValue =
    run.kind === 'running'
      ? CONTEXT_VALUES.running
      : node.inComparison || !run.start
        ? CONTEXT_VALUES.runOnly
        : CONTEXT_VALUES.run;
  item.command = { command: RUNS_COMMANDS.open, title: 'Open Run', arguments: [node] };
  return item;
}

/** The view, its commands, and what refreshes it. */
export class RunsView extends Disposable {
  readonly provider: RunsTreeProvider;
  private readonly refreshSoon: Throttle;

  constructor(private readonly deps: RunsViewDeps) {
    super();
    this.provider = new RunsTreeProvider(deps);
    this.register(this.provider);
    this.register(vscode.window.createTreeView(RUNS_VIEW, { treeDataProvider: this.provider, showCollapseAll: true }));
    this.refreshSoon = this.register(new Throttle(REFRESH_MS, () => this.provider.refresh()));
    const schedule = () => this.refreshSoon.schedule();
    const watcher = this.register(vscode.workspace.createFileSystemWatcher('**/.actlens/{runs,comparisons}/**'));
    this.register(watcher.onDidCreate(schedule));
    this.register(watcher.onDidChange(schedule));
    this.register(watcher.onDidDelete(schedule));
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(schedule));
    // A run starting (shown) or ending (updated) changes its icon even before its log does.
    this.register(deps.display.onDidShow(schedule));
    this.register(deps.display.onDidUpdate(schedule));
    this.registerCommands();
  }

  private registerCommands(): void {
    const command = (id: string, handler: (node?: RunsNode) => unknown) =>
      this.register(vscode.commands.registerCommand(id, handler));
    command(RUNS_COMMANDS.refresh, () => this.provider.refresh());
    command(RUNS_COMMANDS.open, (node) => (node?.node === 'run' ? this.deps.open(node.run) : undefined));
    command(RUNS_COMMANDS.rerun, (node) => this.rerun(node));
    command(RUNS_COMMANDS.delete, (node) => this.delete(node));
    command(RUNS_COMMANDS.revealScript, (node) => this.revealScript(node));
  }

  /** A run: its script again with its arguments and working directory; a script: that script. */
  private async rerun(node: RunsNode | undefined): Promise<void> {
    if (node?.node === 'script' && node.script) return void (await this.deps.rerun({ script: node.script }));
    if (node?.node !== 'run') return;
    const { start } = node.run;
    if (!start) return void vscode.window.showErrorMessage('ActLens: the run does not say which script it ran.');
    await this.deps.rerun({ script: start.script, args: start.args, cwd: start.cwd });
  }

  /** Removes a run's folder, or all of a comparison's runs and its record, once the user confirms. */
  async delete(node: RunsNode | undefined): Promise<boolean> {
    if (!node || node.node === 'script') return false;
    const runs = node.node === 'run' ? [node.run] : node.runs.map(({ run }) => run);
    if (runs.some((run) => run.kind === 'running')) {
      void vscode.window.showInformationMessage('ActLens: a run that is training cannot be deleted; stop it first.');
      return false;
    }
    const what =
      node.node === 'run'
        ? `the run of ${path.basename(node.run.script ?? node.run.runId)} from ${(node.run.started ?? node.run.modified).toLocaleString()}`
        : `${comparisonLabel(node)} (all ${runs.length} runs)`;
    const choice = await vscode.window.showWarningMessage(
      `Delete ${what}?`,
      { modal: true, detail: 'Its recorded events are removed from .actlens/runs; this cannot be undone.' },
      'Delete',
    );
    if (choice !== 'Delete') return false;
    const problems = deleteRecorded(
      this.deps.folders(),
      runs.map((run) => run.runDir),
      node.node === 'comparison' ? node.records : [],
    );
    if (problems.length > 0) void vscode.window.showErrorMessage(`ActLens: could not delete all of it: ${problems[0]}`);
    this.provider.refresh();
    return problems.length === 0;
  }

  /** Opens the script of a run, comparison or script entry at its first line. */
  private async revealScript(node: RunsNode | undefined): Promise<void> {
    const script = !node ? null : node.node === 'run' ? node.run.script : node.script;
    if (!script) return void vscode.window.showErrorMessage('ActLens: the run does not say which script it ran.');
    await vscode.window.showTextDocument(vscode.Uri.file(script), {
      selection: new vscode.Range(0, 0, 0, 0),
      preview: false,
    });
  }
}
