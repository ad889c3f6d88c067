/**
 * `npm run check:gpu` (or `./check-gpu` from the self-contained bundle, scripts/pack-gpu-check.ts): can ActLens
 * train on this machine's GPU, how fast, and correctly? Checks the Vulkan loader and drivers, lists Dawn's adapters,
 * measures the backend table on cpu, wasm and the chosen adapter, compares its losses with cpu, and ends with one
 * verdict line. Exit 0 when a hardware adapter trains with matching losses (or a software one, with --software-ok).
 *
 *   --gpu NAME        the adapter whose name contains NAME (default: the first hardware adapter)
 *   --software-ok     accept a software GPU (lavapipe/llvmpipe): for testing the check on a machine without a GPU
 *   --repetitions N   runs per table cell, plain and instrumented each (default 1)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { GpuAdapter } from '../src/core/events.ts';
import { chooseAdapter } from '../src/runner/gpu/adapter-choice.ts';
import { listAdapters, loadDawn } from '../src/runner/gpu/dawn.ts';
import { manifestFolders } from '../src/runner/gpu/vulkan-drivers.ts';
import { RunSession } from '../src/session/session.ts';
import { BENCH_SIZES, FIXTURES, formatBackendTable, type BackendRow, measureBackends } from '../bench/backends.ts';

const LOSS_TOLERANCE = 1e-4;
const LOSS_STEPS = 20;

interface Options {
  gpu: string | null;
  softwareOk: boolean;
  repetitions: number;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { gpu: null, softwareOk: false, repetitions: 1 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--gpu') options.gpu = argv[++i] ?? null;
    else if (arg === '--software-ok') options.softwareOk = true;
    else if (arg === '--repetitions') options.repetitions = Math.max(1, Number(argv[++i]) || 1);
    else throw new Error(`unknown option ${arg}; use --gpu NAME, --software-ok, --repetitions N`);
  }
  return options;
}

const ok = (text: string) => console.log(`✓ ${text}`);
const bad = (text: string, fix: string) => console.log(`✗ ${text}\n    → ${fix}`);
const info = (text: string) => console.log(`    ${text}`);

// ── (a) the Vulkan loader ────────────────────────────────────────────────────────────────────────────────────────

const LIBRARY_FOLDERS = [
  '/lib/x86_64-linux-gnu',
  '/usr/lib/x86_64-linux-gnu',
  '/usr/lib64',
  '/lib64',
  '/usr/lib',
  '/lib',
];

/** Where the dynamic linker would find `library` (a bare soname), or null. Checks ldconfig's cache, then the usual folders. */
function findLibrary(library: string): string | null {
  // Under `env -i PATH=/usr/bin:/bin` ldconfig (in /sbin) is off PATH, so its usual places are tried too.
  for (const ldconfig of ['ldconfig', '/sbin/ldconfig', '/usr/sbin/ldconfig']) {
    try {
      const cache = execFileSync(ldconfig, ['-p'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      const line = cache
        .split('\n')
        .find((entry) => entry.trim().startsWith(`${library} `) && entry.includes('x86-64'));
      if (line) return line.split('=>')[1]!.trim();
      break;
    } catch {
      // not at this path
    }
  }
  const folders = [...(process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean), ...LIBRARY_FOLDERS];
  return folders.map((folder) => path.join(folder, library)).find((file) => existsSync(file)) ?? null;
}

function checkLoader(): boolean {
  if (process.platform !== 'linux') {
    ok(`${process.platform}: Dawn uses the system's ${process.platform === 'darwin' ? 'Metal' : 'Direct3D 12'} driver`);
    return true;
  }
  const bundled = process.env.ACTLENS_BUNDLED_VULKAN_LOADER;
  if (bundled) {
    ok(`Vulkan loader: the bundle's own (${bundled}), as this machine has none`);
    info('install libvulkan1 (Debian/Ubuntu) or vulkan-loader (Fedora) to train on the GPU with ActLens itself');
    return true;
  }
  const loader = findLibrary('libvulkan.so.1');
  if (loader) ok(`Vulkan loader: ${loader}`);
  else bad('no Vulkan loader (libvulkan.so.1)', 'install libvulkan1 (Debian/Ubuntu: apt-get install libvulkan1)');
  return loader !== null;
}

// ── (b) driver manifests (ICDs) ──────────────────────────────────────────────────────────────────────────────────

/** Where NVIDIA's container toolkit and some driver installs put the ICD, outside the loader's default path. */
const NVIDIA_MANIFEST_FOLDERS = [
  '/usr/local/nvidia/share/vulkan/icd.d',
  '/usr/local/nvidia/etc/vulkan/icd.d',
  '/usr/local/share/vulkan/icd.d',
  '/etc/vulkan/icd.d',
];
const EGL_VENDOR_FOLDER = '/usr/share/glvnd/egl_vendor.d';

function manifestsIn(folder: string): string[] {
  try {
    return readdirSync(folder)
      .filter((file) => file.endsWith('.json'))
      .map((file) => path.join(folder, file));
  } catch {
    return [];
  }
}

/** The files an environment variable names (files, or folders of manifests). */
function manifestsFromVariable(name: string): string[] {
  return (process.env[name] ?? '')
    .split(':')
    .filter(Boolean)
    .flatMap((entry) => (entry.endsWith('.json') ? [entry] : manifestsIn(entry)));
}

function libraryOf(manifest: string): string {
  try {
    const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { ICD?: { library_path?: string } };
    return parsed.ICD?.library_path ?? '(names no library)';
  } catch (error) {
    return `(unreadable: ${(error as Error).message})`;
  }
}

function checkDrivers(): void {
  if (process.platform !== 'linux') return;
  const fromVariables = ['VK_DRIVER_FILES', 'VK_ICD_FILENAMES', 'VK_ADD_DRIVER_FILES'].flatMap((name) =>
    manifestsFromVariable(name).map((file) => ({ file, via: name })),
  );
  const onPath = manifestFolders().flatMap((folder) => manifestsIn(folder).map((file) => ({ file, via: '' })));
  const seen = new Set([...fromVariables, ...onPath].map(({ file }) => file));
  const outside = NVIDIA_MANIFEST_FOLDERS.flatMap(manifestsIn).filter((file) => !seen.has(file));
  const synthesized = outside.length === 0 && !hasNvidiaManifest(seen) ? nvidiaManifestFromEgl() : null;
  const added = [...outside, ...(synthesized ? [synthesized] : [])];
  for (const { file, via } of [...onPath, ...fromVariables])
    info(`driver manifest ${file}${via ? ` (${via})` : ''} → ${libraryOf(file)}`);
  for (const file of added) {
    info(`driver manifest ${file} (outside the loader's folders) → ${libraryOf(file)}`);
    addDriverFile(file);
  }
  if (added.length > 0)
    info(`using it for this check's runs: VK_ADD_DRIVER_FILES=${process.env.VK_ADD_DRIVER_FILES ?? ''}`);
  const count = onPath.length + fromVariables.length + added.length;
  if (count > 0) ok(`${count} Vulkan driver manifest(s) found`);
  else
    bad(
      'no Vulkan driver manifest (ICD) in the loader folders',
      "install the GPU's Vulkan driver: NVIDIA: the driver's nvidia_icd.json (in a container, NVIDIA_DRIVER_CAPABILITIES=all or include 'graphics'); AMD/Intel: mesa-vulkan-drivers",
    );
  const device = existsSync('/dev/nvidia0');
  info(`/dev/nvidia0: ${device ? 'present (an NVIDIA GPU is visible to this machine)' : 'absent'}`);
}

function hasNvidiaManifest(files: Set<string>): boolean {
  return [...files].some((file) => /nvidia/i.test(file) || /nvidia/i.test(libraryOf(file)));
}

/**
 * A container given the NVIDIA driver's graphics libraries (glvnd's EGL vendor file names libEGL_nvidia) but no
 * Vulkan manifest still has NVIDIA's Vulkan driver: it lives in libGLX_nvidia.so.0, which a manifest can name.
 */
function nvidiaManifestFromEgl(): string | null {
  const vendors = manifestsIn(EGL_VENDOR_FOLDER).filter((file) => /nvidia/i.test(file));
  if (vendors.length === 0) return null;
  info(`EGL vendor file ${vendors[0]}: NVIDIA's graphics libraries are installed`);
  if (!findLibrary('libGLX_nvidia.so.0')) return null;
  const folder = path.join(os.tmpdir(), 'actlens-gpu-check');
  mkdirSync(folder, { recursive: true });
  const manifest = path.join(folder, 'nvidia_icd.json');
  const icd = { file_format_version: '1.0.1', ICD: { library_path: 'libGLX_nvidia.so.0', api_version: '1.3.0' } };
  writeFileSync(manifest, JSON.stringify(icd, null, 2));
  info(`wrote ${manifest} naming libGLX_nvidia.so.0 (NVIDIA's Vulkan driver), as none was installed`);
  return manifest;
}

/** Joins the system's drivers rather than replacing them (VK_DRIVER_FILES would hide the others). */
function addDriverFile(manifest: string): void {
  const added = process.env.VK_ADD_DRIVER_FILES?.split(':').filter(Boolean) ?? [];
  if (!added.includes(manifest)) process.env.VK_ADD_DRIVER_FILES = [...added, manifest].join(':');
}

// ── (c) adapters ─────────────────────────────────────────────────────────────────────────────────────────────────

async function checkAdapters(options: Options): Promise<GpuAdapter[]> {
  let adapters: GpuAdapter[];
  try {
    adapters = await listAdapters(await loadDawn(options.softwareOk));
  } catch (error) {
    bad(
      `Dawn (the webgpu package) could not start: ${(error as Error).message}`,
      'check the Vulkan loader and driver lines above',
    );
    return [];
  }
  adapters = adapters.filter((adapter, index) => adapters.findIndex((other) => other.name === adapter.name) === index);
  if (adapters.length === 0) bad('Dawn found no GPU adapter', 'see the driver lines above');
  else ok(`${adapters.length} adapter(s):`);
  for (const adapter of adapters)
    info(
      `${adapter.name}${adapter.software ? ' (software)' : ''} — vendor ${adapter.vendor || '?'}, architecture ${adapter.architecture || '?'}, ${adapter.description || 'no description'}`,
    );
  return adapters;
}

/** The runner's own choice, as `--backend webgpu` makes it: the first hardware adapter, else a software one. */
function pickAdapter(adapters: GpuAdapter[], options: Options): GpuAdapter | null {
  if (adapters.length === 0) return null;
  const choice = chooseAdapter(adapters, options.gpu, true);
  if ('adapter' in choice) return choice.adapter;
  bad(choice.problem, 'pick one of the names listed above with --gpu');
  return null;
}

// ── (e) losses against cpu ───────────────────────────────────────────────────────────────────────────────────────

/** The per-step losses of the MLP's first LOSS_STEPS steps, as ActLens records them. */
async function stepLosses(backend: 'cpu' | 'webgpu', adapter: GpuAdapter | null): Promise<(number | null)[]> {
  const losses: (number | null)[] = [];
  const session = new RunSession(
    {
      script: path.join(FIXTURES, BENCH_SIZES[0]!.fixture),
      args: [String(LOSS_STEPS)],
      backend,
      gpu: adapter?.name ?? null,
      maxSteps: LOSS_STEPS,
      every: LOSS_STEPS,
      workspaceRoot: path.join(os.tmpdir(), 'actlens-bench'),
    },
    { event: (event) => (event.type === 'window' ? losses.push(...event.loss) : undefined) },
  );
  const outcome = await session.done;
  if (outcome.terminal.type === 'error') throw new Error(`the ${backend} run failed: ${outcome.terminal.message}`);
  return losses;
}

async function compareLosses(adapter: GpuAdapter): Promise<number | null> {
  try {
    const [cpu, gpu] = [await stepLosses('cpu', null), await stepLosses('webgpu', adapter)];
    if (cpu.length < LOSS_STEPS || gpu.length < LOSS_STEPS)
      throw new Error(`recorded ${cpu.length} cpu and ${gpu.length} GPU losses, expected ${LOSS_STEPS}`);
    const difference = Math.max(...cpu.map((loss, step) => relativeDifference(loss, gpu[step] ?? null)));
    const line = `losses, ${LOSS_STEPS} steps of the MLP: max relative difference from cpu ${difference.toExponential(1)}`;
    if (difference <= LOSS_TOLERANCE) ok(`${line} (≤ ${LOSS_TOLERANCE})`);
    else
      bad(
        `${line} (> ${LOSS_TOLERANCE})`,
        'the GPU computes wrong results: update its driver, and report it with this output',
      );
    return difference;
  } catch (error) {
    bad(`losses could not be compared: ${(error as Error).message}`, 'see the error above');
    return null;
  }
}

function relativeDifference(a: number | null, b: number | null): number {
  if (a === null || b === null) return Infinity;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-12);
}

// ── (f) the verdict ──────────────────────────────────────────────────────────────────────────────────────────────

function noHardwareReason(adapters: GpuAdapter[]): string {
  const listed = adapters.length
    ? `Dawn sees only ${adapters.map((adapter) => adapter.name).join(', ')}`
    : 'Dawn sees no adapter';
  if (existsSync('/dev/nvidia0'))
    return `${listed}, although /dev/nvidia0 exists: install libvulkan1 and NVIDIA's Vulkan driver manifest (nvidia_icd.json; in a container, NVIDIA_DRIVER_CAPABILITIES=all)`;
  return `${listed}: install the GPU's Vulkan driver (AMD/Intel: mesa-vulkan-drivers; NVIDIA: the proprietary driver with nvidia_icd.json)`;
}

function speedSummary(rows: BackendRow[], adapter: GpuAdapter): string {
  const size = BENCH_SIZES[0]!.label;
  const gpu = rows.find((row) => row.backend === 'webgpu' && row.size === size);
  const wasm = rows.find((row) => row.backend === 'wasm' && row.size === size);
  if (!gpu || gpu.problem) return `${adapter.name} did not train (${gpu?.problem?.split('\n')[0] ?? 'no result'})`;
  const ratio =
    wasm && !wasm.problem ? ` (${(gpu.plainStepsPerSecond / wasm.plainStepsPerSecond).toFixed(1)}× wasm)` : '';
  return `${size} ${gpu.plainStepsPerSecond.toFixed(0)} steps/s${ratio}`;
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  console.log(`ActLens GPU check · node ${process.version} · ${os.hostname()} · ${new Date().toISOString()}`);
  checkLoader();
  checkDrivers();
  const adapters = await checkAdapters(options);
  const adapter = pickAdapter(adapters, options);
  const software = adapter?.software ?? true;
  if (adapter?.software && !options.softwareOk)
    info(`no hardware adapter: measuring ${adapter.name} (software) anyway; the verdict will say NO HARDWARE GPU`);
  console.log(`\nbackend table (${options.repetitions} run(s) each, plain and instrumented; first 2 steps excluded):`);
  const rows = await measureBackends({
    repetitions: options.repetitions,
    adapters: adapter ? [adapter] : [],
    onRow: (row) => info(`measured ${row.backend} ${row.adapter} ${row.size}${row.problem ? ' (failed)' : ''}`),
  });
  console.log(formatBackendTable(rows));
  const trained = rows.some((row) => row.backend === 'webgpu' && !row.problem);
  const difference = adapter && trained ? await compareLosses(adapter) : null;
  const matches = difference !== null && difference <= LOSS_TOLERANCE;
  const label = adapter ? `${adapter.name} (${adapter.vendor || '?'}, ${adapter.architecture || '?'})` : '';
  const losses = difference === null ? 'losses not compared' : `losses within ${difference.toExponential(0)} of cpu`;
  if (adapter && (!software || options.softwareOk) && trained && matches) {
    const kind = software ? 'SOFTWARE GPU OK (--software-ok; no hardware GPU)' : 'GPU OK';
    console.log(`\nverdict: ${kind} — ${label}: ${speedSummary(rows, adapter)}, ${losses}`);
    return 0;
  }
  if (!adapter || software) console.log(`\nverdict: NO HARDWARE GPU — ${noHardwareReason(adapters)}`);
  else if (!trained) console.log(`\nverdict: GPU FAILED — ${label}: ${speedSummary(rows, adapter)}`);
  else console.log(`\nverdict: GPU WRONG RESULTS — ${label}: ${losses} (tolerance ${LOSS_TOLERANCE})`);
  return 1;
}

main().then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    console.error(`verdict: CHECK FAILED — ${error.message}`);
    process.exitCode = 1;
  },
);
