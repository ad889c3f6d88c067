/** A RunController whose runs are fake sessions (extension-fixtures.ts), shown on `display`, with no panel. */
import './vscode-stub.ts';
import { RunController } from '../../extension/run-controller.ts';
import type { RunDisplay } from '../../extension/run-view.ts';
import { DEFAULT_SETTINGS } from '../../extension/settings.ts';
import { fakeSessionFactory } from './extension-fixtures.ts';
import { StubLog } from './vscode-stub.ts';

export function fakeController(display: RunDisplay): RunController {
  return new RunController({
    extensionPath: '/ext/actlens',
    display,
    log: new StubLog('ActLens'),
    trust: { allowRun: () => true },
    settings: () => ({ settings: { ...DEFAULT_SETTINGS, openPanelOnRun: false }, problems: [] }),
    createSession: fakeSessionFactory,
    showPanel: () => undefined,
  });
}
