/**
 * The user's own code: every file outside node_modules and outside ActLens. Only these are compiled
 * (TypeScript, babel-style modules), get extensionless imports resolved, have their tfjs imports pointed at
 * the instrumented copy, and count as "the user's line" in a stack. Packages load exactly as node loads them.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export class UserFiles {
  /** @param actlensDir the folder ActLens's own bundles run from (dist/) */
  constructor(readonly actlensDir: string) {}

  has(file: string): boolean {
    return (
      path.isAbsolute(file) &&
      !file.split(/[\\/]/).includes('node_modules') &&
      !file.startsWith(this.actlensDir + path.sep)
    );
  }

  /** The same test for a module URL; non-file URLs (node:, data:) are never the user's. */
  hasUrl(url: string | undefined): boolean {
    return url !== undefined && url.startsWith('file:') && this.has(fileURLToPath(url));
  }
}
