/**
 * Installs code-server (VS Code in the browser) once, into a cache folder outside the repository, for the
 * end-to-end journey. Only the npm registry and Debian's archive need to be reachable: the steps below avoid
 * every download that code-server's own install scripts would make from GitHub (prebuilt native modules,
 * ripgrep) by building the native modules from source and taking ripgrep from Debian.
 *
 *   node --import tsx test/e2e/setup-code-server.ts     # install (quick when already done), print the folder
 *
 * Cache: $ACTLENS_E2E_CACHE or ~/.cache/actlens-e2e; the install is <cache>/code-server-4.100.3. A marker file
 * there is written only after the install has been verified (the server prints its version, every native
 * module loads, ripgrep runs), so an interrupted install is started again from scratch.
 *
 * Why 4.100.3: it is VS Code 1.100.3 on Node 20; newer code-server needs Node 22.
 */
import { spawn } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
  copyFileSync,
  chmodSync,
  lstatSync,
  readdirSync,
} from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';
export const VSCODE_VERSION = '1.100.3';
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

/** Debian packages the native modules need to build (headers, pkg-config) and ripgrep for search. */
const DEBIAN_PACKAGES = [
  'ripgrep',
  'libkrb5-dev',
  'libx11-dev',
  'libxkbfile-dev',
  'libsecret-1-dev',
  'pkg-config',
  'build-essential',
  'python3',
];
/** lib/vscode's native modules: their install scripts were skipped; `npm rebuild` builds them from source. */
const VSCODE_NATIVE_MODULES = [
  'kerberos',
  'node-pty',
  '@parcel/watcher',
  '@vscode/spdlog',
  'native-watchdog',
  '@vscode/deviceid',
];

export interface CodeServerInstall {
  /** The code-server package folder (holds out/node/entry.js and lib/vscode). */
  root: string;
  /** `node <entry>` starts code-server. */
  entry: string;
  version: string;
}

interface Marker {
  codeServer: string;
  nodeMajor: number;
  installedAt: string;
  installSeconds: number;
}

export function cacheRoot(): string {
  return process.env.ACTLENS_E2E_CACHE
    ? path.resolve(process.env.ACTLENS_E2E_CACHE)
    : path.join(homedir(), '.cache', 'actlens-e2e');
}

export function installDir(): string {
  return path.join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
}

function markerPath(dir: string): string {
  return path.join(dir, '.actlens-install-ok.json');
}

function describe(dir: string): CodeServerInstall {
  return { root: dir, entry: path.join(dir, 'out', 'node', 'entry.js'), version: CODE_SERVER_VERSION };
}

/** The finished install, or undefined when there is none (or it was built for another Node major). */
export function existingInstall(): CodeServerInstall | undefined {
  const dir = installDir();
  try {
    const marker = JSON.parse(readFileSync(markerPath(dir), 'utf8')) as Marker;
    if (marker.codeServer === CODE_SERVER_VERSION && marker.nodeMajor === NODE_MAJOR && existsSync(describe(dir).entry))
      return describe(dir);
  } catch {
    // no marker: not installed
  }
  return undefined;
}

export class SetupError extends Error {
  override name = 'SetupError';
}

type Log = (line: string) => void;

/** Returns the install, installing first when needed. Throws SetupError with the reason (and the log's tail). */
export async function ensureCodeServer(
  log: Log = (line) => process.stderr.write(`${line}\n`),
): Promise<CodeServerInstall> {
  const ready = existingInstall();
  if (ready) return ready;
  mkdirSync(cacheRoot(), { recursive: true });
  const release = await lock(log);
  try {
    return existingInstall() ?? (await install(log));
  } finally {
    release();
  }
}

/** One installer at a time per cache (parallel test processes wait for the first one). */
async function lock(log: Log): Promise<() => void> {
  const lockDir = path.join(cacheRoot(), `.lock-code-server-${CODE_SERVER_VERSION}`);
  const started = Date.now();
  let told = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      return () => rmSync(lockDir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number(readFileSafe(path.join(lockDir, 'pid')));
    if (!owner || !alive(owner)) {
      // Left behind by a killed installer (or just being created: give it a moment before taking over).
      if (!owner && Date.now() - statSafeMtime(lockDir) < 5000) {
        await sleep(500);
        continue;
      }
      rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (!told) {
      log(`[e2e setup] waiting for process ${owner}, which is installing code-server into ${installDir()}`);
      told = true;
    }
    if (Date.now() - started > 40 * 60_000)
      throw new SetupError(`gave up waiting for process ${owner} to finish installing code-server (lock ${lockDir})`);
    await sleep(2000);
  }
}

async function install(log: Log): Promise<CodeServerInstall> {
  const dir = installDir();
  const staging = `${dir}.partial`;
  const logFile = path.join(cacheRoot(), `install-code-server-${CODE_SERVER_VERSION}.log`);
  const out = createWriteStream(logFile);
  const t0 = Date.now();
  log(
    `[e2e setup] installing code-server ${CODE_SERVER_VERSION} (VS Code ${VSCODE_VERSION}) into ${dir}; full log: ${logFile}`,
  );
  if (NODE_MAJOR !== 20)
    log(
      `[e2e setup] note: code-server ${CODE_SERVER_VERSION} supports Node 20 only; this is Node ${process.versions.node}`,
    );

  const step = async (title: string, action: () => Promise<unknown> | void): Promise<void> => {
    const started = Date.now();
    log(`[e2e setup] ${title} …`);
    out.write(`\n=== ${title}\n`);
    try {
      await action();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      out.end();
      await new Promise<void>((resolve) => out.on('close', () => resolve()));
      throw new SetupError(
        `installing code-server failed at "${title}": ${reason}\n--- last lines of ${logFile} ---\n${tail(logFile, 40)}`,
      );
    }
    log(`[e2e setup] ${title}: ${seconds(Date.now() - started)}`);
  };
  const run = (command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
    exec(command, args, cwd, env, out);
  const vscode = path.join(staging, 'lib', 'vscode');
  const npmQuiet = ['--no-audit', '--no-fund', '--loglevel=warn', '--foreground-scripts'];

  await step('Debian packages', () => ensureDebianPackages(log, out));
  await step('fresh staging folder', () => {
    rmSync(staging, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
  });
  await step(`npm pack code-server@${CODE_SERVER_VERSION}`, async () => {
    await run(
      'npm',
      ['pack', `code-server@${CODE_SERVER_VERSION}`, '--pack-destination', staging, '--loglevel=warn'],
      staging,
    );
    const tarball = path.join(staging, `code-server-${CODE_SERVER_VERSION}.tgz`);
    await run('tar', ['xzf', tarball, '--strip-components=1', '-C', staging], staging);
    rmSync(tarball);
  });
  await step('code-server dependencies (npm install --omit=dev --ignore-scripts)', () =>
    run('npm', ['install', '--omit=dev', '--ignore-scripts', ...npmQuiet], staging),
  );
  await step('build argon2 from source (npm rebuild argon2)', () =>
    run('npm', ['rebuild', 'argon2', ...npmQuiet], staging, { npm_config_yes: 'true' }),
  );
  await step('VS Code dependencies (lib/vscode: npm install --omit=dev --ignore-scripts)', () =>
    run('npm', ['install', '--omit=dev', '--ignore-scripts', ...npmQuiet], vscode),
  );
  await step("ripgrep from Debian (@vscode/ripgrep's download is skipped)", () => {
    const bin = path.join(vscode, 'node_modules', '@vscode', 'ripgrep', 'bin');
    mkdirSync(bin, { recursive: true });
    copyFileSync('/usr/bin/rg', path.join(bin, 'rg'));
    chmodSync(path.join(bin, 'rg'), 0o755);
  });
  await step(`build native modules from source (npm rebuild ${VSCODE_NATIVE_MODULES.join(' ')})`, () =>
    run('npm', ['rebuild', ...VSCODE_NATIVE_MODULES, ...npmQuiet], vscode, { npm_config_yes: 'true', JOBS: 'max' }),
  );
  await step('links that postinstall.sh would make (node_modules.asar, bin scripts)', () => {
    symlinkSync('node_modules', path.join(vscode, 'node_modules.asar'));
    symlinkSync('code-linux.sh', path.join(vscode, 'bin', 'remote-cli', 'code-server'));
    symlinkSync('browser-linux.sh', path.join(vscode, 'bin', 'helpers', 'browser.sh'));
  });
  await step("built-in extensions' dependencies (lib/vscode/extensions: npm install --omit=dev)", () =>
    run('npm', ['install', '--omit=dev', ...npmQuiet], path.join(vscode, 'extensions')),
  );
  await step('verify (version, native modules, ripgrep)', () => verify(staging, out));
  await step('move into place', () => {
    // npm rebuild wrote absolute paths only into build logs; nothing at run time depends on the staging name.
    renameSync(staging, dir);
    const marker: Marker = {
      codeServer: CODE_SERVER_VERSION,
      nodeMajor: NODE_MAJOR,
      installedAt: new Date().toISOString(),
      installSeconds: Math.round((Date.now() - t0) / 1000),
    };
    writeFileSync(markerPath(dir), `${JSON.stringify(marker, null, 2)}\n`);
  });
  out.end();
  log(`[e2e setup] code-server ${CODE_SERVER_VERSION} installed in ${seconds(Date.now() - t0)}`);
  return describe(dir);
}

async function verify(dir: string, out: NodeJS.WritableStream): Promise<void> {
  // code-server writes a default config file on every start: keep it (and anything else) out of the home folder.
  const scratch = path.join(dir, '.verify-home');
  const isolated = { XDG_CONFIG_HOME: path.join(scratch, 'config'), XDG_DATA_HOME: path.join(scratch, 'data') };
  const printed = await exec(
    process.execPath,
    [path.join(dir, 'out', 'node', 'entry.js'), '--version'],
    dir,
    isolated,
    out,
  );
  rmSync(scratch, { recursive: true, force: true });
  const version =
    printed
      .split('\n')
      .find((line) => /^\d+\.\d+\.\d+ /.test(line))
      ?.trim() ?? printed.trim();
  if (!version.startsWith(`${CODE_SERVER_VERSION} `) || !version.includes(`Code ${VSCODE_VERSION}`)) {
    throw new Error(
      `code-server --version printed "${printed.trim()}", expected ${CODE_SERVER_VERSION} with Code ${VSCODE_VERSION}`,
    );
  }
  const vscode = path.join(dir, 'lib', 'vscode');
  // Load every native module the way VS Code does (CommonJS require from lib/vscode).
  const modules = [...VSCODE_NATIVE_MODULES];
  const probe = `const { createRequire } = require('node:module'); const r = createRequire(${JSON.stringify(path.join(vscode, 'package.json'))});
    for (const m of ${JSON.stringify(modules)}) { r(m); }
    createRequire(${JSON.stringify(path.join(dir, 'package.json'))})('argon2');
    console.log('native modules load');`;
  await exec(process.execPath, ['-e', probe], dir, {}, out);
  await exec(path.join(vscode, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'), ['--version'], dir, {}, out);
  for (const required of [
    'out/server-main.js',
    'node_modules.asar',
    'extensions/node_modules/typescript/lib/typescript.js',
  ]) {
    if (!existsSync(path.join(vscode, required))) throw new Error(`lib/vscode/${required} is missing`);
  }
}

async function ensureDebianPackages(log: Log, out: NodeJS.WritableStream): Promise<void> {
  const missing: string[] = [];
  for (const name of DEBIAN_PACKAGES) {
    const status = await exec('dpkg-query', ['-W', '-f=${Status}', name], '/', {}, undefined).catch(() => '');
    if (!status.includes('install ok installed')) missing.push(name);
  }
  if (!existsSync('/usr/bin/rg') && !missing.includes('ripgrep')) missing.push('ripgrep');
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `Debian packages missing and not running as root: ${missing.join(' ')} — install them with: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  log(`[e2e setup] installing Debian packages: ${missing.join(' ')}`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  await exec('apt-get', ['update', '-qq'], '/', env, out);
  await exec('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], '/', env, out);
}

/** Runs a command; resolves with its stdout, rejects with its exit status. Output also goes to the log. */
function exec(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  out: NodeJS.WritableStream | undefined,
): Promise<string> {
  return new Promise((resolve, reject) => {
    out?.write(`$ (cd ${cwd} && ${command} ${args.join(' ')})\n`);
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      out?.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
      if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
      out?.write(chunk);
    });
    child.on('error', (error) => reject(new Error(`${command} could not start: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve(stdout);
      else
        reject(
          new Error(
            `\`${command} ${args.join(' ')}\` exited with ${signal ?? code}${stderr.trim() ? `: ${lastLines(stderr, 6)}` : ''}`,
          ),
        );
    });
  });
}

function lastLines(text: string, count: number): string {
  return text.trim().split('\n').slice(-count).join('\n');
}

function tail(file: string, count: number): string {
  try {
    return lastLines(readFileSync(file, 'utf8'), count);
  } catch {
    return '(no log)';
  }
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function statSafeMtime(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Size of a folder tree in MiB (for the log line after install). */
export function folderMiB(dir: string): number {
  let bytes = 0;
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const file = path.join(current, name);
      const stat = lstatSync(file);
      if (stat.isDirectory()) walk(file);
      else bytes += stat.size;
    }
  };
  walk(dir);
  return Math.round(bytes / 1024 / 1024);
}

if (require.main === module) {
  const t0 = Date.now();
  ensureCodeServer()
    .then((installed) => {
      process.stderr.write(
        `[e2e setup] ready in ${seconds(Date.now() - t0)}: ${installed.root} (${folderMiB(installed.root)} MiB)\n`,
      );
      process.stdout.write(`${installed.root}\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
}
