/**
 * A small stand-in for the `vscode` module, for unit tests of extension/: the value classes behave like
 * VS Code's (Range, Uri, Diagnostic, WorkspaceEdit, EventEmitter, …); the window, workspace, languages and
 * commands namespaces record what the extension asks of them so that tests can assert on it, and let tests
 * answer messages and fire document events. Importing this file makes `require('vscode')` return it.
 *
 * Only what extension/ uses is here; anything else is undefined, so a test fails loudly if the code
 * starts using more.
 */
import Module from 'node:module';
import * as path from 'node:path';

// ---- Values --------------------------------------------------------------------------------------------

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {
    if (line < 0 || character < 0) throw new Error(`Illegal position ${line}:${character}`);
  }
  isEqual(other: Position): boolean {
    return this.line === other.line && this.character === other.character;
  }
  isBefore(other: Position): boolean {
    return this.line < other.line || (this.line === other.line && this.character < other.character);
  }
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(
    startLine: number | Position,
    startCharacter: number | Position,
    endLine?: number,
    endCharacter?: number,
  ) {
    const start = startLine instanceof Position ? startLine : new Position(startLine, startCharacter as number);
    const end = startCharacter instanceof Position ? startCharacter : new Position(endLine!, endCharacter!);
    [this.start, this.end] = end.isBefore(start) ? [end, start] : [start, end];
  }
  isEqual(other: Range): boolean {
    return this.start.isEqual(other.start) && this.end.isEqual(other.end);
  }
}

export class Selection extends Range {}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  static file(fsPath: string): Uri {
    return new Uri('file', path.resolve(fsPath));
  }
  static parse(value: string): Uri {
    const match = /^([a-z][\w+.-]*):(?:\/\/)?(.*)$/i.exec(value);
    if (!match) throw new Error(`not a URI: ${value}`);
    return new Uri(match[1]!, match[2]!.startsWith('/') ? match[2]! : `/${match[2]}`);
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri(base.scheme, path.posix.join(base.path, ...segments));
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
}

export enum DiagnosticSeverity {
  Error = 0,
  Warning = 1,
  Information = 2,
  Hint = 3,
}

export class Location {
  constructor(
    readonly uri: Uri,
    readonly range: Range,
  ) {}
}

export class DiagnosticRelatedInformation {
  constructor(
    readonly location: Location,
    readonly message: string,
  ) {}
}

export class Diagnostic {
  source?: string;
  code?: string | number | { value: string | number; target: Uri };
  relatedInformation?: DiagnosticRelatedInformation[];
  constructor(
    public range: Range,
    public message: string,
    public severity: DiagnosticSeverity = DiagnosticSeverity.Error,
  ) {}
}

export class CodeActionKind {
  private constructor(readonly value: string) {}
  static readonly Empty = new CodeActionKind('');
  static readonly QuickFix = new CodeActionKind('quickfix');
  static readonly Refactor = new CodeActionKind('refactor');
  append(part: string): CodeActionKind {
    return new CodeActionKind(this.value ? `${this.value}.${part}` : part);
  }
  contains(other: CodeActionKind): boolean {
    return this.value === other.value || this.value === '' || other.value.startsWith(`${this.value}.`);
  }
  intersects(other: CodeActionKind): boolean {
    return this.contains(other) || other.contains(this);
  }
}

export class WorkspaceEdit {
  private readonly edits: Array<[Uri, { range: Range; newText: string }]> = [];
  replace(uri: Uri, range: Range, newText: string): void {
    this.edits.push([uri, { range, newText }]);
  }
  get(uri: Uri): Array<{ range: Range; newText: string }> {
    return this.edits.filter(([target]) => target.toString() === uri.toString()).map(([, edit]) => edit);
  }
  get size(): number {
    return new Set(this.edits.map(([uri]) => uri.toString())).size;
  }
}

export class CodeAction {
  diagnostics?: Diagnostic[];
  edit?: WorkspaceEdit;
  command?: { command: string; title: string; arguments?: unknown[] };
  isPreferred?: boolean;
  disabled?: { reason: string };
  constructor(
    readonly title: string,
    readonly kind?: CodeActionKind,
  ) {}
}

export class MarkdownString {
  isTrusted?: boolean | { enabledCommands: readonly string[] };
  constructor(public value = '') {}
}

export class Hover {
  constructor(
    readonly contents: MarkdownString,
    readonly range?: Range,
  ) {}
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export class ThemeIcon {
  static readonly File = new ThemeIcon('file');
  static readonly Folder = new ThemeIcon('folder');
  constructor(
    readonly id: string,
    readonly color?: ThemeColor,
  ) {}
}

export enum TreeItemCollapsibleState {
  None = 0,
  Collapsed = 1,
  Expanded = 2,
}

export class TreeItem {
  id?: string;
  description?: string | boolean;
  tooltip?: string | MarkdownString;
  iconPath?: ThemeIcon | Uri;
  resourceUri?: Uri;
  contextValue?: string;
  command?: { command: string; title: string; arguments?: unknown[] };
  constructor(
    public label: string,
    public collapsibleState: TreeItemCollapsibleState = TreeItemCollapsibleState.None,
  ) {}
}

/** What createTreeView was given: tests read the tree through its provider, as VS Code would. */
export class StubTreeView<T> {
  disposed = false;
  constructor(
    readonly viewId: string,
    readonly options: {
      treeDataProvider: {
        getChildren(element?: T): T[] | Promise<T[]>;
        getTreeItem(element: T): TreeItem;
        onDidChangeTreeData?: (listener: (value: unknown) => unknown) => Disposable;
      };
    },
  ) {}
  dispose(): void {
    this.disposed = true;
  }
}

/** A watcher over a glob; tests fire its events with `fire`, as a change on disk would. */
export class StubFileSystemWatcher {
  private readonly emitters = {
    create: new EventEmitter<Uri>(),
    change: new EventEmitter<Uri>(),
    delete: new EventEmitter<Uri>(),
  };
  readonly onDidCreate = this.emitters.create.event;
  readonly onDidChange = this.emitters.change.event;
  readonly onDidDelete = this.emitters.delete.event;
  disposed = false;
  constructor(readonly glob: unknown) {}
  fire(kind: 'create' | 'change' | 'delete', uri: Uri): void {
    this.emitters[kind].fire(uri);
  }
  dispose(): void {
    this.disposed = true;
  }
}

export class CodeLens {
  constructor(
    readonly range: Range,
    public command?: { title: string; command: string; arguments?: unknown[]; tooltip?: string },
  ) {}
}

export enum DecorationRangeBehavior {
  OpenOpen = 0,
  ClosedClosed = 1,
  OpenClosed = 2,
  ClosedOpen = 3,
}

/** What createTextEditorDecorationType was given; disposing it removes it from every editor. */
export class StubDecorationType {
  disposed = false;
  constructor(readonly options: Record<string, unknown>) {}
  dispose(): void {
    this.disposed = true;
    for (const editor of editors.values()) editor.decorations.delete(this);
  }
}

export interface StubDecorationOptions {
  range: Range;
  renderOptions?: { after?: { contentText?: string; color?: ThemeColor } };
  hoverMessage?: unknown;
}

/** An editor showing a StubDocument: records the decorations set on it, by decoration type. */
export class StubTextEditor {
  readonly viewColumn = ViewColumn.One;
  readonly decorations = new Map<StubDecorationType, StubDecorationOptions[]>();
  constructor(readonly document: StubDocument) {}
  setDecorations(type: StubDecorationType, options: StubDecorationOptions[]): void {
    if (options.length === 0) this.decorations.delete(type);
    else this.decorations.set(type, [...options]);
  }
  /** Every `after` text shown, with its 0-based line, in line order. */
  afterTexts(): Array<{ line: number; text: string; color: string | undefined }> {
    return [...this.decorations.entries()]
      .flatMap(([type, options]) =>
        options.map((option) => ({
          line: option.range.start.line,
          text: option.renderOptions?.after?.contentText ?? '',
          color: (option.renderOptions?.after?.color ?? (type.options.after as { color?: ThemeColor })?.color)?.id,
        })),
      )
      .sort((a, b) => a.line - b.line);
  }
}

const editors = new Map<StubDocument, StubTextEditor>();
function editorFor(document: StubDocument): StubTextEditor {
  let editor = editors.get(document);
  if (!editor) editors.set(document, (editor = new StubTextEditor(document)));
  return editor;
}

export class Disposable {
  constructor(private readonly callOnDispose: () => unknown) {}
  static from(...disposables: Array<{ dispose(): unknown }>): Disposable {
    return new Disposable(() => disposables.forEach((disposable) => disposable.dispose()));
  }
  dispose(): void {
    this.callOnDispose();
  }
}

type Listener<T> = (value: T) => unknown;

export class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (listener: Listener<T>) => {
    this.listeners.push(listener);
    return new Disposable(() => (this.listeners = this.listeners.filter((other) => other !== listener)));
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}
export enum ViewColumn {
  Active = -1,
  Beside = -2,
  One = 1,
  Two = 2,
}
export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}

// ---- Recorded interaction ------------------------------------------------------------------------------

export interface ShownMessage {
  severity: 'info' | 'warning' | 'error';
  message: string;
  items: string[];
  /** Set (true) only for a modal dialog, so that other messages compare as before. */
  modal?: true;
}

/** Text documents as the stub's workspace holds them. */
export class StubDocument {
  version = 1;
  isDirty = false;
  isClosed = false;
  isUntitled = false;
  saved = 0;
  readonly uri: Uri;
  constructor(
    readonly fileName: string,
    private text: string,
    readonly languageId = /\.m?tsx?$|\.cts$/.test(fileName) ? 'typescript' : 'javascript',
  ) {
    this.uri = Uri.file(fileName);
  }
  getText(): string {
    return this.text;
  }
  positionAt(offset: number): Position {
    const before = this.text.slice(0, Math.max(0, Math.min(offset, this.text.length)));
    const line = before.split('\n').length - 1;
    return new Position(line, before.length - (before.lastIndexOf('\n') + 1));
  }
  async save(): Promise<boolean> {
    this.saved++;
    this.isDirty = false;
    return true;
  }
  /** Replaces a range, as typing or deleting lines there would, and fires onDidChangeTextDocument for it. */
  replace(range: Range, newText: string): void {
    const offset = (position: Position) =>
      this.text
        .split('\n')
        .slice(0, position.line)
        .reduce((sum, line) => sum + line.length + 1, 0) + position.character;
    const [start, end] = [offset(range.start), offset(range.end)];
    this.text = this.text.slice(0, start) + newText + this.text.slice(end);
    this.version++;
    this.isDirty = true;
    const change = { range, rangeOffset: start, rangeLength: end - start, text: newText };
    documentChanged.fire({ document: this, contentChanges: [change] });
  }

  /**
   * Replaces the text, as an edit would, and fires onDidChangeTextDocument with the one content change VS Code
   * would send for it: the text between what the old and new texts share at their start and at their end.
   */
  edit(text: string): void {
    const old = this.text;
    let prefix = 0;
    while (prefix < old.length && prefix < text.length && old[prefix] === text[prefix]) prefix++;
    let suffix = 0;
    while (
      suffix < old.length - prefix &&
      suffix < text.length - prefix &&
      old[old.length - 1 - suffix] === text[text.length - 1 - suffix]
    )
      suffix++;
    const range = new Range(this.positionAt(prefix), this.positionAt(old.length - suffix));
    const change = {
      range,
      rangeOffset: prefix,
      rangeLength: old.length - suffix - prefix,
      text: text.slice(prefix, text.length - suffix),
    };
    this.text = text;
    this.version++;
    this.isDirty = true;
    documentChanged.fire({ document: this, contentChanges: [change] });
  }
}

export class StubDiagnosticCollection {
  readonly entries = new Map<string, Diagnostic[]>();
  constructor(readonly name: string) {}
  set(uri: Uri, diagnostics: Diagnostic[]): void {
    this.entries.set(uri.toString(), [...diagnostics]);
  }
  delete(uri: Uri): void {
    this.entries.delete(uri.toString());
  }
  clear(): void {
    this.entries.clear();
  }
  get(uri: Uri): Diagnostic[] | undefined {
    return this.entries.get(uri.toString());
  }
  dispose(): void {
    this.entries.clear();
  }
}

export class StubStatusBarItem {
  text = '';
  tooltip: string | undefined;
  command: string | undefined;
  name: string | undefined;
  backgroundColor: ThemeColor | undefined;
  visible = false;
  constructor(
    readonly id: string,
    readonly alignment: StatusBarAlignment,
    readonly priority: number,
  ) {}
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  dispose(): void {
    this.visible = false;
  }
}

export class StubLog {
  readonly lines: Array<{ level: string; message: string }> = [];
  constructor(readonly name: string) {}
  info(message: string): void {
    this.lines.push({ level: 'info', message });
  }
  warn(message: string): void {
    this.lines.push({ level: 'warn', message });
  }
  error(message: string): void {
    this.lines.push({ level: 'error', message });
  }
  appendLine(message: string): void {
    this.info(message);
  }
  show(): void {}
  dispose(): void {}
}

export class StubWebviewPanel {
  title: string;
  visible = true;
  viewColumn: ViewColumn | undefined = ViewColumn.Two;
  readonly posted: unknown[] = [];
  private readonly received = new EventEmitter<unknown>();
  private readonly disposed = new EventEmitter<void>();
  private readonly viewState = new EventEmitter<unknown>();
  readonly onDidDispose = this.disposed.event;
  readonly onDidChangeViewState = this.viewState.event;
  readonly webview = {
    html: '',
    options: {} as Record<string, unknown>,
    cspSource: 'vscode-resource:',
    asWebviewUri: (uri: Uri) => Uri.parse(`vscode-webview://${uri.path}`),
    postMessage: async (message: unknown) => {
      this.posted.push(structuredClone(message));
      return true;
    },
    onDidReceiveMessage: this.received.event,
  };
  constructor(
    readonly viewType: string,
    title: string,
    readonly showOptions: unknown,
    readonly options: Record<string, unknown>,
  ) {
    this.title = title;
  }
  /** What the page would post to the host. */
  receive(message: unknown): void {
    this.received.fire(message);
  }
  reveal(): void {
    this.visible = true;
  }
  dispose(): void {
    this.disposed.fire();
  }
}

type MessageAnswer = (message: ShownMessage) => string | undefined;

export const stub = {
  isTrusted: true,
  configuration: {} as Record<string, unknown>,
  workspaceFolders: [] as string[],
  documents: [] as StubDocument[],
  messages: [] as ShownMessage[],
  /** Decides which button the user "clicks" for each message; default: none (dismissed). */
  answer: (() => undefined) as MessageAnswer,
  executed: [] as Array<{ command: string; args: unknown[] }>,
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  collections: [] as StubDiagnosticCollection[],
  statusBarItems: [] as StubStatusBarItem[],
  logs: [] as StubLog[],
  panels: [] as StubWebviewPanel[],
  shownDocuments: [] as Array<{ uri: Uri; options: unknown }>,
  clipboard: '',
  codeActionProviders: [] as Array<{ selector: unknown; provider: unknown }>,
  hoverProviders: [] as Array<{ selector: unknown; provider: unknown }>,
  serializers: new Map<string, unknown>(),
  progress: [] as Array<{ title: string; messages: string[]; cancel: () => void }>,
  activeDocument: undefined as StubDocument | undefined,
  treeViews: [] as StubTreeView<unknown>[],
  watchers: [] as StubFileSystemWatcher[],
  /** Every quick pick shown, and which item the user "picks" (default: the first). */
  quickPicks: [] as Array<{ items: unknown[]; options: unknown }>,
  pick: ((items: unknown[]) => items[0]) as (items: unknown[]) => unknown,
  /** Documents shown in editors besides the active one. */
  visibleDocuments: [] as StubDocument[],
  codeLensProviders: [] as Array<{ selector: unknown; provider: unknown }>,
  decorationTypes: [] as StubDecorationType[],
  /** Back to a fresh VS Code window. */
  reset(): void {
    this.isTrusted = true;
    this.configuration = {};
    this.workspaceFolders = [];
    this.documents = [];
    this.messages = [];
    this.answer = () => undefined;
    this.executed = [];
    this.commands.clear();
    this.collections = [];
    this.statusBarItems = [];
    this.logs = [];
    this.panels = [];
    this.shownDocuments = [];
    this.clipboard = '';
    this.codeActionProviders = [];
    this.hoverProviders = [];
    this.serializers.clear();
    this.progress = [];
    this.activeDocument = undefined;
    this.treeViews = [];
    this.quickPicks = [];
    this.pick = (items) => items[0];
    this.watchers = [];
    this.visibleDocuments = [];
    this.codeLensProviders = [];
    this.decorationTypes = [];
    editors.clear();
  },
};

const documentChanged = new EventEmitter<{ document: StubDocument; contentChanges: unknown[] }>();
const documentOpened = new EventEmitter<StubDocument>();
const documentClosed = new EventEmitter<StubDocument>();
const configurationChanged = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();
const workspaceFoldersChanged = new EventEmitter<unknown>();
const visibleEditorsChanged = new EventEmitter<StubTextEditor[]>();

function show(severity: ShownMessage['severity']) {
  return (message: string, ...items: unknown[]) => {
    const modal = items.some((item) => typeof item === 'object' && (item as { modal?: boolean } | null)?.modal);
    const shown: ShownMessage = {
      severity,
      message,
      items: items.filter((item): item is string => typeof item === 'string'),
      ...(modal ? { modal: true as const } : {}),
    };
    stub.messages.push(shown);
    return Promise.resolve(stub.answer(shown));
  };
}

export const window = {
  showInformationMessage: show('info'),
  showWarningMessage: show('warning'),
  showErrorMessage: show('error'),
  createOutputChannel(name: string) {
    const log = new StubLog(name);
    stub.logs.push(log);
    return log;
  },
  createStatusBarItem(id: string, alignment: StatusBarAlignment, priority: number) {
    const item = new StubStatusBarItem(id, alignment, priority);
    stub.statusBarItems.push(item);
    return item;
  },
  withProgress<R>(
    options: { title: string },
    task: (progress: { report(value: { message?: string }): void }, token: unknown) => Promise<R>,
  ): Promise<R> {
    const cancelled = new EventEmitter<void>();
    const record = { title: options.title, messages: [] as string[], cancel: () => cancelled.fire() };
    stub.progress.push(record);
    return task(
      { report: ({ message }) => message !== undefined && record.messages.push(message) },
      { isCancellationRequested: false, onCancellationRequested: cancelled.event },
    );
  },
  createWebviewPanel(viewType: string, title: string, showOptions: unknown, options: Record<string, unknown>) {
    const panel = new StubWebviewPanel(viewType, title, showOptions, options);
    stub.panels.push(panel);
    return panel;
  },
  registerWebviewPanelSerializer(viewType: string, serializer: unknown) {
    stub.serializers.set(viewType, serializer);
    return new Disposable(() => stub.serializers.delete(viewType));
  },
  get activeTextEditor() {
    return stub.activeDocument ? editorFor(stub.activeDocument) : undefined;
  },
  get visibleTextEditors() {
    const documents = [stub.activeDocument, ...stub.visibleDocuments].filter((document) => document !== undefined);
    return [...new Set(documents)].map(editorFor);
  },
  onDidChangeVisibleTextEditors: visibleEditorsChanged.event,
  createTextEditorDecorationType(options: Record<string, unknown>) {
    const type = new StubDecorationType(options);
    stub.decorationTypes.push(type);
    return type;
  },
  createTreeView<T>(viewId: string, options: StubTreeView<T>['options']) {
    const view = new StubTreeView<T>(viewId, options);
    stub.treeViews.push(view as StubTreeView<unknown>);
    return view;
  },
  async showTextDocument(uri: Uri, options: unknown) {
    stub.shownDocuments.push({ uri, options });
    return {};
  },
  async showQuickPick<T>(items: T[], options?: unknown): Promise<T | undefined> {
    stub.quickPicks.push({ items, options });
    return stub.pick(items) as T | undefined;
  },
};

export const workspace = {
  get isTrusted() {
    return stub.isTrusted;
  },
  get workspaceFolders() {
    return stub.workspaceFolders.map((folder, index) => ({
      uri: Uri.file(folder),
      name: path.basename(folder),
      index,
    }));
  },
  get textDocuments() {
    return stub.documents;
  },
  getWorkspaceFolder(uri: Uri) {
    return workspace.workspaceFolders.find(
      (folder) => uri.fsPath === folder.uri.fsPath || uri.fsPath.startsWith(folder.uri.fsPath + path.sep),
    );
  },
  getConfiguration(section: string) {
    return {
      get: (key: string, fallback?: unknown) => {
        const value = stub.configuration[`${section}.${key}`];
        return value === undefined ? fallback : value;
      },
    };
  },
  /** An open document, as VS Code hands it out; the stub opens only what a test has put in `stub.documents`. */
  async openTextDocument(uri: Uri) {
    const document = stub.documents.find((candidate) => candidate.uri.fsPath === uri.fsPath);
    if (!document) throw new Error(`the stub has no document ${uri.fsPath}`);
    return document;
  },
  /** Applies a WorkspaceEdit's replacements to the stub's documents, last first so offsets stay valid. */
  async applyEdit(edit: WorkspaceEdit) {
    for (const document of stub.documents) {
      const lines = document.getText().split('\n');
      const offset = (position: Position) =>
        lines.slice(0, position.line).reduce((sum, line) => sum + line.length + 1, 0) + position.character;
      const replacements = edit
        .get(document.uri)
        .map(({ range, newText }) => ({ start: offset(range.start), end: offset(range.end), newText }))
        .sort((a, b) => b.start - a.start);
      if (replacements.length === 0) continue;
      let text = document.getText();
      for (const { start, end, newText } of replacements) text = text.slice(0, start) + newText + text.slice(end);
      document.edit(text);
    }
    return true;
  },
  onDidChangeTextDocument: documentChanged.event,
  onDidOpenTextDocument: documentOpened.event,
  onDidCloseTextDocument: documentClosed.event,
  onDidChangeConfiguration: configurationChanged.event,
  onDidChangeWorkspaceFolders: workspaceFoldersChanged.event,
  createFileSystemWatcher(glob: unknown) {
    const watcher = new StubFileSystemWatcher(glob);
    stub.watchers.push(watcher);
    return watcher;
  },
};

export const languages = {
  createDiagnosticCollection(name: string) {
    const collection = new StubDiagnosticCollection(name);
    stub.collections.push(collection);
    return collection;
  },
  registerCodeActionsProvider(selector: unknown, provider: unknown) {
    stub.codeActionProviders.push({ selector, provider });
    return new Disposable(
      () => (stub.codeActionProviders = stub.codeActionProviders.filter((entry) => entry.provider !== provider)),
    );
  },
  registerHoverProvider(selector: unknown, provider: unknown) {
    stub.hoverProviders.push({ selector, provider });
    return new Disposable(
      () => (stub.hoverProviders = stub.hoverProviders.filter((entry) => entry.provider !== provider)),
    );
  },
  registerCodeLensProvider(selector: unknown, provider: unknown) {
    stub.codeLensProviders.push({ selector, provider });
    return new Disposable(
      () => (stub.codeLensProviders = stub.codeLensProviders.filter((entry) => entry.provider !== provider)),
    );
  },
};

export const commands = {
  registerCommand(id: string, handler: (...args: unknown[]) => unknown) {
    if (stub.commands.has(id)) throw new Error(`command '${id}' already exists`);
    stub.commands.set(id, handler);
    return new Disposable(() => stub.commands.delete(id));
  },
  async executeCommand(command: string, ...args: unknown[]) {
    stub.executed.push({ command, args });
    return stub.commands.get(command)?.(...args);
  },
};

export const env = {
  clipboard: {
    async writeText(text: string) {
      stub.clipboard = text;
    },
  },
};

/** Test helpers that stand for what VS Code itself would do. */
export const simulate = {
  openDocument(document: StubDocument): void {
    stub.documents.push(document);
    documentOpened.fire(document);
  },
  closeDocument(document: StubDocument): void {
    stub.documents = stub.documents.filter((other) => other !== document);
    document.isClosed = true;
    documentClosed.fire(document);
  },
  changeConfiguration(values: Record<string, unknown>): void {
    Object.assign(stub.configuration, values);
    configurationChanged.fire({
      affectsConfiguration: (section) =>
        Object.keys(values).some((key) => key === section || key.startsWith(`${section}.`)),
    });
  },
  /** Shows documents in editors beside the active one (none: only the active one), as VS Code would report it. */
  showEditors(...documents: StubDocument[]): void {
    stub.visibleDocuments = documents;
    visibleEditorsChanged.fire(window.visibleTextEditors);
  },
};

const vscode = {
  Position,
  Range,
  Selection,
  Uri,
  DiagnosticSeverity,
  Location,
  DiagnosticRelatedInformation,
  Diagnostic,
  CodeActionKind,
  WorkspaceEdit,
  CodeAction,
  MarkdownString,
  Hover,
  ThemeColor,
  ThemeIcon,
  TreeItem,
  TreeItemCollapsibleState,
  CodeLens,
  DecorationRangeBehavior,
  Disposable,
  EventEmitter,
  StatusBarAlignment,
  ViewColumn,
  ProgressLocation,
  window,
  workspace,
  languages,
  commands,
  env,
};

// `require('vscode')` (what `import * as vscode from 'vscode'` compiles to under tsx) returns the stub.
const STUB_ID = 'vscode';
const loader = Module as unknown as {
  _resolveFilename(request: string, ...rest: unknown[]): string;
  _cache: Record<string, unknown>;
};
const resolve = loader._resolveFilename;
loader._resolveFilename = function (request: string, ...rest: unknown[]) {
  return request === STUB_ID ? STUB_ID : resolve.call(this, request, ...rest);
};
const cached = new Module(STUB_ID);
cached.exports = vscode;
cached.loaded = true;
loader._cache[STUB_ID] = cached;

/** Waits for timers and promise callbacks that are due (throttles of ≤ `ms`). */
export function settle(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
