import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding, FindingKind } from '../../src/core/findings.ts';
import {
  applySuppressions,
  closestKind,
  isSuppressed,
  parseSuppressions,
  suppressionFor,
  type Suppressions,
} from '../../src/source/suppressions.ts';

const FILE = '/w/train.js';

/** The line of the first `needle` in `text`, 1-based. */
function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  assert.notEqual(at, -1, `${needle} is in the text`);
  return text.slice(0, at).split('\n').length;
}

function silenced(suppressions: Suppressions, kind: FindingKind, line: number): boolean {
  return suppressionFor(suppressions, kind, line) !== undefined;
}

function finding(kind: FindingKind, line: number, file = FILE): Finding {
  return {
    kind,
    severity: kind.startsWith('lint-') ? 'info' : 'warning',
    layer: 'dense_Dense2',
    source: { file, line, column: 11 },
    step: 40,
    message: `${kind} at line ${line}.`,
    evidence: {},
    fixes: [],
    related: [],
  };
}

describe('suppression comments', () => {
  it('next-line silences the line after the comment, for the kind it names only', () => {
    const text = [
      `const tf = require('@tensorflow/tfjs');`,
      `const model = tf.sequential();`,
      `  // actlens-disable-next-line dead-units`,
      `  model.add(tf.layers.dense({ units: 64, activation: 'relu' }));`,
      `model.add(tf.layers.dense({ units: 1 }));`,
    ].join('\n');
    const suppressions = parseSuppressions(text, FILE);
    const layer = lineOf(text, 'units: 64');
    assert.equal(suppressions.problems.length, 0);
    assert.equal(silenced(suppressions, 'dead-units', layer), true);
    assert.equal(silenced(suppressions, 'saturation', layer), false, 'another kind');
    assert.equal(silenced(suppressions, 'dead-units', layer - 1), false, 'the comment line itself');
    assert.equal(silenced(suppressions, 'dead-units', layer + 1), false, 'the line after');
    assert.deepEqual(
      suppressions.comments.map(({ directive, line, target, kinds }) => ({ directive, line, target, kinds })),
      [{ directive: 'actlens-disable-next-line', line: layer - 1, target: layer, kinds: ['dead-units'] }],
    );
  });

  it('disable-line silences its own line, after the code', () => {
    const text = `const tf = require('@tensorflow/tfjs');\nconst layer = tf.layers.dense({ units: 8, activation: 'selu' }); // actlens-disable-line lint-selu-initializer\nconst other = tf.layers.dense({ units: 8, activation: 'selu' });\n`;
    const suppressions = parseSuppressions(text, FILE);
    assert.equal(silenced(suppressions, 'lint-selu-initializer', 2), true);
    assert.equal(silenced(suppressions, 'lint-selu-initializer', 3), false);
  });

  it('reads the block form, before the code and after it, and a multi-line block silences the line after its end', () => {
    const text = [
      `const tf = require('@tensorflow/tfjs');`,
      `/* actlens-disable-line saturation */ const a = tf.layers.dense({ units: 4, activation: 'sigmoid' });`,
      `const b = tf.layers.dense({ units: 4, activation: 'tanh' }); /* actlens-disable-line vanishing-gradient */`,
      `/*`,
      ` * actlens-disable-next-line exploding-gradient`,
      ` */`,
      `const c = tf.layers.dense({ units: 4 });`,
      `/** actlens-disable-next-line non-finite */`,
      `const d = tf.layers.dense({ units: 4 });`,
    ].join('\n');
    const suppressions = parseSuppressions(text, FILE);
    assert.equal(silenced(suppressions, 'saturation', 2), true);
    assert.equal(silenced(suppressions, 'vanishing-gradient', 3), true);
    assert.equal(silenced(suppressions, 'exploding-gradient', 7), false, 'a directive must open the comment');
    assert.equal(silenced(suppressions, 'non-finite', 9), true, 'a JSDoc-style block');
    const spanning = `/* actlens-disable-next-line exploding-gradient\n   because the test wants it */\nconst c = 1;\n`;
    assert.equal(silenced(parseSuppressions(spanning, FILE), 'exploding-gradient', 3), true);
  });

  it('names several kinds (commas or spaces); no kind silences every kind', () => {
    const text = [
      `// actlens-disable-next-line activation-drift, lint-selu-initializer`,
      `const a = tf.layers.dense({ units: 4, activation: 'selu' });`,
      `// actlens-disable-next-line dead-units saturation`,
      `const b = tf.layers.dense({ units: 4 });`,
      `// actlens-disable-next-line`,
      `const c = tf.layers.dense({ units: 4 });`,
      `const d = tf.layers.dense({ units: 4 }); /* actlens-disable-line */`,
    ].join('\n');
    const suppressions = parseSuppressions(text, FILE);
    assert.equal(silenced(suppressions, 'activation-drift', 2), true);
    assert.equal(silenced(suppressions, 'lint-selu-initializer', 2), true);
    assert.equal(silenced(suppressions, 'dead-units', 2), false);
    assert.equal(silenced(suppressions, 'dead-units', 4), true);
    assert.equal(silenced(suppressions, 'saturation', 4), true);
    for (const kind of ['dead-units', 'non-finite', 'lint-leaky-relu-alpha'] as const) {
      assert.equal(silenced(suppressions, kind, 6), true, `${kind} on the line after a bare next-line`);
      assert.equal(silenced(suppressions, kind, 7), true, `${kind} on a line with a bare disable-line`);
    }
    assert.equal(suppressions.comments.find((comment) => comment.target === 6)?.kinds, 'all');
  });

  it('takes the text after " -- " as the reason, not as kinds', () => {
    const text = `// actlens-disable-next-line dead-units -- half the units are meant to be off\nconst a = tf.layers.dense({ units: 4 });\n// actlens-disable-next-line -- a scratch model\nconst b = 1;\n`;
    const suppressions = parseSuppressions(text, FILE);
    assert.deepEqual(suppressions.problems, []);
    assert.equal(suppressionFor(suppressions, 'dead-units', 2)?.reason, 'half the units are meant to be off');
    assert.equal(silenced(suppressions, 'saturation', 2), false);
    assert.equal(suppressionFor(suppressions, 'saturation', 4)?.kinds, 'all');
    assert.equal(suppressionFor(suppressions, 'saturation', 4)?.reason, 'a scratch model');
  });

  it('reports an unknown kind with the known ones, keeps the known kinds of the comment, and never widens to all', () => {
    const text = [
      `const tf = require('@tensorflow/tfjs');`,
      `  // actlens-disable-next-line dead-unit, saturation`,
      `const a = tf.layers.dense({ units: 4 });`,
      `// actlens-disable-next-line nonsense`,
      `const b = tf.layers.dense({ units: 4 });`,
      `// actlens-disable dead-units`,
      `const c = tf.layers.dense({ units: 4 });`,
    ].join('\n');
    const suppressions = parseSuppressions(text, FILE);
    assert.equal(silenced(suppressions, 'saturation', 3), true);
    assert.equal(silenced(suppressions, 'dead-units', 3), false, 'a misspelt kind silences nothing');
    assert.equal(silenced(suppressions, 'dead-units', 5), false, 'only unknown kinds: not "every kind"');
    assert.equal(silenced(suppressions, 'dead-units', 7), false);
    assert.deepEqual(
      suppressions.problems.map(({ line, column, unknown }) => ({ line, column, unknown })),
      [
        { line: 2, column: 3, unknown: ['dead-unit'] },
        { line: 4, column: 1, unknown: ['nonsense'] },
        { line: 6, column: 1, unknown: [] },
      ],
    );
    const [misspelt, nonsense, bare] = suppressions.problems;
    assert.match(misspelt!.message, /unknown finding kind 'dead-unit' \(did you mean 'dead-units'\?\)/);
    assert.match(misspelt!.message, /known kinds: dead-units, vanishing-gradient, .*lint-leaky-relu-alpha\./);
    assert.match(nonsense!.message, /'nonsense' in actlens-disable-next-line \(it silences nothing\)/);
    assert.match(bare!.message, /not a bare actlens-disable/);
    assert.equal(closestKind('selu-initializer'), 'lint-selu-initializer');
    assert.equal(closestKind('banana'), undefined);
  });

  it('a directive inside a string, a template or a regex is not a comment', () => {
    const text = [
      "const tf = require('@tensorflow/tfjs');",
      "const note = '// actlens-disable-next-line dead-units';",
      "const a = tf.layers.dense({ units: 4, name: 'x /* actlens-disable-line */' });",
      'const t = `',
      '// actlens-disable-next-line',
      '`;',
      'const b = tf.layers.dense({ units: 4 });',
      'const r = /\\/\\/ actlens-disable-line/;',
      '// actlens-disable-next-line saturation',
      'const c = tf.layers.dense({ units: 4 });',
    ].join('\n');
    const suppressions = parseSuppressions(text, FILE);
    assert.deepEqual(
      suppressions.comments.map((comment) => comment.target),
      [10],
      'only the real comment',
    );
    assert.equal(silenced(suppressions, 'dead-units', 3), false);
    assert.equal(silenced(suppressions, 'dead-units', 7), false);
    assert.equal(silenced(suppressions, 'saturation', 8), false);
  });

  it('reads TypeScript, counts \\r\\n and \\r as line breaks, and finds comments at the end of the file', () => {
    const ts = `import * as tf from '@tensorflow/tfjs';\r\nconst units: number = 4;\r\n// actlens-disable-next-line dead-units\r\nconst a = tf.layers.dense({ units });\r\n// actlens-disable-next-line saturation`;
    const suppressions = parseSuppressions(ts, '/w/train.ts');
    assert.equal(silenced(suppressions, 'dead-units', 4), true);
    assert.equal(silenced(suppressions, 'saturation', 6), true);
    const cr = `const a = 1;\r// actlens-disable-next-line dead-units\rconst b = tf.layers.dense({ units: 4 });\r`;
    assert.equal(silenced(parseSuppressions(cr, FILE), 'dead-units', 3), true);
  });

  it('a file without the word costs nothing and silences nothing', () => {
    assert.deepEqual(parseSuppressions('const a = 1; // eslint-disable-line\n', FILE), { comments: [], problems: [] });
  });

  it('applySuppressions: splits findings by their source line, reads each file once, keeps those without a source', () => {
    const text = `// actlens-disable-next-line dead-units -- on purpose\nconst a = tf.layers.dense({ units: 4 });\nconst b = tf.layers.dense({ units: 4 }); // actlens-disable-line lint-selu-dropout, typo-kind\n`;
    const reads: string[] = [];
    const model: Finding = { ...finding('non-finite', 1), source: null, layer: null };
    const findings = [
      finding('dead-units', 2),
      finding('saturation', 2),
      finding('lint-selu-dropout', 3),
      finding('dead-units', 2, '/w/other.js'),
      finding('dead-units', 2, '/w/unreadable.js'),
      model,
    ];
    const { kept, suppressed, problems } = applySuppressions(findings, (file) => {
      reads.push(file);
      if (file === FILE) return text;
      if (file === '/w/other.js') return 'const nothing = 1;\n';
      return undefined;
    });
    assert.deepEqual(reads, [FILE, '/w/other.js', '/w/unreadable.js'], 'each file read once');
    assert.deepEqual(
      kept.map((item) => [item.kind, item.source?.file ?? null]),
      [
        ['saturation', FILE],
        ['dead-units', '/w/other.js'],
        ['dead-units', '/w/unreadable.js'],
        ['non-finite', null],
      ],
    );
    assert.deepEqual(suppressed, [
      {
        kind: 'dead-units',
        severity: 'warning',
        layer: 'dense_Dense2',
        file: FILE,
        line: 2,
        message: 'dead-units at line 2.',
        reason: 'on purpose',
      },
      {
        kind: 'lint-selu-dropout',
        severity: 'info',
        layer: 'dense_Dense2',
        file: FILE,
        line: 3,
        message: 'lint-selu-dropout at line 3.',
      },
    ]);
    assert.deepEqual(
      problems.map(({ file, line, unknown }) => ({ file, line, unknown })),
      [{ file: FILE, line: 3, unknown: ['typo-kind'] }],
    );
    assert.equal(isSuppressed(parseSuppressions(text, FILE), model), false);
  });
});
