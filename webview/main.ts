/** The panel's entry point: connect to the host (or a report's embedded message) and show the runs and comparisons it sends. */
import './zod-without-eval.ts';
import '@vscode/codicons/dist/codicon.css';
import 'uplot/dist/uPlot.min.css';
import './standalone-theme.css';
import './panel.css';
import { PANEL_ROOT_ID } from '../src/core/webview-messages.ts';
import { connectToHost } from './host-connection.ts';
import { applyHostMessage } from './host-messages.ts';
import { Panel } from './panel.ts';
import type { RunModel } from './run-model.ts';

const connection = connectToHost();
const panel = new Panel(document.getElementById(PANEL_ROOT_ID) ?? document.body, connection);
let model: RunModel | null = null;
connection.listen((message) => {
  if (message.type === 'compare') return panel.showComparison(message.result);
  model = applyHostMessage(model, message);
  if (model) panel.show(model);
});
