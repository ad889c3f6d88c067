import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { code } from './fixes-harness.ts';
import { applyFix, lint, summary } from './lint-harness.ts';

describe('lint-deep-saturating-stack', () => {
  const deepSigmoid = code`
    const model = tf.sequential();
    model.add(tf.layers.dense({ units: 32, activation: 'sigmoid', inputShape: [8] }));
    model.add(tf.layers.dense({ units: 32, activation: 'sigmoid' }));
    model.add(tf.layers.dropout({ rate: 0.1 }));
    model.add(tf.layers.dense({ units: 32, activation: 'sigmoid' }));
    model.add(tf.layers.dense({ units: 32, activation: 'sigmoid' }));
    model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  `;

  it('flags each hidden layer of five sigmoid layers in a row; dropout does not break the run, the output layer is left be', () => {
    assert.deepEqual(summary(deepSigmoid), [
      'lint-deep-saturating-stack@2',
      'lint-deep-saturating-stack@3',
      'lint-deep-saturating-stack@5',
      'lint-deep-saturating-stack@6',
    ]);
  });

  it('explains with the derivative bound and lists the rest of the stack', () => {
    const [first] = lint(deepSigmoid);
    assert.equal(first!.message, 'Layer 1 of 5 saturating layers in a row (lines 2–7).');
    assert.match(first!.detail!, /σ′ ≤ 0\.25.*0\.25\^5 ≈ 0\.00098/);
    assert.equal(first?.evidence.sigmoidGradientBound, 0.25 ** 5);
    assert.deepEqual(
      first?.related.map((related) => related.source?.line),
      [3, 5, 6, 7],
    );
  });

  it('offers the runtime vanishing fixes: ReLU with heNormal first (treating the cause), SELU, batch normalisation', () => {
    const [first] = lint(deepSigmoid);
    assert.deepEqual(
      first?.fixes.map((fix) => fix.title),
      [
        'Swap activation to relu (with heNormal initialiser)',
        'Swap activation to selu (with leCunNormal initialiser)',
        'Insert batchNormalization after this layer',
      ],
    );
    assert.deepEqual(
      first?.fixes.map((fix) => fix.treats),
      ['saturating-stack', undefined, undefined],
    );
    assert.match(
      applyFix(deepSigmoid, first!, 0),
      /dense\(\{ units: 32, activation: 'relu', inputShape: \[8\], kernelInitializer: 'heNormal' \}\)/,
    );
    assert.match(
      applyFix(deepSigmoid, first!, 1),
      /dense\(\{ units: 32, activation: 'selu', inputShape: \[8\], kernelInitializer: 'leCunNormal' \}\)/,
    );
  });

  it('stays quiet for three saturating layers or a run broken by a ReLU layer', () => {
    const shallow = code`
      model.add(tf.layers.dense({ units: 8, activation: 'tanh' }));
      model.add(tf.layers.dense({ units: 8, activation: 'tanh' }));
      model.add(tf.layers.dense({ units: 8, activation: 'tanh' }));
      model.add(tf.layers.dense({ units: 8, activation: 'relu' }));
      model.add(tf.layers.dense({ units: 8, activation: 'tanh' }));
      model.add(tf.layers.dense({ units: 1 }));
    `;
    assert.deepEqual(summary(shallow), []);
  });

  it('finds mixed tanh/sigmoid stacks in a layers array and in the functional API', () => {
    const array = code`
      tf.sequential({ layers: [
        tf.layers.dense({ units: 8, activation: 'tanh', inputShape: [4] }),
        tf.layers.dense({ units: 8, activation: 'sigmoid' }),
        tf.layers.dense({ units: 8, activation: 'tanh' }),
        tf.layers.dense({ units: 8, activation: 'tanh' }),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ] });
    `;
    assert.equal(summary(array).length, 4);
    const functional = code`
      function build(input) {
        let x = tf.layers.dense({ units: 8, activation: 'tanh' }).apply(input);
        x = tf.layers.dense({ units: 8, activation: 'tanh' }).apply(x);
        x = tf.layers.dense({ units: 8, activation: 'tanh' }).apply(x);
        x = tf.layers.dense({ units: 8, activation: 'tanh' }).apply(x);
        return tf.layers.dense({ units: 1 }).apply(x);
      }
    `;
    const findings = lint(functional);
    assert.equal(findings.length, 4);
    assert.doesNotMatch(findings[0]!.detail!, /0\.25\^/, 'no sigmoid, no sigmoid bound');
  });

  it('lists a long stack briefly: the first and last layers and those around each finding', () => {
    const line = "model.add(tf.layers.dense({ units: 8, activation: 'tanh' }));\n";
    const source = `${line.repeat(3000)}model.add(tf.layers.dense({ units: 1 }));\n`;
    const started = Date.now();
    const findings = lint(source);
    assert.equal(findings.length, 3000);
    assert.ok(Date.now() - started < 5000, 'linear in the stack, not quadratic per finding');
    const middle = findings[1500]!;
    assert.deepEqual(
      middle.related.map((related) => related.source?.line),
      [1, 1495, 1496, 1497, 1498, 1499, 1500, 1502, 1503, 1504, 1505, 1506, 1507, 3000],
    );
    assert.equal((middle.evidence.activations as unknown[]).length, 64);
  });

  it('keeps separate models apart', () => {
    const twoModels = code`
      a.add(tf.layers.dense({ units: 8, activation: 'sigmoid' }));
      a.add(tf.layers.dense({ units: 8, activation: 'sigmoid' }));
      b.add(tf.layers.dense({ units: 8, activation: 'sigmoid' }));
      b.add(tf.layers.dense({ units: 8, activation: 'sigmoid' }));
    `;
    assert.deepEqual(summary(twoModels), []);
  });

  describe('stacks built in a loop', () => {
    const sigmoid = "tf.layers.dense({ units: 32, activation: 'sigmoid' })";
    const loopMessage = (source: string, line: number) => lint(source).find((finding) => finding.source?.line === line);

    it('counts a for loop with a literal bound as that many layers, at the loop call', () => {
      const source = code`
        const model = tf.sequential();
        for (let i = 0; i < 8; i++) model.add(tf.layers.dense({ units: 32, activation: 'sigmoid' }));
        model.add(tf.layers.dense({ units: 1 }));
      `;
      assert.deepEqual(summary(source), ['lint-deep-saturating-stack@2']);
      const [finding] = lint(source);
      assert.match(
        finding!.message,
        /^The loop at line 2 builds 8 sigmoid layers: layers 1–8 of 8 saturating layers in a row \(line 2\)\.$/,
      );
      assert.match(finding!.detail!, /0\.25\^8/);
      assert.equal(finding!.evidence.consecutiveSaturatingLayers, 8);
      assert.deepEqual(finding!.evidence.loop, { line: 2, lines: [2], layers: 8 });
    });

    it('reads while loops, for…of over an array literal or Array.from, and a const count', () => {
      const whileLoop = code`
        let i = 0;
        while (i < 6) {
          model.add(tf.layers.dense({ units: 32, activation: 'sigmoid' }));
          i += 1;
        }
        model.add(tf.layers.dense({ units: 1 }));
      `;
      assert.match(loopMessage(whileLoop, 3)!.message, /^The loop at line 2 builds 6 sigmoid layers/);
      const countdown = `let n = 5;\nwhile (n-- > 0) model.add(${sigmoid});\n`;
      assert.match(loopMessage(countdown, 2)!.message, /^The loop at line 2 builds 5 sigmoid layers/);
      const forOfLiteral = `for (const units of [64, 32, 16, 8]) model.add(tf.layers.dense({ units, activation: 'tanh' }));\nmodel.add(tf.layers.dense({ units: 1 }));\n`;
      assert.match(loopMessage(forOfLiteral, 1)!.message, /^The loop at line 1 builds 4 tanh layers/);
      const forOfFrom = `for (const _ of Array.from({ length: 8 })) model.add(${sigmoid});\nmodel.add(tf.layers.dense({ units: 1 }));\n`;
      assert.match(loopMessage(forOfFrom, 1)!.message, /builds 8 sigmoid layers/);
      const constCount = code`
        const DEPTH = 8;
        const HIDDEN = DEPTH - 2;
        for (let layer = 1; layer <= HIDDEN; layer++) {
          model.add(tf.layers.dense({ units: 32, activation: 'sigmoid' }));
        }
        model.add(tf.layers.dense({ units: 1 }));
      `;
      assert.match(loopMessage(constCount, 4)!.message, /^The loop at line 3 builds 6 sigmoid layers/);
      const forEach = `[1, 2, 3, 4].forEach(() => model.add(${sigmoid}));\nmodel.add(tf.layers.dense({ units: 1 }));\n`;
      assert.match(loopMessage(forEach, 1)!.message, /^The loop at line 1 builds 4 sigmoid layers/);
    });

    it('multiplies nested loops and repeats a body of several layers', () => {
      const nested = code`
        function build() {
          for (let block = 0; block < 2; block++) {
            for (let i = 0; i < 3; i++) {
              model.add(tf.layers.dense({ units: 32, activation: 'sigmoid' }));
            }
          }
          model.add(tf.layers.dense({ units: 1 }));
        }
      `;
      assert.match(
        loopMessage(nested, 4)!.message,
        /^The loops at lines 2 and 3 build 6 sigmoid layers: layers 1–6 of 6/,
      );
      const withDropout = code`
        for (let i = 0; i < 4; i++) {
          model.add(tf.layers.dense({ units: 32, activation: 'tanh' }));
          model.add(tf.layers.dropout({ rate: 0.2 }));
        }
        model.add(tf.layers.dense({ units: 1 }));
      `;
      assert.deepEqual(summary(withDropout), ['lint-deep-saturating-stack@2']);
      assert.match(lint(withDropout)[0]!.message, /builds 4 tanh layers: layers 1–4 of 4/);
    });

    it('mixes straight-line calls with a loop in one model: 2 + a loop of 4 = 6', () => {
      const source = code`
        const model = tf.sequential();
        model.add(tf.layers.dense({ units: 32, activation: 'sigmoid', inputShape: [8] }));
        model.add(tf.layers.dense({ units: 32, activation: 'sigmoid' }));
        for (let i = 0; i < 4; i++) model.add(tf.layers.dense({ units: 32, activation: 'sigmoid' }));
        model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
      `;
      assert.deepEqual(summary(source), [
        'lint-deep-saturating-stack@2',
        'lint-deep-saturating-stack@3',
        'lint-deep-saturating-stack@4',
      ]);
      const [first, , looped] = lint(source);
      assert.match(
        first!.message,
        /^Layer 1 of 7 saturating layers in a row \(lines 2–5\), 4 of them built by the loop at line 4\.$/,
      );
      assert.match(looped!.message, /^The loop at line 4 builds 4 sigmoid layers: layers 3–6 of 7/);
      assert.deepEqual(
        looped!.related.map((related) => related.message),
        ['sigmoid layer 1 of 7', 'sigmoid layer 2 of 7', 'sigmoid layer 7 of 7'],
      );
    });

    it('follows a layers array that a loop pushes onto', () => {
      const source = code`
        const layers = [
          tf.layers.dense({ units: 16, activation: 'tanh', inputShape: [4] }),
          tf.layers.dense({ units: 16, activation: 'tanh' }),
        ];
        for (let i = 0; i < 4; i++) layers.push(tf.layers.dense({ units: 16, activation: 'tanh' }));
        layers.push(tf.layers.dense({ units: 1 }));
        const model = tf.sequential({ layers });
      `;
      assert.deepEqual(summary(source), [
        'lint-deep-saturating-stack@2',
        'lint-deep-saturating-stack@3',
        'lint-deep-saturating-stack@5',
      ]);
      assert.match(lint(source)[2]!.message, /^The loop at line 5 builds 4 tanh layers: layers 3–6 of 6/);
      const spread = code`
        tf.sequential({ layers: [
          ...Array.from({ length: 5 }, () => tf.layers.dense({ units: 16, activation: 'tanh' })),
          tf.layers.dense({ units: 1 }),
        ] });
      `;
      assert.match(loopMessage(spread, 2)!.message, /^The loop at line 2 builds 5 tanh layers/);
    });

    it("counts a functional loop that feeds each layer the last one's output, not parallel branches", () => {
      const chained = code`
        function build(input) {
          let x = input;
          for (let i = 0; i < 6; i++) x = tf.layers.dense({ units: 8, activation: 'tanh' }).apply(x);
          return tf.layers.dense({ units: 1 }).apply(x);
        }
      `;
      assert.match(loopMessage(chained, 3)!.message, /^The loop at line 3 builds 6 tanh layers/);
      const branches = code`
        function build(inputs) {
          const outputs = [];
          for (const input of [a, b, c, d, e]) outputs.push(tf.layers.dense({ units: 8, activation: 'tanh' }).apply(input));
          return tf.layers.concatenate().apply(outputs);
        }
      `;
      assert.deepEqual(summary(branches), []);
      const mapped = code`
        const towers = [a, b, c, d, e].map((input) => tf.layers.dense({ units: 8, activation: 'tanh' }).apply(input));
      `;
      assert.deepEqual(summary(mapped), []);
    });

    it('stays silent when the count is unknown and the known layers do not make a deep stack', () => {
      const parameter = code`
        function build(depth) {
          const model = tf.sequential();
          for (let i = 0; i < depth; i++) model.add(tf.layers.dense({ units: 32, activation: 'sigmoid' }));
          model.add(tf.layers.dense({ units: 1 }));
          return model;
        }
      `;
      assert.deepEqual(summary(parameter), []);
      const early = `for (let i = 0; i < 8; i++) {\n  if (done()) break;\n  model.add(${sigmoid});\n}\nmodel.add(tf.layers.dense({ units: 1 }));\n`;
      assert.deepEqual(summary(early), [], 'a break makes the count unknown');
      const conditional = `for (let i = 0; i < 8; i++) {\n  if (i % 2) model.add(${sigmoid});\n}\nmodel.add(tf.layers.dense({ units: 1 }));\n`;
      assert.deepEqual(summary(conditional), [], 'a layer added under a condition has no known count');
      const changed = `for (let i = 0; i < 8; i++) {\n  model.add(${sigmoid});\n  i += step;\n}\n`;
      assert.deepEqual(summary(changed), [], 'a counter changed in the body has no known count');
      const skipping = code`
        [1, 2, 3, 4, 5, 6].forEach((n) => {
          if (n % 2) return;
          model.add(tf.layers.dense({ units: 8, activation: 'tanh' }));
        });
        model.add(tf.layers.dense({ units: 1 }));
      `;
      assert.deepEqual(summary(skipping), [], 'a callback that returns early may skip the layer');
    });

    it('reports an unknown loop that sits inside a stack the known layers already make deep, saying "at least"', () => {
      const source = code`
        function build(extra) {
          model.add(tf.layers.dense({ units: 8, activation: 'tanh' }));
          model.add(tf.layers.dense({ units: 8, activation: 'tanh' }));
          for (let i = 0; i < extra; i++) model.add(tf.layers.dense({ units: 8, activation: 'tanh' }));
          model.add(tf.layers.dense({ units: 8, activation: 'tanh' }));
          model.add(tf.layers.dense({ units: 8, activation: 'tanh' }));
          model.add(tf.layers.dense({ units: 1 }));
        }
      `;
      const findings = lint(source);
      assert.equal(findings.length, 5);
      assert.match(
        findings[2]!.message,
        /^The loop at line 4 builds an unknown number of tanh layers, in a stack of at least 4 saturating layers \(lines 2–6\)\.$/,
      );
      assert.equal(findings[0]!.evidence.depthIsLowerBound, true);
    });

    it('stays silent for a loop of 2 shallow layers, a loop whose body breaks the run, and loops that build models', () => {
      const shallow = `for (let i = 0; i < 2; i++) model.add(${sigmoid});\nmodel.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));\n`;
      assert.deepEqual(summary(shallow), []);
      const broken = code`
        for (let i = 0; i < 8; i++) {
          model.add(tf.layers.dense({ units: 32, activation: 'sigmoid' }));
          model.add(tf.layers.dense({ units: 32, activation: 'relu' }));
        }
      `;
      assert.deepEqual(summary(broken), []);
      const models = code`
        for (let seed = 0; seed < 5; seed++) {
          const model = tf.sequential();
          model.add(tf.layers.dense({ units: 32, activation: 'sigmoid' }));
          model.add(tf.layers.dense({ units: 32, activation: 'sigmoid' }));
          model.add(tf.layers.dense({ units: 1 }));
        }
      `;
      assert.deepEqual(summary(models), []);
    });

    it("applies the fix to the loop's layer call, and the result parses", () => {
      const source = code`
        for (let i = 0; i < 8; i++) model.add(tf.layers.dense({ units: 32, activation: 'sigmoid' }));
        model.add(tf.layers.dense({ units: 1 }));
      `;
      const [finding] = lint(source);
      assert.equal(
        applyFix(source, finding!, 0),
        code`
        for (let i = 0; i < 8; i++) model.add(tf.layers.dense({ units: 32, activation: 'relu', kernelInitializer: 'heNormal' }));
        model.add(tf.layers.dense({ units: 1 }));
      `,
      );
      assert.match(applyFix(source, finding!, 2), /for \(let i = 0; i < 8; i\+\+\) \{\n/);
    });

    it('flags a loop that also builds the output layer, and says so', () => {
      const source = `for (let i = 0; i < 6; i++) model.add(${sigmoid});\n`;
      const [finding] = lint(source);
      assert.equal(
        finding!.message,
        'The loop at line 1 builds 6 sigmoid layers: layers 1–6 of 6 saturating layers in a row (line 1).',
      );
      assert.match(finding!.detail!, /The last layer this loop builds is the model's output/);
    });

    it('keeps every message to one Problems row (at most 120 characters)', () => {
      const source = code`
        function build(extra) {
          model.add(tf.layers.dense({ units: 8, activation: 'sigmoid' }));
          for (let block = 0; block < 20; block++) {
            for (let i = 0; i < 50; i++) model.add(tf.layers.dense({ units: 8, activation: 'sigmoid' }));
          }
          for (let i = 0; i < extra; i++) model.add(tf.layers.dense({ units: 8, activation: 'tanh' }));
          for (const units of [64, 32, 16]) model.add(tf.layers.dense({ units, activation: 'tanh' }));
          model.add(tf.layers.dense({ units: 1 }));
        }
      `;
      const findings = lint(source);
      assert.equal(findings.length, 4);
      for (const finding of findings) assert.ok(finding.message.length <= 120, finding.message);
      assert.match(
        findings[1]!.message,
        /^The loops at lines 3 and 4 build 1000 sigmoid layers, in a stack of at least 1004/,
      );
    });
  });
});
