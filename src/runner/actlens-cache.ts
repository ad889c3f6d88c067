/**
 * Where the training process keeps what ActLens may reuse between runs: `$XDG_CACHE_HOME/actlens/<name>`, else
 * `~/.cache/actlens/<name>` — the software GPU (gpu/software-gpu.ts) and compiled user files (loader/compile-cache.ts).
 * The CLI keeps its code cache beside them (src/cli/cached-start.ts, which the engine's layer cannot import from here).
 */
import { existsSync, mkdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function actlensCacheFolder(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cache, 'actlens', name);
}

/**
 * Makes `folder` and whatever is missing above it, one level at a time: Node 20's recursive mkdir spins forever where
 * a parent cannot hold folders (an XDG_CACHE_HOME under /proc). Throws where a level cannot be made. The CLI's
 * cached-start.ts has the same rule for its code cache: the engine's layer cannot import the runner's.
 */
export function makeFolder(folder: string): void {
  if (existsSync(folder)) return;
  const parent = path.dirname(folder);
  if (parent !== folder) makeFolder(parent);
  mkdirSync(folder);
}
