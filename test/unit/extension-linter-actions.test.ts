/**
 * What linters offer on a diagnostic, for ActLens's: disable for this line (and the comments honoured by the
 * diagnostics), fix all of a kind in the file, one action for identical fixes, the documentation rendered, and
 * the hover with the finding's cause, detail and ranked fixes.
 */
import './vscode-stub.ts';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import {
  ActLensFixProvider,
  allCodeActionsFor,
  disableActionFor,
  FIX_APPLIED_COMMAND,
} from '../../extension/code-actions.ts';
import {
  docsLookup,
  FindingDiagnostics,
  registerFindingDocsCommand,
  RuntimeDiagnostics,
  SHOW_FINDING_DOCS_COMMAND,
  SourceIndex,
  type DiagnosticEntry,
  type FindingLookup,
} from '../../extension/diagnostics.ts';
import { escapeMarkdown, FindingHoverProvider, findingHoverMarkdown } from '../../extension/finding-hover.ts';
import { LintDiagnostics, SUPPRESSION_PROBLEM_CODE } from '../../extension/lint-diagnostics.ts';
import { RunDisplay, type RunView } from '../../extension/run-view.ts';
import { FINDING_KINDS, type Finding } from '../../src/core/findings.ts';
import { RunState } from '../../src/core/run-state.ts';
import { resolveThresholds } from '../../src/core/thresholds.ts';
import { diagnose, noDocs } from './extension-diagnose.ts';
import { at, deadUnitsFinding, makeWorkspace, SCRIPT_TEXT } from './extension-fixtures.ts';
import { Uri } from 'vscode';
import {
  CodeAction,
  DiagnosticSeverity,
  Hover,
  Position,
  settle,
  simulate,
  stub,
  StubDiagnosticCollection,
  StubDocument,
  StubLog,
  type WorkspaceEdit,
} from './vscode-stub.ts';

const FILE = path.resolve('/w/train.js');
const REPO = path.resolve(__dirname, '..', '..');
/** The pages as the extension ships them (docs/findings/<kind>.md at the extension's root). */
const shippedDocs = docsLookup(Uri.file(REPO));

function entry(document: StubDocument, finding: Finding): DiagnosticEntry {
  return { diagnostic: diagnose(document, finding) as never, finding };
}

/** A FindingLookup over fixed entries, as RuntimeDiagnostics and LintDiagnostics are. */
function lookupOf(document: StubDocument, findings: Finding[]): FindingLookup {
  const registry = new FindingDiagnostics(new StubDiagnosticCollection('test') as never);
  registry.set(
    document.uri as never,
    findings.map((finding) => entry(document, finding)),
  );
  return {
    findingFor: (doc, diagnostic) => registry.findingFor(doc.uri, diagnostic),
    entries: (doc) => registry.entriesFor(doc.uri),
  };
}

/** The document's text with a WorkspaceEdit applied (last edit first, so offsets hold). */
function applied(document: StubDocument, edit: WorkspaceEdit): string {
  const text = document.getText();
  const lines = text.split('\n');
  const offset = (line: number, character: number) =>
    lines.slice(0, line).reduce((sum, part) => sum + part.length + 1, 0) + character;
  let result = text;
  const changes = edit
    .get(document.uri)
    .map(({ range, newText }) => ({
      start: offset(range.start.line, range.start.character),
      end: offset(range.end.line, range.end.character),
      newText,
    }))
    .sort((a, b) => b.start - a.start);
  for (const change of changes) result = result.slice(0, change.start) + change.newText + result.slice(change.end);
  return result;
}

function heNormalFinding(file: string, text: string, occurrence: number): Finding {
  return {
    ...deadUnitsFinding(file, text),
    layer: `dense_Dense${occurrence + 1}`,
    source: { file, ...at(text, 'tf.layers.dense', occurrence) },
    message: `Units of dense_Dense${occurrence + 1} are dead.`,
    fixes: [
      {
        title: 'Set kernelInitializer to heNormal',
        why: 'He initialisation is sized for ReLU.',
        action: 'set-option',
        option: 'kernelInitializer',
        value: 'heNormal',
      },
    ],
    related: [],
  };
}

describe('Disable <kind> for this line', () => {
  beforeEach(() => stub.reset());

  it('inserts an actlens-disable-next-line comment above the layer call, indented as that line is', () => {
    const document = new StubDocument(FILE, SCRIPT_TEXT);
    const finding = deadUnitsFinding(FILE);
    const action = disableActionFor(document as never, entry(document, finding) as never) as unknown as CodeAction;
    assert.equal(action.title, 'Disable dead-units for this line');
    assert.equal(action.kind?.value, 'quickfix');
    const after = applied(document, action.edit!);
    const lines = after.split('\n');
    const layer = finding.source!.line; // 1-based: after the insertion, the comment is on that line
    assert.equal(lines[layer - 1], '  // actlens-disable-next-line dead-units');
    assert.equal(lines[layer], SCRIPT_TEXT.split('\n')[layer - 1], 'the layer call is untouched, one line lower');
    assert.equal(after.length, SCRIPT_TEXT.length + '  // actlens-disable-next-line dead-units\n'.length);
  });

  it('keeps the file’s line endings, adds the kind to a comment already above, and once in place hides the diagnostic', () => {
    const crlf = SCRIPT_TEXT.replace(/\n/g, '\r\n');
    const document = new StubDocument(FILE, crlf);
    const action = disableActionFor(
      document as never,
      entry(document, deadUnitsFinding(FILE, crlf)) as never,
    ) as unknown as CodeAction;
    const [insert] = action.edit!.get(document.uri);
    assert.equal(insert!.newText, '  // actlens-disable-next-line dead-units\r\n');

    const withComment = SCRIPT_TEXT.replace(
      '  model.add(tf.layers.dense({\n',
      '  // actlens-disable-next-line saturation\n  model.add(tf.layers.dense({\n',
    );
    const commented = new StubDocument(FILE, withComment);
    const finding = deadUnitsFinding(FILE, withComment);
    const add = disableActionFor(commented as never, entry(commented, finding) as never) as unknown as CodeAction;
    const after = applied(commented, add.edit!);
    assert.match(
      after,
      /\n {2}\/\/ actlens-disable-next-line saturation, dead-units\n {2}model\.add\(tf\.layers\.dense\(\{\n/,
    );

    // The comment in place: the same finding is no diagnostic any more, in the runtime and the static collections.
    const index = new SourceIndex(() => after);
    assert.equal(index.isSuppressed({ ...finding, source: { file: FILE, ...at(after, 'tf.layers.dense', 1) } }), true);
  });

  it('offers nothing to disable for a finding about the whole model (it has no line of its own)', () => {
    const document = new StubDocument(FILE, SCRIPT_TEXT);
    const finding: Finding = { ...deadUnitsFinding(FILE), source: null, layer: null };
    assert.equal(disableActionFor(document as never, entry(document, finding) as never), undefined);
  });
});

describe('Fix all <kind> in file', () => {
  beforeEach(() => stub.reset());

  it('is offered for two independent diagnostics of one kind, and its one edit applies both fixes', () => {
    const document = new StubDocument(FILE, SCRIPT_TEXT);
    const findings = [heNormalFinding(FILE, SCRIPT_TEXT, 0), heNormalFinding(FILE, SCRIPT_TEXT, 1)];
    const lookup = lookupOf(document, findings);
    const provider = new ActLensFixProvider([lookup], noDocs);
    const [first] = lookup.entries!(document as never);
    const actions = provider.provideCodeActions(document as never, first!.diagnostic.range, {
      diagnostics: [first!.diagnostic],
      triggerKind: 1,
    } as never) as unknown as CodeAction[];
    assert.deepEqual(
      actions.map((action) => action.title),
      ['Set kernelInitializer to heNormal', 'Fix all dead-units in file', 'Disable dead-units for this line'],
    );
    const fixAll = actions[1]!;
    assert.equal(fixAll.kind?.value, 'quickfix');
    assert.equal(fixAll.diagnostics?.length, 2, 'it settles both diagnostics');
    assert.deepEqual(fixAll.command, {
      command: FIX_APPLIED_COMMAND,
      title: 'Offer to re-run',
      arguments: [document.uri, 'Fix all dead-units in file'],
    });
    const after = applied(document, fixAll.edit!);
    assert.equal(after.split("kernelInitializer: 'heNormal'").length - 1, 2, 'both layers got the fix');
    assert.match(after, /inputShape: \[16\], units: 64, activation: 'relu', kernelInitializer: 'heNormal' \}/);
    assert.match(after, /units: 64,\s*activation: 'relu',\s*kernelInitializer: 'heNormal',?\s*\}\)/);
  });

  it('is not offered for one diagnostic of the kind, nor when the fixes would overlap', () => {
    const document = new StubDocument(FILE, SCRIPT_TEXT);
    const one = heNormalFinding(FILE, SCRIPT_TEXT, 1);
    const only = entry(document, one);
    const titles = (items: DiagnosticEntry[], all: DiagnosticEntry[]) =>
      allCodeActionsFor(document as never, items as never, all as never, noDocs).map((action) => action.title);
    assert.ok(!titles([only], [only]).some((title) => title.startsWith('Fix all')));

    // Two diagnostics of one kind on the same layer whose fixes both set its kernelInitializer, differently.
    const other: Finding = {
      ...one,
      message: 'Another reading of the same layer.',
      fixes: [{ ...one.fixes[0]!, title: 'Set kernelInitializer to glorotNormal', value: 'glorotNormal' }] as never,
    };
    const clash = [only, entry(document, other)];
    assert.ok(!titles(clash, clash).some((title) => title.startsWith('Fix all')));
  });
});

describe('identical fixes from two diagnostics', () => {
  beforeEach(() => stub.reset());

  it('show as one code action that settles both (a run’s finding and the static check on one layer)', () => {
    const text = `const tf = require('@tensorflow/tfjs');\nconst model = tf.sequential();\nmodel.add(tf.layers.dense({ units: 32, activation: 'selu', inputShape: [8] }));\n`;
    const document = new StubDocument(FILE, text);
    const source = { file: FILE, ...at(text, 'tf.layers.dense') };
    const runtime: Finding = {
      kind: 'activation-drift',
      severity: 'warning',
      layer: 'dense_Dense1',
      source,
      step: 60,
      message: 'dense_Dense1 drifts away from mean 0 / variance 1.',
      evidence: {},
      fixes: [
        {
          title: 'Set kernelInitializer to leCunNormal',
          why: 'SELU needs it.',
          action: 'set-option',
          option: 'kernelInitializer',
          value: 'leCunNormal',
        },
        { title: 'Lower the learning rate', why: 'Smaller steps.', action: 'advice' },
      ],
      related: [],
    };
    const lint: Finding = {
      ...runtime,
      kind: 'lint-selu-initializer',
      severity: 'info',
      step: 0,
      message: 'SELU without leCunNormal.',
      fixes: [
        {
          title: 'Set kernelInitializer: leCunNormal',
          why: 'Self-normalising needs it.',
          action: 'set-option',
          option: 'kernelInitializer',
          value: 'leCunNormal',
        },
        { title: 'Lower the learning rate', why: 'Said in other words.', action: 'advice' },
      ],
    };
    const items = [entry(document, runtime), entry(document, lint)];
    const actions = allCodeActionsFor(
      document as never,
      items as never,
      items as never,
      noDocs,
    ) as unknown as CodeAction[];
    const edits = actions.filter((action) => action.edit && !action.title.startsWith('Disable'));
    assert.equal(edits.length, 1, actions.map((action) => action.title).join(' | '));
    assert.equal(edits[0]!.title, 'Set kernelInitializer to leCunNormal');
    assert.equal(edits[0]!.isPreferred, true);
    assert.deepEqual(
      edits[0]!.diagnostics,
      items.map((item) => item.diagnostic),
    );
    assert.deepEqual(
      actions.map((action) => action.title),
      [
        'Set kernelInitializer to leCunNormal',
        'Lower the learning rate',
        'Disable activation-drift for this line',
        'Disable lint-selu-initializer for this line',
      ],
    );
  });
});

describe('Show documentation for <kind>', () => {
  beforeEach(() => stub.reset());

  it('every kind has its page', () => {
    for (const kind of FINDING_KINDS) assert.ok(shippedDocs(kind), `docs/findings/${kind}.md`);
    assert.ok(existsSync(path.join(REPO, 'docs', 'findings', 'dead-units.md')));
  });

  it('is offered with the kind, and its command opens the page as a rendered preview beside the code', async () => {
    const document = new StubDocument(FILE, SCRIPT_TEXT);
    const item = entry(document, deadUnitsFinding(FILE));
    const actions = allCodeActionsFor(document as never, [item] as never, [item] as never, shippedDocs);
    const docs = actions.at(-1) as unknown as CodeAction;
    assert.equal(docs.title, 'Show documentation for dead-units');
    assert.equal(docs.edit, undefined);
    assert.deepEqual(docs.command, {
      command: SHOW_FINDING_DOCS_COMMAND,
      title: 'Show documentation for dead-units',
      arguments: ['dead-units'],
    });

    const registration = registerFindingDocsCommand(shippedDocs);
    await stub.commands.get(SHOW_FINDING_DOCS_COMMAND)!(...docs.command!.arguments!);
    const preview = stub.executed.find((call) => call.command === 'markdown.showPreviewToSide');
    assert.ok(preview, 'the Markdown preview, not an editable tab');
    assert.equal((preview.args[0] as Uri).fsPath, path.join(REPO, 'docs', 'findings', 'dead-units.md'));
    assert.deepEqual(stub.shownDocuments, [], 'no text editor for the page');

    // The link can be written by anyone: an unknown kind opens nothing.
    stub.executed = [];
    await stub.commands.get(SHOW_FINDING_DOCS_COMMAND)!('../../etc/passwd');
    assert.equal(
      stub.executed.some((call) => call.command === 'markdown.showPreviewToSide'),
      false,
    );
    assert.match(stub.messages.at(-1)!.message, /no explanation page/);
    registration.dispose();
  });

  it("the diagnostic's code links to the same command", () => {
    const document = new StubDocument(FILE, SCRIPT_TEXT);
    const diagnostic = diagnose(document, deadUnitsFinding(FILE), shippedDocs);
    const code = diagnostic.code as { value: string; target: Uri };
    assert.equal(code.value, 'dead-units');
    assert.equal(code.target.scheme, 'command');
    assert.equal(
      code.target.toString(),
      Uri.parse(`command:${SHOW_FINDING_DOCS_COMMAND}?${encodeURIComponent('["dead-units"]')}`).toString(),
    );
  });
});

describe('the hover', () => {
  beforeEach(() => stub.reset());

  function explained(file: string): Finding {
    return {
      ...deadUnitsFinding(file),
      message: '89% of the units of dense_Dense2 are dead.',
      detail: '57 of 64 units never fired over steps 20–200; mean pre-activation −2.9.',
      cause: { id: 'negative-bias', because: 'its bias starts at −3 and every pre-activation is below 0.' },
      fixes: [
        {
          title: 'Set biasInitializer to zeros',
          why: 'Removes the cause.',
          action: 'set-option',
          option: 'biasInitializer',
          value: 'zeros',
          treats: 'negative-bias',
        },
        {
          title: 'Swap activation to leakyReLU',
          why: 'Keeps a gradient.',
          action: 'swap-activation',
          to: 'relu',
        },
        { title: 'Lower the learning rate', why: '…', action: 'advice', treats: 'large-updates' },
      ],
    };
  }

  it('shows the message, the likely cause, the detail, the fixes ranked and the docs link, on the diagnostic’s line', () => {
    const document = new StubDocument(FILE, SCRIPT_TEXT);
    const finding = explained(FILE);
    const provider = new FindingHoverProvider([lookupOf(document, [finding])], shippedDocs);
    const line = finding.source!.line - 1;
    const hover = provider.provideHover(document as never, new Position(line, 0) as never) as unknown as Hover;
    assert.ok(hover, 'a hover anywhere on the line');
    const value = hover.contents.value;
    assert.equal(value, findingHoverMarkdown(finding, shippedDocs));
    const plain = value.replace(/\\(.)/g, '$1');
    assert.match(plain, /^\*\*ActLens\*\* · `dead-units` · error\n\n89% of the units of dense_Dense2 are dead\./);
    assert.match(
      plain,
      /\*\*Likely cause:\*\* a negative constant bias initialiser keeps pre-activations below zero — its bias starts at −3/,
    );
    assert.match(plain, /57 of 64 units never fired over steps 20–200/);
    assert.match(
      plain,
      /\*\*Fixes\*\*, best first:\n1\. Set biasInitializer to zeros — \*treats the likely cause\*\n2\. Swap activation to leakyReLU\n3\. Lower the learning rate — \*treats: updates too large for the network \(learning rate\)\*, advice, not a code change/,
    );
    assert.match(
      value,
      /\[Show documentation for dead-units\]\(command:actlens\.showFindingDocs\?%5B%22dead-units%22%5D\)/,
    );
    assert.deepEqual(hover.contents.isTrusted, { enabledCommands: [SHOW_FINDING_DOCS_COMMAND] });
    assert.match(value, /dense\\_Dense2/, 'Markdown characters in the text are escaped');

    assert.equal(provider.provideHover(document as never, new Position(0, 0) as never), undefined, 'other lines');
  });

  it('shows every ActLens diagnostic of the line, and a finding without cause or detail plainly', () => {
    const document = new StubDocument(FILE, SCRIPT_TEXT);
    const plainFinding = { ...deadUnitsFinding(FILE), kind: 'saturation' as const, message: 'Saturated.' };
    const provider = new FindingHoverProvider([lookupOf(document, [explained(FILE), plainFinding])], noDocs);
    const hover = provider.provideHover(
      document as never,
      new Position(plainFinding.source!.line - 1, 3) as never,
    ) as unknown as Hover;
    const sections = hover.contents.value.split('\n\n---\n\n');
    assert.equal(sections.length, 2);
    assert.doesNotMatch(sections[1]!, /cause|Show documentation/i);
    assert.match(sections[1]!.replace(/\\(.)/g, '$1'), /^\*\*ActLens\*\* · `saturation` · error\n\nSaturated\./);
    assert.equal(escapeMarkdown('a_b [c](d) *e*'), 'a\\_b \\[c\\]\\(d\\) \\*e\\*');
  });
});

describe('suppression comments in the editor', () => {
  beforeEach(() => stub.reset());

  const SELU = `const tf = require('@tensorflow/tfjs');
const model = tf.sequential();
model.add(tf.layers.dense({ units: 32, activation: 'selu', inputShape: [8] }));
model.add(tf.layers.dense({ units: 1 }));
`;

  it('static checks: a suppressed line shows no diagnostic, re-evaluated as the document changes; an unknown kind is warned about', async () => {
    const lint = new LintDiagnostics(() => true, noDocs, new StubLog('ActLens'));
    const collection = stub.collections.find((candidate) => candidate.name === 'actlens-lint')!;
    const document = new StubDocument(path.resolve('/w/model.js'), SELU);
    simulate.openDocument(document);
    await settle(450);
    assert.deepEqual(
      collection.get(document.uri)?.map((diagnostic) => diagnostic.code),
      ['lint-selu-initializer'],
    );

    document.edit(
      SELU.replace(
        'model.add(tf.layers.dense({ units: 32',
        '// actlens-disable-next-line lint-selu-initializer -- on purpose\nmodel.add(tf.layers.dense({ units: 32',
      ),
    );
    await settle(450);
    assert.equal(collection.get(document.uri), undefined, 'silenced by the comment above');

    document.edit(
      SELU.replace('inputShape: [8] }));', 'inputShape: [8] })); /* actlens-disable-line lint-selu-initialiser */'),
    );
    await settle(450);
    const [finding, warning] = collection.get(document.uri)!;
    assert.equal(finding!.code, 'lint-selu-initializer', 'a misspelt kind silences nothing');
    assert.equal(warning!.code, SUPPRESSION_PROBLEM_CODE);
    assert.equal(warning!.severity, DiagnosticSeverity.Warning);
    assert.equal(warning!.source, 'ActLens');
    assert.equal(warning!.range.start.line, 2);
    assert.match(
      warning!.message,
      /^Unknown finding kind 'lint-selu-initialiser' \(did you mean 'lint-selu-initializer'\?\) in actlens-disable-line \(it silences nothing\); known kinds: dead-units, /,
    );
    // Only the finding has code actions; the warning is not a finding.
    const provider = new ActLensFixProvider([lint], noDocs);
    const actions = provider.provideCodeActions(
      document as never,
      warning!.range as never,
      { diagnostics: [warning], triggerKind: 1 } as never,
    );
    assert.deepEqual(actions, []);

    document.edit(SELU);
    await settle(450);
    assert.deepEqual(
      collection.get(document.uri)?.map((diagnostic) => diagnostic.code),
      ['lint-selu-initializer'],
      'the comment removed: back',
    );
    simulate.closeDocument(document);
    lint.dispose();
  });

  it("runtime: a run's finding at a suppressed line is not shown; the others are", () => {
    const text = SCRIPT_TEXT.replace(
      '  model.add(tf.layers.dense({\n',
      '  // actlens-disable-next-line dead-units\n  model.add(tf.layers.dense({\n',
    );
    const { script } = makeWorkspace(text);
    const suppressed = deadUnitsFinding(script, text);
    const shown: Finding = { ...suppressed, kind: 'saturation', message: 'Saturated.' };
    const view = {
      id: 'run-1',
      script,
      fromLog: false,
      events: [],
      state: new RunState(),
      thresholds: resolveThresholds({}),
      findings: () => [suppressed, shown],
    } as unknown as RunView;
    const display = { current: view, onDidShow: () => ({ dispose() {} }), onDidUpdate: () => ({ dispose() {} }) };
    const runtime = new RuntimeDiagnostics(display as unknown as RunDisplay, noDocs, () => text);
    runtime.refresh();
    const collection = stub.collections.find((candidate) => candidate.name === 'actlens')!;
    assert.deepEqual(
      collection.get(Uri.file(script))?.map((diagnostic) => diagnostic.code),
      ['saturation'],
    );
    runtime.dispose();
  });
});
