/**
 * `npm run test:vscode`: the journey (vscode-suite.ts) in VS Code desktop, where one is installed. Set
 * VSCODE_PATH to its executable (e.g. /usr/share/code/code); without it this prints why it skips and exits 0.
 * The end-to-end test that always runs is journey.test.ts (code-server), part of `npm run test:e2e`.
 *
 * VS Code is started the way @vscode/test-electron's runTests starts a given executable: the repository as
 * the extension under development, the bundled suite as the tests, a throwaway profile and workspace. When
 * @vscode/test-electron is installed, its runTests does the launching.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { throwawayProfile } from './code-server.ts';

const ROOT = path.resolve(__dirname, '../..');

async function main(): Promise<number> {
  const executable = process.env.VSCODE_PATH;
  if (!executable) {
    console.log(
      'test:vscode skipped: VSCODE_PATH is not set. Point it at a VS Code executable to run the extension journey in VS Code desktop; npm run test:e2e runs it in code-server.',
    );
    return 0;
  }
  if (!existsSync(executable)) {
    console.error(`test:vscode: VSCODE_PATH=${executable} does not exist`);
    return 1;
  }
  // The extension under development is the repository itself: dist/ must be current.
  execFileSync(process.execPath, ['esbuild.config.mjs'], { cwd: ROOT, stdio: 'inherit' });
  const profile = throwawayProfile(path.join(ROOT, 'examples'));
  const suite = path.join(profile.root, 'suite', 'index.js');
  buildSync({
    entryPoints: [path.join(__dirname, 'vscode-suite.ts')],
    outfile: suite,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });
  const launchArgs = [
    profile.workspace,
    `--user-data-dir=${profile.userDataDir}`,
    `--extensions-dir=${profile.extensionsDir}`,
    '--disable-extensions',
    '--disable-workspace-trust',
    '--skip-welcome',
    '--skip-release-notes',
    '--disable-telemetry',
    '--disable-gpu',
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
  ];
  try {
    const testElectron = tryRequire('@vscode/test-electron');
    if (testElectron) {
      await testElectron.runTests({
        vscodeExecutablePath: executable,
        extensionDevelopmentPath: ROOT,
        extensionTestsPath: suite,
        launchArgs,
      });
      return 0;
    }
    const args = [...launchArgs, `--extensionDevelopmentPath=${ROOT}`, `--extensionTestsPath=${suite}`];
    // Electron needs a display; on a headless Linux machine use xvfb-run when it is there.
    const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
    const [command, commandArgs] = headless ? ['xvfb-run', ['-a', executable, ...args]] : [executable, args];
    const env = { ...process.env };
    delete env.ELECTRON_RUN_AS_NODE;
    return await new Promise<number>((resolve, reject) => {
      const child = spawn(command, commandArgs, { stdio: 'inherit', env });
      child.on('error', (error) =>
        reject(
          new Error(
            `${command} could not start: ${error.message}${headless ? ' (no DISPLAY: install xvfb for xvfb-run)' : ''}`,
          ),
        ),
      );
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    rmSync(profile.root, { recursive: true, force: true });
  }
}

interface TestElectron {
  runTests(options: {
    vscodeExecutablePath: string;
    extensionDevelopmentPath: string;
    extensionTestsPath: string;
    launchArgs: string[];
  }): Promise<number>;
}

function tryRequire(name: string): TestElectron | undefined {
  try {
    // Optional: resolved from the repository's node_modules only when someone installed it.
    return createRequire(path.join(ROOT, 'package.json'))(name) as TestElectron;
  } catch {
    return undefined;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`test:vscode failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
