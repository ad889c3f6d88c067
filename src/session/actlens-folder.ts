/**
 * The `.actlens/` folder a workspace's runs live in. It ignores itself for git on creation (a `.gitignore`
 * holding `*`, as pytest's and ruff's caches do), so run logs never show up in `git status` or a commit. A
 * `.gitignore` already there is the user's choice and is left alone.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export const ACTLENS_FOLDER = '.actlens';

const GITIGNORE = '# Created by ActLens: its run logs and comparisons stay out of version control.\n*\n';

/** Creates `<root>/.actlens` (if needed) with its `.gitignore`; returns the folder. */
export function ensureActLensFolder(root: string): string {
  const folder = path.join(root, ACTLENS_FOLDER);
  mkdirSync(folder, { recursive: true });
  const gitignore = path.join(folder, '.gitignore');
  if (!existsSync(gitignore)) {
    try {
      writeFileSync(gitignore, GITIGNORE, { flag: 'wx' });
    } catch (error) {
      // Written meanwhile by a run started at the same time: that one is as good.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return folder;
}
