/**
 * Installs ActLens's software GPU (`npm run setup:software-gpu`): Mesa's lavapipe Vulkan driver, unpacked into
 * softwareGpuFolder() with an ICD manifest naming it by absolute path, so that Dawn (the `webgpu` package) finds a
 * CPU-only adapter and the webgpu backend can be tested on machines without a GPU. The system's Mesa is left alone:
 * the .deb is fetched with a private apt configuration and unpacked with `dpkg-deb -x`, never installed.
 *
 * Why a backport: Debian 12's own Mesa (22.3) lacks shaderUniform*ArrayDynamicIndexing, which Dawn requires; the
 * bookworm-backports build (25.x) has it and links only against libraries stock Debian 12 provides. The Vulkan
 * loader (libvulkan.so.1, package libvulkan1) must be installed system-wide: dawn.node dlopens it by name.
 *
 * A no-op (well under a second) when the manifest, its driver and a stamp of the same pin are in place.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import * as path from 'node:path';
import { installedSoftwareGpuIcd, SOFTWARE_GPU_ICD_FILE, softwareGpuFolder } from '../src/runner/gpu/software-gpu.ts';

const PACKAGE = 'mesa-vulkan-drivers';
const SUITE = 'bookworm-backports';
const EXPECTED_MAJOR = '25';
/** Changing the suite or the expected major version makes every machine reinstall. */
const PIN = `${SUITE}/${EXPECTED_MAJOR}`;
const KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';
const MIRROR = 'http://deb.debian.org/debian';
const LIBRARY = 'libvulkan_lvp.so';
const STAMP_FILE = 'mesa-version.json';

interface Stamp {
  pin: string;
  version: string;
}

const folder = softwareGpuFolder();
const manifest = path.join(folder, SOFTWARE_GPU_ICD_FILE);
const stampPath = path.join(folder, STAMP_FILE);
const sudo = process.getuid?.() === 0 ? '' : 'sudo ';

/** A failure that needs no stack: one line saying what to do. */
class SetupError extends Error {}

function fail(message: string): never {
  throw new SetupError(message);
}

function run(command: string, args: string[], cwd?: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function readStamp(): Stamp | null {
  try {
    return JSON.parse(readFileSync(stampPath, 'utf8')) as Stamp;
  } catch {
    return null;
  }
}

try {
  main();
} catch (error) {
  if (!(error instanceof SetupError)) throw error;
  console.error(`setup:software-gpu: ${error.message}`);
  process.exitCode = 1;
}

function main(): void {
  if (process.platform !== 'linux') {
    fail(`the software GPU (Mesa lavapipe from Debian) is Linux-only; this is ${process.platform}.`);
  }
  // The fast path: `npm test` runs this every time.
  const ready = installedSoftwareGpuIcd();
  if (ready && readStamp()?.pin === PIN) {
    console.log(`software GPU ready: ${ready}`);
    return;
  }
  // Prerequisites that cannot be fetched without changing the system: name them instead.
  for (const tool of ['apt-get', 'dpkg-deb']) {
    if (run(tool, ['--version']).error) fail(`needs ${tool} (Debian/Ubuntu), which is not on PATH.`);
  }
  if (!existsSync(KEYRING))
    fail(`needs Debian's archive keyring: run \`${sudo}apt-get install debian-archive-keyring\`.`);
  mkdirSync(folder, { recursive: true });
  // A run killed half-way (Ctrl-C) leaves its work folder behind: clear those first.
  for (const name of readdirSync(folder)) {
    if (name.startsWith('.install-')) rmSync(path.join(folder, name), { recursive: true, force: true });
  }
  const work = mkdtempSync(path.join(folder, '.install-'));
  try {
    install(work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function install(work: string): void {
  // A private apt state (lists, cache, sources) so that neither /etc/apt nor /var/lib/apt is touched; only the
  // suite with the pinned driver is listed (`apt-get download` resolves no dependencies, so nothing else is needed).
  const apt = path.join(work, 'apt');
  const debs = path.join(work, 'debs');
  for (const dir of [path.join(apt, 'lists', 'partial'), path.join(apt, 'cache', 'archives', 'partial'), debs]) {
    mkdirSync(dir, { recursive: true });
  }
  writeFileSync(path.join(apt, 'sources.list'), `deb [signed-by=${KEYRING}] ${MIRROR} ${SUITE} main\n`);
  const options = [
    `Dir::Etc::SourceList=${path.join(apt, 'sources.list')}`,
    'Dir::Etc::SourceParts=/dev/null',
    'Dir::Etc::Preferences=/dev/null',
    'Dir::Etc::PreferencesParts=/dev/null',
    `Dir::State::Lists=${path.join(apt, 'lists')}`,
    `Dir::Cache=${path.join(apt, 'cache')}`,
    'Dir::State::status=/var/lib/dpkg/status',
    'Acquire::Languages=none',
    // As root apt downloads as user _apt, who cannot enter a private folder under /root; it would fall back, noisily.
    ...(sudo ? [] : ['APT::Sandbox::User=root']),
  ].flatMap((option) => ['-o', option]);
  const aptGet = (args: string[], cwd?: string, what = args[0]): void => {
    const result = run('apt-get', [...options, ...args], cwd);
    if (result.status !== 0) {
      process.stderr.write(result.stderr);
      fail(`\`apt-get ${what}\` failed (exit ${result.status ?? result.signal}); is ${MIRROR} reachable?`);
    }
  };
  console.log(`setup:software-gpu: downloading ${PACKAGE} from ${SUITE} into ${folder}`);
  aptGet(['update', '-qq', '--error-on=any']);
  aptGet(['download', '-qq', `${PACKAGE}/${SUITE}`], debs, 'download');
  const deb = readdirSync(debs).find((name) => name.endsWith('.deb'));
  if (!deb) fail(`apt-get download left no .deb in ${debs}.`);
  const debPath = path.join(debs, deb);
  const field = (name: string): string => run('dpkg-deb', ['-f', debPath, name]).stdout.trim();
  const version = field('Version');
  if (!version.startsWith(`${EXPECTED_MAJOR}.`)) {
    console.log(`setup:software-gpu: note: ${SUITE} offers Mesa ${version}, not ${EXPECTED_MAJOR}.x; using it.`);
  }

  const root = path.join(work, 'root');
  const unpacked = run('dpkg-deb', ['-x', debPath, root]);
  if (unpacked.status !== 0) fail(`dpkg-deb -x ${deb} failed: ${unpacked.stderr.trim()}`);
  // usr/lib/<multiarch triple>/: whichever architecture apt fetched for.
  const libDir = path.join(root, 'usr', 'lib');
  const triple = readdirSync(libDir).find((name) => existsSync(path.join(libDir, name, LIBRARY)));
  if (!triple) fail(`${deb} has no usr/lib/*/${LIBRARY}.`);
  const library = path.join(libDir, triple, LIBRARY);

  // Everything lavapipe links against must already be on the system (stock Debian 12 has it all); name the
  // packages to install rather than install them. The loader is dlopened by Dawn, so ldd cannot see it.
  const missing = [...run('ldd', [library]).stdout.matchAll(/^\s*(\S+) => not found/gm)].map((match) => match[1]);
  const ldconfig = ['ldconfig', '/sbin/ldconfig', '/usr/sbin/ldconfig'].map((tool) => run(tool, ['-p']));
  const loader = ldconfig.some((result) => /^\s*libvulkan\.so\.1 /m.test(result.stdout ?? ''));
  if (!loader) missing.unshift('libvulkan.so.1');
  if (missing.length > 0) {
    // The .deb's Depends names the packages behind the sonames; suggest those not installed (versions dropped).
    const packages = field('Depends')
      .split(',')
      .map((dependency) => dependency.replace(/\|.*|\(.*\)/g, '').trim())
      .filter((name) => run('dpkg-query', ['-W', '-f=${Status}', name]).stdout !== 'install ok installed');
    fail(
      `lavapipe needs libraries that are missing (${missing.join(', ')}): ` +
        `run \`${sudo}apt-get install --no-install-recommends ${packages.join(' ') || '<the packages providing them>'}\`.`,
    );
  }

  // Keep only the driver (the package's other drivers and layers are ~55 MB we never load). The manifest goes
  // last and is written whole, so a half-finished install never looks installed.
  const icdDir = path.join(root, 'usr', 'share', 'vulkan', 'icd.d');
  const packaged = existsSync(icdDir) && readdirSync(icdDir).find((name) => name.startsWith('lvp_icd'));
  const icd = packaged
    ? (JSON.parse(readFileSync(path.join(icdDir, packaged), 'utf8')) as { ICD: { library_path: string } })
    : { ICD: { api_version: '1.4.305', library_path: '' }, file_format_version: '1.0.0' };
  icd.ICD.library_path = path.join(folder, LIBRARY);
  rmSync(manifest, { force: true });
  renameSync(library, icd.ICD.library_path);
  writeFileSync(stampPath, JSON.stringify({ pin: PIN, version } satisfies Stamp) + '\n');
  writeFileSync(path.join(work, SOFTWARE_GPU_ICD_FILE), JSON.stringify(icd, null, 2) + '\n');
  renameSync(path.join(work, SOFTWARE_GPU_ICD_FILE), manifest);
  console.log(`software GPU ready: ${manifest} (Mesa ${version}, lavapipe)`);
}
