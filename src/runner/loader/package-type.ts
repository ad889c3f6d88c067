/** The `"type"` of the package a file belongs to (its nearest package.json), as Node reads it. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export type PackageType = 'module' | 'commonjs';

const byFolder = new Map<string, PackageType>();

export function packageTypeOf(file: string): PackageType {
  return typeOfFolder(path.dirname(file));
}

function typeOfFolder(folder: string): PackageType {
  const known = byFolder.get(folder);
  if (known) return known;
  let type: PackageType;
  const manifest = readManifest(path.join(folder, 'package.json'));
  if (manifest !== undefined) type = manifest.type === 'module' ? 'module' : 'commonjs';
  else if (path.dirname(folder) === folder || path.basename(folder) === 'node_modules') type = 'commonjs';
  else type = typeOfFolder(path.dirname(folder));
  byFolder.set(folder, type);
  return type;
}

function readManifest(file: string): { type?: unknown } | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { type?: unknown };
  } catch (error) {
    // A package.json that cannot be parsed still ends the search, as it does for Node.
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : {};
  }
}
