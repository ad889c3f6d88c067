/**
 * One throwaway code-server for the end-to-end journey: a fresh user-data folder, extensions folder and
 * workspace (a copy of examples/ with a package.json, so runs land in its .actlens/runs), the built ActLens
 * .vsix installed into it, listening on a free loopback port. stop() ends the server and everything it
 * started (the extension host, language servers, training processes in their own process groups), also when
 * the test fails; the test process's exit handler does the same if it dies first.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CodeServerInstall } from './setup-code-server.ts';

export interface CodeServerOptions {
  install: CodeServerInstall;
  /** The extension package to install (npm run package). */
  vsix: string;
  /** Copied into the workspace folder. */
  workspaceFrom: string;
  /** Extra User/settings.json entries (over the defaults below). */
  settings?: Record<string, unknown>;
  /** The server's output goes here (kept for a person to read when something fails). */
  logFile: string;
}

export interface CodeServer {
  url: string;
  port: number;
  /** The opened folder. */
  workspace: string;
  userDataDir: string;
  extensionsDir: string;
  /** The extension's id as installed (publisher.name-version folder). */
  installedExtension: string;
  /** The last lines the server wrote. */
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

/** Quiet, fast, predictable: nothing that prompts, phones home, or opens on start. */
export const DEFAULT_SETTINGS: Readonly<Record<string, unknown>> = Object.freeze({
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.editor.enablePreview': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'security.workspace.trust.enabled': false,
  'security.workspace.trust.startupPrompt': 'never',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'npm.autoDetect': 'off',
  'typescript.disableAutomaticTypeAcquisition': true,
  'typescript.surveys.enabled': false,
  'chat.commandCenter.enabled': false,
  'files.autoSave': 'off',
  // Run folders are named after their script: quick open would list their events.jsonl next to the script the
  // journey opens by name (and rank it first while results arrive).
  'search.exclude': { '**/.actlens': true },
  'editor.minimap.enabled': false,
  'editor.inlineSuggest.enabled': false,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.hover.enabled': false,
  'editor.parameterHints.enabled': false,
  'problems.defaultViewMode': 'tree',
  'terminal.integrated.enablePersistentSessions': false,
  'window.commandCenter': false,
  // ActLens: short runs (the examples' findings appear well before this), a fixed seed.
  'actlens.maxSteps': 160,
  'actlens.seed': 1,
});

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) killTree(child.pid!, 'SIGKILL');
});

export interface ThrowawayProfile {
  /** Holds the rest; removed at the end. */
  root: string;
  workspace: string;
  userDataDir: string;
  extensionsDir: string;
}

/**
 * A fresh temporary folder with a workspace (a copy of `from` plus a package.json with no dependencies, so that
 * ActLens keeps its runs in the workspace's .actlens/runs), a user-data folder with the settings, and an empty
 * extensions folder.
 */
export function throwawayProfile(from: string, settings: Record<string, unknown> = {}): ThrowawayProfile {
  const root = mkdtempSync(path.join(tmpdir(), 'actlens-e2e-'));
  const workspace = path.join(root, 'workspace');
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  cpSync(from, workspace, { recursive: true });
  writeFileSync(
    path.join(workspace, 'package.json'),
    `${JSON.stringify({ name: 'actlens-e2e-workspace', private: true }, null, 2)}\n`,
  );
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    `${JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2)}\n`,
  );
  mkdirSync(extensionsDir);
  return { root, workspace, userDataDir, extensionsDir };
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  if (!existsSync(options.vsix))
    throw new Error(`the extension package ${options.vsix} does not exist; build it with: npm run package`);
  const { root, workspace, userDataDir, extensionsDir } = throwawayProfile(options.workspaceFrom, options.settings);
  const configFile = path.join(root, 'config.yaml');
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  // code-server keeps state in XDG folders (config, coder.json, heartbeat): point them into the throwaway folder.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(root, 'xdg-config'),
    XDG_DATA_HOME: path.join(root, 'xdg-data'),
    XDG_CACHE_HOME: path.join(root, 'xdg-cache'),
    CS_DISABLE_FILE_DOWNLOADS: '1',
  };
  delete env.VSCODE_IPC_HOOK_CLI;
  delete env.NODE_OPTIONS; // the test runs under tsx's loader; code-server must not inherit it
  const common = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile);
  let tail = '';
  const keep = (chunk: Buffer | string) => {
    tail = (tail + chunk.toString()).slice(-20_000);
    log.write(chunk);
  };
  const cleanUp = () => {
    if (process.env.ACTLENS_E2E_KEEP) keep(`\n[e2e] kept ${root} (ACTLENS_E2E_KEEP)\n`);
    else rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };

  try {
    const installed = spawnSync(
      process.execPath,
      [options.install.entry, ...common, '--install-extension', options.vsix],
      { env, encoding: 'utf8', timeout: 120_000 },
    );
    keep(`$ code-server --install-extension ${options.vsix}\n${installed.stdout}${installed.stderr}`);
    const folders = existsSync(extensionsDir)
      ? readdirSync(extensionsDir).filter((name) => !name.startsWith('.') && name !== 'extensions.json')
      : [];
    if (installed.status !== 0 || folders.length !== 1) {
      throw new Error(
        `code-server --install-extension ${path.basename(options.vsix)} failed (exit ${installed.status ?? installed.signal}):\n${lastLines(`${installed.stdout}${installed.stderr}`, 15)}`,
      );
    }
    const installedExtension = folders[0]!;

    const port = await freePort();
    const args = [
      options.install.entry,
      ...common,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--disable-file-downloads',
      '--ignore-last-opened',
      workspace,
    ];
    keep(`$ code-server ${args.slice(1).join(' ')}\n`);
    const child = spawn(process.execPath, args, {
      env,
      cwd: workspace,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    live.add(child);
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      await terminate(child, exited);
      live.delete(child);
      log.end();
      cleanUp();
    };
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitUntilServing(url, child, () => tail);
    } catch (error) {
      await stop();
      throw error;
    }
    return {
      url,
      port,
      workspace,
      userDataDir,
      extensionsDir,
      installedExtension,
      logTail: (lines = 30) => lastLines(tail, lines),
      stop,
    };
  } catch (error) {
    log.end();
    if (existsSync(root)) cleanUp();
    throw error;
  }
}

async function waitUntilServing(url: string, child: ChildProcess, tail: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `code-server exited (${child.exitCode ?? child.signalCode}) before serving:\n${lastLines(tail(), 20)}`,
      );
    }
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`code-server did not answer ${url}/healthz within 60 s:\n${lastLines(tail(), 20)}`);
}

/** SIGTERM to the server's process group and every descendant (some start their own groups), then SIGKILL. */
async function terminate(child: ChildProcess, exited: Promise<void>): Promise<void> {
  const pid = child.pid;
  if (!pid) return;
  const tree = descendants(pid);
  killTree(pid, 'SIGTERM', tree);
  const gone = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
  // Whatever is left, including descendants that outlived the server.
  const rest = [...new Set([...tree, ...descendants(pid)])].filter(alive);
  if (!gone || rest.length > 0) {
    killTree(pid, 'SIGKILL', rest);
    await Promise.race([exited, sleep(2000)]);
  }
}

function killTree(pid: number, signal: NodeJS.Signals, tree: number[] = descendants(pid)): void {
  const groups = new Set<number>([pid]);
  for (const member of tree) groups.add(processGroup(member) ?? member);
  for (const group of groups) {
    if (group <= 1 || group === process.pid || group === processGroup(process.pid)) continue;
    try {
      process.kill(-group, signal);
    } catch {
      // already gone
    }
  }
  for (const member of tree) {
    try {
      process.kill(member, signal);
    } catch {
      // already gone
    }
  }
}

/** All processes below pid, read from /proc (the tree as it is now). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  for (const entry of entries) {
    const parent = parentOf(Number(entry));
    if (parent === undefined) continue;
    const list = children.get(parent) ?? [];
    list.push(Number(entry));
    children.set(parent, list);
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function parentOf(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields ? Number(fields[1]) : undefined;
}

function processGroup(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields ? Number(fields[2]) : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function lastLines(text: string, count: number): string {
  return text.trim().split('\n').slice(-count).join('\n');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
