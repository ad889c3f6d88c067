/**
 * The one page the panel runs in, whether VS Code shows it in a webview or a browser opens an HTML report:
 * the CSP, the styles, the element the panel draws into, and the scripts. Its two callers differ only in
 * how the styles and the script arrive (linked from the extension, or inlined into the report).
 */
import { PANEL_ROOT_ID } from './webview-messages.ts';

export interface PageParts {
  title: string;
  /** The Content-Security-Policy, as a meta element states it. */
  csp: string;
  /** Markup for the head: a stylesheet link or an inline style element. */
  styles: string;
  /** Markup closing the body: embedded data and the panel's script. */
  scripts: string;
  /** Outside VS Code: the page supplies default values for the --vscode-* theme variables. */
  standalone: boolean;
}

export function renderPage(parts: PageParts): string {
  return `<!DOCTYPE html>
<html lang="en"${parts.standalone ? ' class="actlens-standalone"' : ''}>
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(parts.csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(parts.title)}</title>
${parts.styles}
</head>
<body>
<main id="${PANEL_ROOT_ID}"></main>
${parts.scripts}
</body>
</html>
`;
}

/** Text or an attribute value as HTML: what run data (titles, paths) must go through. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
