/**
 * The VS Code workbench (code-server in Chromium) as a user drives it: the command palette, quick open,
 * the Problems panel, quick-fix menus, notifications, the status bar and webview panels. Everything goes
 * through the UI (keyboard, clicks, what is on screen); nothing calls VS Code's API behind the user's back.
 *
 * Selectors are VS Code 1.100's DOM (code-server 4.100.3). Webviews are two nested iframes:
 * pre/index.html → pre/fake.html, which holds the extension's page.
 */
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser, Frame, Locator, Page } from 'playwright-core';

export interface ProblemRow {
  /** The file's name, as the row's group in the panel says. */
  file: string;
  severity: 'Error' | 'Warning' | 'Info' | string;
  message: string;
  line: number;
  column: number;
  source: string;
  /** The row as VS Code reads it out (aria-label). */
  label: string;
}

export interface PanelState {
  title: string;
  status: string;
  statusText: string;
  facts: string;
  layers: Array<{ layer: string; cells: string[] }>;
  findings: string[];
}

export class Workbench {
  private shots = 0;

  private constructor(
    readonly page: Page,
    private readonly screenshotDir: string,
  ) {}

  /** Opens code-server and waits for the workbench and the workspace's file list. */
  static async open(browser: Browser, url: string, screenshotDir: string): Promise<Workbench> {
    mkdirSync(screenshotDir, { recursive: true });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const workbench = new Workbench(page, screenshotDir);
    await page.goto(url);
    await page
      .locator('.monaco-workbench .explorer-folders-view .monaco-list-row')
      .first()
      .waitFor({ timeout: 90_000 });
    return workbench;
  }

  /** Reloads the window ("Developer: Reload Window") and waits for the workbench and its restored editors again. */
  async reloadWindow(): Promise<void> {
    const reloaded = this.page.waitForEvent('load', { timeout: 90_000 });
    await this.command('Developer: Reload Window');
    await reloaded;
    await this.page.locator('.monaco-workbench .part.editor .tab').first().waitFor({ timeout: 90_000 });
    await this.page.locator('.monaco-workbench .part.statusbar .statusbar-item').first().waitFor();
  }

  /** Clicks the CodeLens of the active editor whose title matches. */
  async clickCodeLens(title: RegExp): Promise<void> {
    await this.page
      .locator('.editor-group-container.active .monaco-editor .codelens-decoration a', { hasText: title })
      .first()
      .click();
  }

  /** Clicks an action of the active editor's title bar by its label (its tooltip), e.g. "Stop Training". */
  async clickEditorTitleAction(label: RegExp): Promise<void> {
    const actions = this.page.locator('.editor-group-container.active .editor-actions .action-label');
    const labels = await actions.evaluateAll((items) => items.map((item) => item.getAttribute('aria-label') ?? ''));
    const index = labels.findIndex((text) => label.test(text));
    if (index === -1) throw new Error(`the editor title has no action ${label}; it has: ${labels.join(' | ')}`);
    await actions.nth(index).click();
  }

  async screenshot(name: string): Promise<string> {
    const file = path.join(this.screenshotDir, `${String(++this.shots).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Runs a command from the palette (F1) by its exact label, e.g. "ActLens: Run Training with Diagnostics". */
  async command(label: string): Promise<void> {
    await this.closeQuickInput();
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${label}`);
    const item = this.page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: exactly(label) }) });
    try {
      await item.first().waitFor({ timeout: 15_000 });
    } catch {
      const offered = await this.quickInputRows();
      throw new Error(
        `the command palette has no command "${label}"; it offers: ${offered.length ? offered.join(' | ') : '(nothing)'}`,
      );
    }
    await item.first().click();
    // Not "the widget is hidden": a command that opens its own quick pick (Compare, Attach) reuses the widget,
    // sometimes before a poll sees it hidden. The palette is done once its input no longer holds our query.
    await this.page.waitForFunction((query) => {
      const widget = document.querySelector<HTMLElement>('.quick-input-widget');
      const box = widget?.querySelector<HTMLInputElement>('.quick-input-box input');
      return !widget || !widget.checkVisibility() || box?.value !== query;
    }, `>${label}`);
  }

  /** Opens a workspace file by name through quick open (Ctrl+P), in the first editor group. */
  async openFile(name: string): Promise<void> {
    await this.closeQuickInput();
    await this.command('View: Focus First Editor Group');
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible' });
    await input.fill(name);
    const item = this.page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: exactly(name) }) });
    await item.first().waitFor({ timeout: 15_000 });
    await item.first().click();
    await this.activeTab(name).waitFor();
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().waitFor();
  }

  activeTab(name: string): Locator {
    return this.page.locator('.editor-group-container .tab.active', {
      has: this.page.locator('.label-name', { hasText: exactly(name) }),
    });
  }

  /** Moves the cursor of the active editor to line:column (Go to Line, Ctrl+G). */
  async goTo(line: number, column: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await this.page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).waitFor();
  }

  /**
   * Opens the quick fixes at the cursor (Ctrl+.) and returns the titles offered. Right after the cursor moves,
   * VS Code may answer from a request made before the code actions were ready ("No code actions available")
   * and open the menu a moment later; a person would wait, or press Ctrl+. again once the message is gone,
   * and so does this, at most three times. (Ctrl+. while the menu is open would apply its first entry.)
   */
  async openQuickFixes(): Promise<{ titles: string[]; attempts: number }> {
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    const none = this.page.locator('.monaco-editor-overlaymessage', { hasText: 'No code actions available' });
    // The light bulb at the cursor says VS Code has the code actions there: a person presses Ctrl+. then.
    await this.page
      .locator('.editor-group-container.active .monaco-editor .lightBulbWidget')
      .first()
      .waitFor({ timeout: 10_000 })
      .catch(() => undefined);
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('Control+.');
      await rows.or(none).first().waitFor({ timeout: 15_000 });
      if (!(await rows.first().isVisible())) {
        // Told "none": the menu may still follow; else wait for the message to go before asking again.
        await rows
          .first()
          .waitFor({ timeout: 3000 })
          .catch(() => undefined);
      }
      if (await rows.first().isVisible()) {
        const titles = await rows.evaluateAll((items) =>
          items.map((item) => (item.getAttribute('aria-label') ?? (item as HTMLElement).innerText).trim()),
        );
        return { titles, attempts: attempt };
      }
      if (attempt === 3) throw new Error('Ctrl+. at the cursor says "No code actions available" (3 tries)');
      await none
        .first()
        .waitFor({ state: 'hidden', timeout: 5000 })
        .catch(() => undefined);
      await this.page.waitForTimeout(500);
    }
  }

  /** Picks an entry of the open quick-fix menu by its title: arrow keys down to it, then Enter. */
  async chooseQuickFix(title: RegExp): Promise<string> {
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    const labels = await rows.evaluateAll((items) =>
      items.map((item) => (item.getAttribute('aria-label') ?? '').trim()),
    );
    const target = labels.findIndex((label) => title.test(label));
    if (target < 0) throw new Error(`no quick fix matches ${title}; offered: ${labels.join(' | ')}`);
    const focused = this.page.locator('.action-widget .monaco-list-row.action.focused');
    for (let moves = 0; moves <= labels.length; moves++) {
      const now = ((await focused.first().getAttribute('aria-label')) ?? '').trim();
      if (now === labels[target]) {
        await this.page.keyboard.press('Enter');
        await this.page.locator('.action-widget').waitFor({ state: 'hidden' });
        return now;
      }
      await this.page.keyboard.press('ArrowDown');
    }
    throw new Error(`could not move the quick-fix menu's focus to "${labels[target]}"`);
  }

  /** The Problems panel's markers (opening it when closed). File rows are left out. */
  async problems(): Promise<ProblemRow[]> {
    await this.showProblems();
    return this.readProblems();
  }

  async showProblems(): Promise<void> {
    if (!(await this.page.locator('.markers-panel').isVisible()))
      await this.command('View: Focus Problems (Errors, Warnings, Infos)');
    await this.page.locator('.markers-panel').waitFor({ state: 'visible' });
  }

  private async readProblems(): Promise<ProblemRow[]> {
    // Rows are positioned, not ordered, in the DOM: data-index gives their order on screen.
    const entries = await this.page.locator('.markers-panel .monaco-list-row').evaluateAll((rows) =>
      rows.map((row) => ({
        index: Number(row.getAttribute('data-index')),
        label: row.getAttribute('aria-label') ?? '',
      })),
    );
    const rows: ProblemRow[] = [];
    let file = '';
    for (const { label } of entries.sort((a, b) => a.index - b.index)) {
      // "1 problems in file dying-relu-high-lr.js of folder ." (VS Code's MARKERS_TREE_ARIA_LABEL_RESOURCE)
      const resource = /^\d+ problems? in file (.+) of folder /.exec(label);
      if (resource) {
        file = resource[1]!;
        continue;
      }
      // "Error: <message> at line 10 and character 13. generated by ActLens" (VS Code's MARKERS_TREE_ARIA_LABEL_MARKER;
      // with related locations, " This problem has references to 1 locations." comes before "generated by").
      const match =
        /^(Error|Warning|Info): ([\s\S]*) at line (\d+) and character (\d+)\.(?: This problem has references to \d+ locations?\.)?(?: generated by (.*))?$/.exec(
          label,
        );
      if (match)
        rows.push({
          file,
          severity: match[1]!,
          message: match[2]!,
          line: Number(match[3]),
          column: Number(match[4]),
          source: match[5] ?? '',
          label,
        });
    }
    return rows;
  }

  /** Waits until the Problems panel satisfies `until`, and returns its rows then. */
  async waitForProblems(
    until: (rows: ProblemRow[]) => boolean,
    what: string,
    timeoutMs = 60_000,
  ): Promise<ProblemRow[]> {
    await this.showProblems();
    const deadline = Date.now() + timeoutMs;
    let rows: ProblemRow[] = [];
    while (Date.now() < deadline) {
      rows = await this.readProblems();
      if (until(rows)) return rows;
      await this.page.waitForTimeout(250);
    }
    throw new Error(
      `the Problems panel never showed ${what} within ${timeoutMs / 1000} s; it shows: ${rows.length ? rows.map((row) => row.label).join(' | ') : '(nothing)'}`,
    );
  }

  /** The status bar entry whose accessible label matches, or undefined. */
  async statusBarEntry(match: RegExp): Promise<string | undefined> {
    const labels = await this.page
      .locator('.statusbar-item')
      .evaluateAll((items) => items.map((item) => item.getAttribute('aria-label') ?? (item as HTMLElement).innerText));
    return labels.find((label) => match.test(label));
  }

  /** The visible notification toasts' messages. */
  async notifications(): Promise<string[]> {
    return this.page
      .locator('.notification-toast .notification-list-item-message')
      .evaluateAll((items) => items.map((item) => (item as HTMLElement).innerText.trim()));
  }

  async waitForNotification(match: RegExp, timeoutMs = 30_000): Promise<Locator> {
    const toast = this.page.locator('.notification-toast', {
      has: this.page.locator('.notification-list-item-message', { hasText: match }),
    });
    try {
      await toast.first().waitFor({ timeout: timeoutMs });
    } catch {
      throw new Error(
        `no notification matching ${match} within ${timeoutMs / 1000} s; showing: ${(await this.notifications()).join(' | ') || '(none)'}`,
      );
    }
    return toast.first();
  }

  async clickNotificationButton(match: RegExp, button: string): Promise<void> {
    const toast = await this.waitForNotification(match);
    await toast.locator('.monaco-button', { hasText: exactly(button) }).click();
  }

  async clearNotifications(): Promise<void> {
    await this.command('Notifications: Clear All Notifications');
  }

  /** The frame of the webview whose page has `selector` (waits for it). */
  async webviewFrame(selector: string, timeoutMs = 30_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      for (const frame of this.page.frames()) {
        if (!frame.url().includes('/webview/browser/pre/fake.html')) continue;
        if (
          (await frame
            .locator(selector)
            .count()
            .catch(() => 0)) > 0
        )
          return frame;
      }
      await this.page.waitForTimeout(250);
    }
    throw new Error(
      `no webview shows ${selector} within ${timeoutMs / 1000} s (frames: ${this.page
        .frames()
        .map((frame) => frame.url().replace(/\?.*/, ''))
        .join(', ')})`,
    );
  }

  /** The CodeLens titles shown in the active editor, top to bottom. */
  async codeLenses(): Promise<string[]> {
    return this.page
      .locator('.editor-group-container.active .monaco-editor .codelens-decoration')
      .evaluateAll((lenses) => lenses.map((lens) => (lens as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
  }

  /**
   * The text of `after` decorations (Error Lens style) in the active editor's visible lines: VS Code draws them as
   * CSS generated content, so they are read from each decoration's ::after style.
   */
  async afterDecorations(): Promise<string[]> {
    return this.page
      .locator('.editor-group-container.active .monaco-editor .view-lines .view-line span')
      .evaluateAll((spans) =>
        spans
          .map((span) => getComputedStyle(span, '::after').content)
          .filter((content) => content && content !== 'none' && content !== 'normal')
          .map((content) => content.replace(/^"|"$/g, '')),
      );
  }

  /** Opens a view container of the activity bar by its name and returns the rows of its tree, top to bottom. */
  async activityTree(container: string): Promise<string[]> {
    const item = this.page.locator('.activitybar .action-item', {
      has: this.page.locator(`a[aria-label^="${container}"]`),
    });
    // Clicking the container that is already shown would close the side bar.
    if (!((await item.first().getAttribute('class')) ?? '').includes('checked')) await item.first().click();
    await this.page
      .locator('.sidebar .composite.title .title-label', { hasText: new RegExp(container, 'i') })
      .waitFor({ timeout: 15_000 });
    const rows = this.page.locator('.sidebar .pane-body .monaco-list-row');
    await rows.first().waitFor({ timeout: 15_000 });
    return rows.evaluateAll((list) =>
      list.map((row) => row.getAttribute('aria-label') ?? (row as HTMLElement).innerText),
    );
  }

  /** The editor tabs of each group, left to right: which group holds what. */
  async editorGroups(): Promise<string[][]> {
    return this.page
      .locator('.editor-group-container')
      .evaluateAll((groups) =>
        groups.map((group) =>
          Array.from(group.querySelectorAll('.tab .label-name')).map((label) =>
            (label as HTMLElement).innerText.trim(),
          ),
        ),
      );
  }

  private async quickInputRows(): Promise<string[]> {
    return this.page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? ''));
  }

  private async closeQuickInput(): Promise<void> {
    if (await this.page.locator('.quick-input-widget').isVisible()) {
      await this.page.keyboard.press('Escape');
      await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    }
  }
}

/**
 * What the ActLens panel shows (its header, layer table and findings). A string, not a function: tsx's
 * transform would wrap a function's inner helpers in a `__name` call the page does not have.
 */
const READ_PANEL = `(() => {
  const text = (selector) => document.querySelector(selector)?.innerText.trim() ?? '';
  return {
    title: text('.run-title'),
    status: document.querySelector('.run-status')?.dataset.status ?? '',
    statusText: text('.run-status .status-text'),
    facts: text('.run-facts'),
    layers: Array.from(document.querySelectorAll('.layer-table tbody tr')).map((row) => ({
      layer: row.dataset.layer ?? '',
      cells: Array.from(row.cells).map((cell) => cell.innerText.trim()),
    })),
    findings: Array.from(document.querySelectorAll('.findings-list > li')).map((item) => item.innerText.trim()),
  };
})()`;

export async function readPanel(frame: Frame): Promise<PanelState> {
  return (await frame.evaluate(READ_PANEL)) as PanelState;
}

function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}
