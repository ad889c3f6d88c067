/** A comparison's own view: a tab of its own, titled with the layer, never the run panel. */
import './vscode-stub.ts';
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { Uri } from 'vscode';
import { COMPARE_VIEW_TYPE, ComparePanels } from '../../extension/panel/compare-panel.ts';
import { PANEL_VIEW_TYPE } from '../../extension/panel/panel-host.ts';
import { WEBVIEW_PROTOCOL_VERSION } from '../../src/core/webview-messages.ts';
import { realisticComparison } from '../webview/comparison.ts';
import { settle, stub, StubLog } from './vscode-stub.ts';

describe('comparison views', () => {
  beforeEach(() => stub.reset());

  it('opens a titled tab per comparison and sends it whenever the page is (re)loaded', async () => {
    const panels = new ComparePanels(Uri.file('/ext/actlens'), new StubLog('ActLens'));
    const result = realisticComparison();
    panels.show(result);
    panels.show({ ...result, metric: 'acc', target: 'train.js:10 (dense #3)' });
    assert.deepEqual(
      stub.panels.map((panel) => [panel.viewType, panel.title]),
      [
        [COMPARE_VIEW_TYPE, 'Compare activations — dead-relu-bottleneck.js:9 (dense #2)'],
        [COMPARE_VIEW_TYPE, 'Compare activations — train.js:10 (dense #3)'],
      ],
    );
    assert.ok(
      stub.panels.every((panel) => panel.viewType !== PANEL_VIEW_TYPE),
      'the run panel is left alone',
    );
    const first = stub.panels[0]!;
    assert.equal(first.posted.length, 0, 'nothing before the page is ready');
    first.receive({ type: 'ready', protocol: WEBVIEW_PROTOCOL_VERSION });
    first.receive({ type: 'ready', protocol: WEBVIEW_PROTOCOL_VERSION });
    await settle();
    assert.deepEqual(first.posted, [
      { type: 'compare', result },
      { type: 'compare', result },
    ]);
    panels.dispose();
  });

  it('copies the table it is asked to, and refuses run requests with a reason', async () => {
    const panels = new ComparePanels(Uri.file('/ext/actlens'), new StubLog('ActLens'));
    panels.show(realisticComparison());
    const panel = stub.panels[0]!;
    panel.receive({ type: 'copy', requestId: 1, text: '| a |' });
    panel.receive({ type: 'rerun', requestId: 2, runId: 'x' });
    await settle();
    assert.equal(stub.clipboard, '| a |');
    const replies = (panel.posted as { requestId: number }[]).sort((a, b) => a.requestId - b.requestId);
    assert.deepEqual(replies, [
      { type: 'reply', requestId: 1, ok: true },
      {
        type: 'reply',
        requestId: 2,
        ok: false,
        message: 'This view shows a comparison; open the run from the ActLens panel.',
      },
    ]);
    panels.dispose();
  });
});
