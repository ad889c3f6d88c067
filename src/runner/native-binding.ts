/**
 * Whether an installed `@tensorflow/tfjs-node(-gpu)` has its native binding, found without loading the package.
 * npm leaves the binding out when the package's install script does not run (`npm install --ignore-scripts`,
 * a failed download). Loading such a package still loads its own `@tensorflow/tfjs` before it fails, and when
 * that copy differs from the script's, the script's copy then registers every kernel a second time: one
 * "kernel … already registered" line each on stderr.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** node-pre-gyp's `binary` section of the package's package.json: where the binding is installed. */
interface BinaryConfig {
  module_name?: string;
  module_path?: string;
  napi_versions?: number[];
}

/** What is missing and how to get it, or null when the binding file is there (whether it loads is for the package to say). */
export function missingNativeBinding(packageName: string, entry: string): string | null {
  const root = packageRoot(packageName, entry);
  if (!root) return null;
  const { binary } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { binary?: BinaryConfig };
  if (!binary?.module_name || !binary.module_path) return null;
  const bindingFile = (napi: number | undefined) =>
    path.join(root, binary.module_path!.replace('{napi_build_version}', String(napi)), `${binary.module_name}.node`);
  const napiVersions = binary.napi_versions ?? [];
  const candidates = napiVersions.length > 0 ? napiVersions.map(bindingFile) : [bindingFile(undefined)];
  if (candidates.some((file) => existsSync(file))) return null;
  // The file node-pre-gyp would pick on this Node: the newest N-API version both support.
  const napiHere = Number(process.versions.napi);
  const expected = bindingFile(napiVersions.filter((napi) => napi <= napiHere).at(-1) ?? napiVersions.at(-1));
  const project = projectFolder(root);
  return (
    `${packageName} is installed without its native binding (${path.relative(project, expected)} is missing: ` +
    `its install script did not run, as after npm install --ignore-scripts). ` +
    `Run \`npm rebuild ${packageName}\` in ${project} to download it`
  );
}

/** The folder holding the package's package.json, found upwards from its resolved entry file. */
function packageRoot(packageName: string, entry: string): string | null {
  for (let folder = path.dirname(entry); folder !== path.dirname(folder); folder = path.dirname(folder)) {
    const manifest = path.join(folder, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === packageName)
      return folder;
  }
  return null;
}

/** The project the package is installed in: the folder above its outermost node_modules. */
function projectFolder(packageRootFolder: string): string {
  const parts = packageRootFolder.split(path.sep);
  const nodeModules = parts.indexOf('node_modules');
  return nodeModules > 0 ? parts.slice(0, nodeModules).join(path.sep) : packageRootFolder;
}
