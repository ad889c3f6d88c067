import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  EMPTY_PANEL_STATE,
  MESSAGE_LIMITS,
  parseHostMessage,
  parsePanelState,
  parseWebviewMessage,
  WEBVIEW_PROTOCOL_VERSION,
} from '../../src/core/webview-messages.ts';
import { realisticComparison } from './comparison.ts';
import { deadUnitsFinding, recordedEvents } from './recorded-run.ts';

const events = recordedEvents();
const finding = deadUnitsFinding(events);
const comparison = realisticComparison();

const validHostMessages = [
  {
    type: 'init',
    protocol: WEBVIEW_PROTOCOL_VERSION,
    run: { id: 'run-1', title: 'train.js' },
    events,
    findings: [finding],
  },
  {
    type: 'init',
    protocol: WEBVIEW_PROTOCOL_VERSION,
    run: { id: 'run-1', title: '' },
    state: { status: 'running', message: '' },
    events: [],
    findings: [],
  },
  { type: 'events', runId: 'run-1', events: events.slice(5, 7) },
  { type: 'findings', runId: 'run-1', findings: [] },
  { type: 'state', runId: 'run-1', status: 'failed', message: 'The training script failed after 3 steps: boom' },
  { type: 'reply', requestId: 7, ok: false, message: 'No run to stop.' },
  { type: 'compare', result: comparison },
];

const validWebviewMessages = [
  { type: 'ready', protocol: WEBVIEW_PROTOCOL_VERSION },
  { type: 'reveal', requestId: 1, file: '/work/main/examples/dying-relu-high-lr.js', line: 10, column: 13 },
  { type: 'stop', requestId: 2, runId: 'run-1' },
  { type: 'rerun', requestId: 3, runId: 'run-1' },
  { type: 'copy', requestId: 4, text: 'ActLens — train.js' },
];

describe('valid messages', () => {
  test('every host message kind passes, unchanged', () => {
    for (const message of validHostMessages) {
      const parsed = parseHostMessage(structuredClone(message));
      assert.ok(parsed.ok, `${message.type}: ${parsed.ok ? '' : parsed.reason}`);
      assert.deepEqual(parsed.message, message);
    }
  });

  test('every webview message kind passes, unchanged', () => {
    for (const message of validWebviewMessages) {
      const parsed = parseWebviewMessage(structuredClone(message));
      assert.ok(parsed.ok, `${message.type}: ${parsed.ok ? '' : parsed.reason}`);
      assert.deepEqual(parsed.message, message);
    }
  });

  test('unknown extra fields are dropped, not passed on', () => {
    const parsed = parseWebviewMessage({ type: 'stop', requestId: 1, runId: 'r', command: 'rm -rf /' });
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.message, { type: 'stop', requestId: 1, runId: 'r' });
  });
});

describe('invalid messages are rejected with a reason', () => {
  const rejectedFromWebview: Array<[string, unknown]> = [
    ['unknown type', { type: 'eval', code: '1' }],
    ['no type', { requestId: 1 }],
    ['another protocol version', { type: 'ready', protocol: WEBVIEW_PROTOCOL_VERSION + 1 }],
    ['a line of 0', { type: 'reveal', requestId: 1, file: 'a.js', line: 0, column: 1 }],
    ['a fractional column', { type: 'reveal', requestId: 1, file: 'a.js', line: 1, column: 1.5 }],
    ['a line as text', { type: 'reveal', requestId: 1, file: 'a.js', line: '1', column: 1 }],
    ['an empty file', { type: 'reveal', requestId: 1, file: '', line: 1, column: 1 }],
    [
      'a huge file path',
      { type: 'reveal', requestId: 1, file: 'x'.repeat(MESSAGE_LIMITS.shortText + 1), line: 1, column: 1 },
    ],
    ['a huge copy', { type: 'copy', requestId: 1, text: 'x'.repeat(MESSAGE_LIMITS.copyText + 1) }],
    ['a request id of 0', { type: 'stop', requestId: 0, runId: 'r' }],
    ['a negative request id', { type: 'stop', requestId: -1, runId: 'r' }],
    ['a request id past the safe integers', { type: 'stop', requestId: 2 ** 60, runId: 'r' }],
    ['a missing request id', { type: 'rerun', runId: 'r' }],
    ['an empty run id', { type: 'stop', requestId: 1, runId: '' }],
    ['an array', [{ type: 'ready', protocol: 1 }]],
    ['a JSON string', JSON.stringify({ type: 'ready', protocol: 1 })],
  ];
  for (const [what, message] of rejectedFromWebview) {
    test(`from the webview: ${what}`, () => {
      const parsed = parseWebviewMessage(message);
      assert.equal(parsed.ok, false);
      assert.ok(!parsed.ok && parsed.reason.length > 0);
    });
  }

  const rejectedFromHost: Array<[string, unknown]> = [
    ['an init without events', { type: 'init', protocol: 1, run: { id: 'r', title: '' }, findings: [] }],
    ['an invalid event in a batch', { type: 'events', runId: 'r', events: [{ type: 'window', fromStep: -1 }] }],
    ['an unknown status', { type: 'state', runId: 'r', status: 'paused', message: '' }],
    ['a finding of an unknown kind', { type: 'findings', runId: 'r', findings: [{ ...finding, kind: 'cosmic-ray' }] }],
    ['a reply without ok', { type: 'reply', requestId: 1 }],
    [
      'a huge title',
      {
        type: 'init',
        protocol: 1,
        run: { id: 'r', title: 'x'.repeat(MESSAGE_LIMITS.shortText + 1) },
        events: [],
        findings: [],
      },
    ],
  ];
  for (const [what, message] of rejectedFromHost) {
    test(`from the host: ${what}`, () => {
      assert.equal(parseHostMessage(message).ok, false);
    });
  }
});

describe('hostile input never throws', () => {
  const parsers = [parseHostMessage, parseWebviewMessage];

  test('primitives, functions, symbols and empty things', () => {
    for (const raw of [
      undefined,
      null,
      0,
      NaN,
      -Infinity,
      1n,
      '',
      'ready',
      true,
      Symbol('x'),
      () => 1,
      {},
      [],
      new Date(),
      new Map(),
      Object.create(null),
    ]) {
      for (const parse of parsers) assert.equal(parse(raw).ok, false);
    }
  });

  test('objects that throw when read', () => {
    const throwingGetter = Object.defineProperty({}, 'type', {
      get() {
        throw new Error('gotcha');
      },
    });
    const throwingProxy = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
        has() {
          throw new Error('trap');
        },
        ownKeys() {
          throw new Error('trap');
        },
        getPrototypeOf() {
          throw new Error('trap');
        },
      },
    );
    const throwsAThrowingThing = Object.defineProperty({}, 'type', {
      get() {
        throw Object.defineProperty(new Error(), 'message', {
          get() {
            throw new Error('again');
          },
        });
      },
    });
    for (const raw of [throwingGetter, throwingProxy, throwsAThrowingThing]) {
      for (const parse of parsers) {
        const parsed = parse(raw);
        assert.equal(parsed.ok, false);
      }
    }
  });

  test('deeply nested and cyclic values', () => {
    let deep: unknown = { type: 'ready', protocol: 1 };
    for (let depth = 0; depth < 10_000; depth += 1) deep = { type: 'copy', requestId: 1, text: deep };
    const cyclic: Record<string, unknown> = { type: 'events', runId: 'r' };
    cyclic.events = [cyclic];
    for (const raw of [deep, cyclic]) for (const parse of parsers) assert.equal(parse(raw).ok, false);
  });

  test('huge strings anywhere', () => {
    const huge = 'x'.repeat(20_000_000);
    for (const raw of [
      huge,
      { type: huge },
      { type: 'copy', requestId: 1, text: huge },
      { type: 'state', runId: huge, status: 'running', message: '' },
    ]) {
      for (const parse of parsers) assert.equal(parse(raw).ok, false);
    }
  });

  test('random garbage and random corruptions of valid messages', () => {
    const random = seeded(42);
    for (let round = 0; round < 3000; round += 1) {
      const garbage = randomValue(random, 4);
      for (const parse of parsers) assert.doesNotThrow(() => parse(garbage));
      const valid = [...validHostMessages, ...validWebviewMessages][
        round % (validHostMessages.length + validWebviewMessages.length)
      ]!;
      const corrupted: Record<string, unknown> = { ...valid };
      const keys = Object.keys(corrupted);
      corrupted[keys[Math.floor(random() * keys.length)]!] = randomValue(random, 2);
      for (const parse of parsers) {
        const parsed = parse(corrupted);
        // A corruption may happen to be valid (a random string as a run id); anything that passes must be well-formed.
        if (parsed.ok) assert.equal(typeof parsed.message.type, 'string');
      }
    }
  });
});

describe('panel state', () => {
  test('reads what the panel saved and falls back for anything else', () => {
    assert.deepEqual(parsePanelState({ runId: 'run-1', selectedLayer: 'dense_Dense2' }), {
      runId: 'run-1',
      selectedLayer: 'dense_Dense2',
    });
    for (const raw of [undefined, null, 'x', { runId: 5 }, { runId: 'r' }])
      assert.deepEqual(parsePanelState(raw), EMPTY_PANEL_STATE);
  });
});

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function randomValue(random: () => number, depth: number): unknown {
  const pick = Math.floor(random() * (depth > 0 ? 10 : 7));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return random() < 0.5;
    case 2:
      return Math.floor(random() * 2 ** 40) * (random() < 0.5 ? -1 : 1);
    case 3:
      return [NaN, Infinity, -0, 1.5, Number.MAX_SAFE_INTEGER + 2][Math.floor(random() * 5)];
    case 4:
      return ['init', 'events', 'reveal', 'copy', 'ready', 'reply', '', '__proto__', 'constructor'][
        Math.floor(random() * 9)
      ];
    case 5:
      return 'y'.repeat(Math.floor(random() * 10_000));
    case 6:
      return undefined;
    case 7:
      return Array.from({ length: Math.floor(random() * 5) }, () => randomValue(random, depth - 1));
    default: {
      const keys = [
        'type',
        'protocol',
        'requestId',
        'runId',
        'events',
        'findings',
        'file',
        'line',
        'column',
        'text',
        'run',
        'status',
        '__proto__',
      ];
      return Object.fromEntries(keys.filter(() => random() < 0.5).map((key) => [key, randomValue(random, depth - 1)]));
    }
  }
}

describe('compare messages', () => {
  const valid = { type: 'compare', result: comparison };
  const withResult = (change: Record<string, unknown>) => ({ type: 'compare', result: { ...comparison, ...change } });
  const [, leaky] = comparison.candidates;
  const [leakyTest] = comparison.comparisons;

  test('a realistic comparison passes unchanged; an infinite effect size travels as null', () => {
    assert.deepEqual(parseHostMessage(structuredClone(valid)), { ok: true, message: valid });
    const constant = { ...leakyTest!, hedgesG: null, seedsNeeded: null };
    assert.equal(
      parseHostMessage(withResult({ comparisons: [constant, ...comparison.comparisons.slice(1)] })).ok,
      true,
    );
    assert.equal(
      parseHostMessage(
        withResult({
          candidates: [leaky],
          comparisons: [],
          excluded: [{ activation: 'relu', reason: 'seed 1: the run failed' }],
        }),
      ).ok,
      true,
      'a failed baseline leaves candidates without tests',
    );
  });

  const rejected: Array<[string, unknown]> = [
    ['another schema version', withResult({ schemaVersion: 2 })],
    ['an unknown metric', withResult({ metric: 'accuracy' })],
    ['a NaN seed value', withResult({ candidates: [{ ...leaky, values: [Number.NaN, 1] }] })],
    ['an infinite mean', withResult({ candidates: [{ ...leaky, mean: Infinity }] })],
    ['a single seed value', withResult({ candidates: [{ ...leaky, values: [1] }] })],
    ['a negative standard deviation', withResult({ candidates: [{ ...leaky, std: -1 }] })],
    [
      'a p-value above 1',
      withResult({ comparisons: [{ ...leakyTest, adjustedP: 1.5 }, ...comparison.comparisons.slice(1)] }),
    ],
    [
      'a fractional seed count',
      withResult({ comparisons: [{ ...leakyTest, seedsNeeded: 2.5 }, ...comparison.comparisons.slice(1)] }),
    ],
    ['comparisons out of order', withResult({ comparisons: [...comparison.comparisons].reverse() })],
    ['a comparison without its candidate', withResult({ comparisons: comparison.comparisons.slice(1) })],
    ['candidates that are not a list', withResult({ candidates: 'all' })],
    ['65 candidates', withResult({ candidates: Array.from({ length: 65 }, () => leaky), comparisons: [] })],
    ['1,001 seeds', withResult({ seeds: Array.from({ length: 1001 }, (_, index) => index) })],
    ['a huge activation name', withResult({ baseline: 'x'.repeat(MESSAGE_LIMITS.shortText + 1) })],
    ['no result', { type: 'compare' }],
    ['a null result', { type: 'compare', result: null }],
  ];
  for (const [what, message] of rejected) {
    test(`rejected without throwing: ${what}`, () => {
      const parsed = parseHostMessage(message);
      assert.equal(parsed.ok, false);
      assert.ok(!parsed.ok && parsed.reason.length > 0);
    });
  }

  test('a result that throws when read is rejected without throwing', () => {
    const trap = new Proxy(structuredClone(comparison), {
      get(target, key) {
        if (key === 'candidates') throw new Error('trap');
        return Reflect.get(target, key);
      },
    });
    assert.equal(parseHostMessage({ type: 'compare', result: trap }).ok, false);
  });
});
