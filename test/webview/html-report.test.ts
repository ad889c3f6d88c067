import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RunnerEvent } from '../../src/core/events.ts';
import { EMBEDDED_MESSAGE_ID, parseHostMessage, PANEL_ROOT_ID } from '../../src/core/webview-messages.ts';
import { DEFAULT_THRESHOLDS } from '../../src/core/default-thresholds.ts';
import { renderCompareReport, renderHtmlReport, webviewHtml } from '../../src/report/html-report.ts';
import { realisticComparison } from './comparison.ts';
import { deadUnitsFinding, recordedEvents } from './recorded-run.ts';

const assets = {
  script: 'console.log("</script><script>alert(1)</script>"); /* <!-- */',
  css: 'body::after { content: "</style>"; }',
};
const hostileTitle = '</script><script>alert("title")</script> & "quotes"';

function embeddedJson(html: string): string {
  const match = new RegExp(`<script type="application/json" id="${EMBEDDED_MESSAGE_ID}">(.*?)</script>`, 's').exec(
    html,
  );
  assert.ok(match, 'the report embeds its run');
  return match[1]!;
}

describe('HTML report', () => {
  const events = recordedEvents();
  const hostileEvents: RunnerEvent[] = [
    ...events,
    { type: 'note', level: 'info', message: '<!-- </script> <script>alert("note")</script>' },
  ];
  const html = renderHtmlReport(
    {
      events: hostileEvents,
      findings: [deadUnitsFinding(events)],
      title: hostileTitle,
      thresholds: DEFAULT_THRESHOLDS,
    },
    assets,
  );

  test('embeds the run as an init message the panel accepts, with every `<` escaped', () => {
    const json = embeddedJson(html);
    assert.ok(!json.includes('<'), 'no raw < in the embedded JSON');
    const parsed = parseHostMessage(JSON.parse(json));
    assert.ok(parsed.ok && parsed.message.type === 'init');
    assert.deepEqual(parsed.message.events, hostileEvents);
    assert.equal(parsed.message.run.title, hostileTitle);
    assert.equal(parsed.message.findings[0]!.layer, 'dense_Dense2');
  });

  test('only the intended elements exist: nothing in the data or the bundle ends them early', () => {
    assert.equal(html.match(/<\/script/gi)!.length, 2);
    assert.equal(html.match(/<\/style>/g)!.length, 1);
    assert.ok(!html.includes('<!--'));
    assert.match(
      html,
      /<title>&#60;\/script&#62;&#60;script&#62;alert\(&#34;title&#34;\)&#60;\/script&#62; &#38; &#34;quotes&#34;<\/title>/,
    );
  });

  test('a strict CSP admits only its own nonce’d script and style and data: fonts', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!.replace(/&#39;/g, "'");
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)![1]!;
    assert.equal(
      csp,
      `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'`,
    );
    assert.ok(html.includes(`<script nonce="${nonce}">`));
    assert.ok(html.includes(`<style nonce="${nonce}">`));
    assert.notEqual(
      nonce,
      /<script nonce="([^"]+)">/.exec(
        renderHtmlReport({ events, findings: [], title: 't', thresholds: DEFAULT_THRESHOLDS }, assets),
      )![1],
      'a fresh nonce per report',
    );
  });

  test('has the panel root and the standalone theme', () => {
    assert.ok(html.includes(`<main id="${PANEL_ROOT_ID}"></main>`));
    assert.ok(html.includes('<html lang="en" class="actlens-standalone">'));
  });

  test('a run of over a million records makes a report of what the panel keeps of it', () => {
    const epochs = Array.from({ length: 1_000_001 }, (_, epoch): RunnerEvent => ({
      type: 'epoch',
      epoch,
      step: epoch + 1,
      logs: {},
    }));
    const long = renderHtmlReport(
      { events: [...events, ...epochs], findings: [], title: 't', thresholds: DEFAULT_THRESHOLDS },
      assets,
    );
    const parsed = parseHostMessage(JSON.parse(embeddedJson(long)));
    assert.ok(parsed.ok && parsed.message.type === 'init');
    const kept = parsed.message.events.filter((event) => event.type === 'epoch');
    assert.ok(kept.length <= 256, `${kept.length} epoch records`);
    assert.deepEqual(kept.at(-1), epochs.at(-1));
  });

  test('refuses a run the panel would refuse', () => {
    assert.throws(
      () =>
        renderHtmlReport(
          {
            events: [{ type: 'window' } as unknown as RunnerEvent],
            findings: [],
            title: 't',
            thresholds: DEFAULT_THRESHOLDS,
          },
          assets,
        ),
      /does not validate/,
    );
  });
});

describe('compare report', () => {
  const comparison = realisticComparison();
  const hostile = {
    ...comparison,
    script: '/work/</script>/<b>&"x".js',
    target: '<b>&"x".js:9 (dense #2)',
    excluded: [{ activation: 'selu', reason: '<!-- </script><script>alert(1)</script> -->' }],
  };
  const html = renderCompareReport(hostile, assets);

  test('embeds the comparison as a compare message the panel accepts, with every `<` escaped', () => {
    const json = embeddedJson(html);
    assert.ok(!json.includes('<'), 'no raw < in the embedded JSON');
    assert.deepEqual(parseHostMessage(JSON.parse(json)), { ok: true, message: { type: 'compare', result: hostile } });
    assert.equal(html.match(/<\/script/gi)!.length, 2);
    assert.ok(
      html.includes('<title>Compare activations — &#60;b&#62;&#38;&#34;x&#34;.js:9 (dense #2) · ActLens</title>'),
      'what was compared, escaped, in the title',
    );
  });

  test('refuses a comparison the panel would refuse', () => {
    assert.throws(
      () => renderCompareReport({ ...comparison, comparisons: [...comparison.comparisons].reverse() }, assets),
      /does not validate/,
    );
  });
});

describe('webview HTML', () => {
  const html = webviewHtml({
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    nonce: 'abc123',
    scriptUri: 'https://x/dist/webview.js?a=1&b=2',
    styleUri: 'https://x/dist/webview.css',
  });

  test('loads the bundle by URI under a CSP for the webview’s resource origin', () => {
    assert.ok(html.includes(`<script nonce="abc123" src="https://x/dist/webview.js?a=1&#38;b=2"></script>`));
    assert.ok(html.includes(`<link rel="stylesheet" href="https://x/dist/webview.css">`));
    const csp = /content="([^"]+)"/.exec(html)![1]!.replace(/&#39;/g, "'");
    assert.equal(
      csp,
      "default-src 'none'; script-src 'nonce-abc123'; style-src https://file+.vscode-resource.vscode-cdn.net; img-src https://file+.vscode-resource.vscode-cdn.net data:; font-src https://file+.vscode-resource.vscode-cdn.net data:",
    );
  });

  test('has no inline script and no embedded run, and uses VS Code’s theme', () => {
    assert.equal(html.match(/<script\b/g)!.length, 1);
    assert.ok(!html.includes(EMBEDDED_MESSAGE_ID));
    assert.ok(!html.includes('actlens-standalone'));
  });
});
