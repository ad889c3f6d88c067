/**
 * dist/cli.js: starts the CLI's bundle (dist/cli-bundle.js) from V8's compiled code of an earlier start, kept in
 * `$XDG_CACHE_HOME/actlens/code-cache` (else ~/.cache/…), keyed by the bundle's contents, Node's version and the
 * architecture: compiling the bundle was ~70 ms of every `actlens run` before the training process could start. Node
 * 22's module.enableCompileCache does this for every module; ActLens runs on Node 20 too, and caches only its own
 * bundle. Not the runner's: a vm.Script made from cached data loses its import() loader (Node 20.20), and the runner
 * imports ES-module scripts; the CLI's bundle has no import() (test/integration/code-cache.test.ts checks).
 *
 * The first start writes the cache at exit, with every function compiled by then. A cache that cannot be read or
 * written, or that V8 rejects, costs only the compile it would have saved.
 *
 * For `actlens run` it first launches the training process, which then boots beside this bundle's load and waits for
 * its session (session/runner-launch.ts): the CLI's own ~80 ms before its session starts are no longer ahead of the
 * runner's Node start.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { launchRunnerAhead, runnerLaunch } from '../session/runner-launch.ts';

interface LoadableModule {
  exports: unknown;
  filename: string;
  paths: string[];
  require(id: string): unknown;
}
const ModuleClass = Module as unknown as {
  new (id: string, parent: null): LoadableModule;
  wrap(source: string): string;
  _nodeModulePaths(dir: string): string[];
};

function codeCacheDir(): string {
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'actlens', 'code-cache');
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function start(bundle: string): void {
  const source = readFileSync(bundle, 'utf8');
  const key = createHash('sha256').update(`${process.version} ${process.arch}\n`).update(source).digest('hex');
  const cacheFile = path.join(codeCacheDir(), `${path.basename(bundle, '.js')}-${key.slice(0, 32)}.bin`);
  const cachedData = readOrUndefined(cacheFile);
  const script = new vm.Script(ModuleClass.wrap(source), { filename: bundle, cachedData });
  if (!cachedData || script.cachedDataRejected) process.once('exit', () => writeCache(cacheFile, script));
  // What Node's CommonJS loader gives a module: its own require, exports, file and folder.
  const bundleModule = new ModuleClass(bundle, null);
  bundleModule.filename = bundle;
  bundleModule.paths = ModuleClass._nodeModulePaths(path.dirname(bundle));
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  const bundleRequire = (id: string) => bundleModule.require(id);
  run.call(bundleModule.exports, bundleModule.exports, bundleRequire, bundleModule, bundle, path.dirname(bundle));
}

/** Written beside, then renamed: two runs starting at once never read half a cache. */
function writeCache(cacheFile: string, script: vm.Script): void {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    makeFolders(path.dirname(cacheFile));
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, cacheFile);
  } catch {
    // A read-only home, or something else where the cache belongs: the next start compiles again, and no
    // temporary file is left behind each time.
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Nowhere to write means nothing was written.
    }
  }
}

/** Not mkdirSync's `recursive`: Node 20's spins forever where the parent cannot hold folders (XDG_CACHE_HOME under /proc). */
function makeFolders(folder: string): void {
  const missing: string[] = [];
  for (let at = folder; !existsSync(at) && path.dirname(at) !== at; at = path.dirname(at)) missing.unshift(at);
  for (const each of missing) mkdirSync(each);
}

// As the session launches it for `actlens run`, whose options choose no other Node, environment or heap.
if (process.argv[2] === 'run') launchRunnerAhead(() => runnerLaunch(process.cwd()));
start(path.join(__dirname, 'cli-bundle.js'));
