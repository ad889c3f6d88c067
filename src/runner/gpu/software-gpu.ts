/**
 * Where ActLens keeps its software GPU: Mesa's lavapipe Vulkan driver, unpacked by `npm run setup:software-gpu`
 * (scripts/install-software-gpu.ts) into the user's cache, never into the system. Tests and GPU-less machines
 * train on it with `--backend webgpu`; `--backend auto` never picks it (it is a fallback adapter).
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { actlensCacheFolder } from '../actlens-cache.ts';

/** The Vulkan ICD manifest naming the unpacked driver by absolute path. */
export const SOFTWARE_GPU_ICD_FILE = 'lvp_icd.json';

/** `$XDG_CACHE_HOME/actlens/software-gpu`, else `~/.cache/actlens/software-gpu`. */
export function softwareGpuFolder(env: NodeJS.ProcessEnv = process.env): string {
  return actlensCacheFolder('software-gpu', env);
}

/** The ICD manifest of the installed software GPU, or null when it is not installed (or its driver file is gone). */
export function installedSoftwareGpuIcd(env: NodeJS.ProcessEnv = process.env): string | null {
  const manifest = path.join(softwareGpuFolder(env), SOFTWARE_GPU_ICD_FILE);
  if (!existsSync(manifest)) return null;
  try {
    const library = (JSON.parse(readFileSync(manifest, 'utf8')) as { ICD?: { library_path?: string } }).ICD
      ?.library_path;
    return library && path.isAbsolute(library) && existsSync(library) ? manifest : null;
  } catch {
    return null;
  }
}
