/**
 * Whether a Linux machine has any Vulkan driver installed, read from the loader's manifest folders without loading
 * anything: `--backend auto` then skips Dawn (about 100 ms) on the many machines that have none.
 */
import { existsSync, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The folders the Vulkan loader reads ICD manifests from (its documented search path on Linux). */
export function manifestFolders(env: NodeJS.ProcessEnv = process.env): string[] {
  const dataDirs = (env.XDG_DATA_DIRS || '/usr/local/share:/usr/share').split(':');
  const configDirs = (env.XDG_CONFIG_DIRS || '/etc/xdg').split(':');
  const home = env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  return [...configDirs, '/etc', ...dataDirs, home].filter(Boolean).map((dir) => path.join(dir, 'vulkan', 'icd.d'));
}

export function hasVulkanDriver(env: NodeJS.ProcessEnv = process.env): boolean {
  if (process.platform !== 'linux') return true;
  if (env.VK_DRIVER_FILES || env.VK_ICD_FILENAMES || env.VK_ADD_DRIVER_FILES) return true;
  return manifestFolders(env).some((folder) => {
    try {
      return existsSync(folder) && readdirSync(folder).some((file) => file.endsWith('.json'));
    } catch {
      return false;
    }
  });
}

/** An NVIDIA GPU's device node, when there is one: a GPU Dawn cannot see then needs its Vulkan driver installed. */
export function nvidiaDevice(): string | null {
  return process.platform === 'linux' && existsSync('/dev/nvidia0') ? '/dev/nvidia0' : null;
}
