/**
 * What VS Code puts on a webview's page for a theme: the --vscode-* variables in the root element's style
 * attribute and a theme class on the body. A subset of the real sets, enough for the panel's styles.
 */
export interface VsCodeTheme {
  bodyClass: string;
  variables: Record<string, string>;
}

const FONTS = {
  '--vscode-font-family': 'system-ui, sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-font-weight': 'normal',
  '--vscode-editor-font-family': 'monospace',
  '--vscode-editor-font-size': '12px',
};

export const DARK_MODERN: VsCodeTheme = {
  bodyClass: 'vscode-dark',
  variables: {
    ...FONTS,
    '--vscode-foreground': '#cccccc',
    '--vscode-descriptionForeground': '#9d9d9d',
    '--vscode-editor-background': '#1f1f1f',
    '--vscode-widget-border': '#313131',
    '--vscode-focusBorder': '#0078d4',
    '--vscode-button-background': '#0078d4',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-secondaryBackground': '#313131',
    '--vscode-button-secondaryForeground': '#cccccc',
    '--vscode-list-hoverBackground': '#2a2d2e',
    '--vscode-list-inactiveSelectionBackground': '#37373d',
    '--vscode-editorHoverWidget-background': '#202020',
    '--vscode-editorHoverWidget-foreground': '#cccccc',
    '--vscode-editorHoverWidget-border': '#454545',
    '--vscode-textLink-foreground': '#4daafc',
    '--vscode-problemsErrorIcon-foreground': '#f14c4c',
    '--vscode-problemsWarningIcon-foreground': '#cca700',
    '--vscode-problemsInfoIcon-foreground': '#3794ff',
    '--vscode-charts-foreground': '#cccccc',
    '--vscode-charts-lines': 'rgba(204, 204, 204, 0.5)',
    '--vscode-charts-red': '#f14c4c',
    '--vscode-charts-blue': '#3794ff',
    '--vscode-charts-yellow': '#cca700',
    '--vscode-charts-orange': '#d18616',
    '--vscode-charts-green': '#89d185',
    '--vscode-charts-purple': '#b180d7',
  },
};

export const HIGH_CONTRAST: VsCodeTheme = {
  bodyClass: 'vscode-high-contrast',
  variables: {
    ...DARK_MODERN.variables,
    '--vscode-font-size': '16px',
    '--vscode-editor-font-size': '15px',
    '--vscode-foreground': '#ffffff',
    '--vscode-descriptionForeground': '#ffffff',
    '--vscode-editor-background': '#000000',
    '--vscode-contrastBorder': '#6fc3df',
    '--vscode-contrastActiveBorder': '#f38518',
    '--vscode-focusBorder': '#f38518',
    '--vscode-button-background': '#000000',
    '--vscode-button-border': '#6fc3df',
    '--vscode-charts-foreground': '#ffffff',
    '--vscode-charts-lines': 'rgba(255, 255, 255, 0.5)',
    '--vscode-charts-red': '#f48771',
    '--vscode-charts-blue': '#3794ff',
  },
};

/** For page.evaluate: applies a theme the way VS Code does (through the CSSOM, which the page's CSP allows). */
export function applyTheme(theme: VsCodeTheme): void {
  const root = document.documentElement;
  root.removeAttribute('style');
  for (const [name, value] of Object.entries(theme.variables)) root.style.setProperty(name, value);
  document.body.className = theme.bodyClass;
}
