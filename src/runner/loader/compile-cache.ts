/**
 * Compiled user files kept between runs, in actlens-cache.ts's `compiled` folder: one file per compile, named by a
 * hash of everything its output depends on (compile.ts: esbuild's version, the transform's options — the file's path
 * among them, which its source map names — and the file's text). A hit skips esbuild: loading it and starting its
 * service process took ~130 ms of every run of a TypeScript or babel-style script before the script's first line
 * (docs/performance.md, "Start-up"). Only compiles that succeed are kept: a file that does not parse goes to esbuild
 * every time, for its message.
 *
 * The `maxEntries` files used last are kept (a hit touches its file). A cache that cannot be read or written costs
 * only the compile it would have saved; an entry is written beside its place and renamed into it, so that a run never
 * reads half of one that another run — or the loader thread of the same run — is writing.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { makeFolder } from '../actlens-cache.ts';

/**
 * An entry is the compiled text with its source map, ~1.6× its file (examples/typescript-mlp.ts: 1.3 → 2.1 kB): some
 * 10 MB in all for files of a few hundred lines.
 */
export const MAX_ENTRIES = 500;

export class CompileCache {
  constructor(
    readonly folder: string,
    private readonly maxEntries = MAX_ENTRIES,
  ) {}

  /** What `compile` gives for `inputs` (every input its output depends on): kept from an earlier run, or compiled now. */
  compiled(inputs: readonly string[], compile: () => string): string {
    const entry = path.join(this.folder, `${createHash('sha256').update(JSON.stringify(inputs)).digest('hex')}.js`);
    const kept = readUsed(entry);
    if (kept !== null) return kept;
    const code = compile();
    this.keep(entry, code);
    return code;
  }

  private keep(entry: string, code: string): void {
    const temporary = `${entry}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      makeFolder(this.folder);
      writeFileSync(temporary, code);
      renameSync(temporary, entry);
      this.prune();
    } catch {
      // A read-only home, a full disk: the next run compiles again, and no temporary file is left behind.
      try {
        rmSync(temporary, { force: true });
      } catch {
        // Nowhere to write means nothing was written.
      }
    }
  }

  /** The files used longest ago, beyond `maxEntries` (a temporary one a killed run left behind among them). */
  private prune(): void {
    const names = readdirSync(this.folder);
    if (names.length <= this.maxEntries) return;
    const files = names
      .map((name) => path.join(this.folder, name))
      .map((file) => ({ file, used: lastUsed(file) }))
      .sort((a, b) => a.used - b.used);
    for (const { file } of files.slice(0, files.length - this.maxEntries)) rmSync(file, { force: true });
  }
}

/** An entry's text, its file touched so that pruning keeps it; null where there is none (or it cannot be read). */
function readUsed(entry: string): string | null {
  let code: string;
  try {
    code = readFileSync(entry, 'utf8');
  } catch {
    return null;
  }
  try {
    const now = new Date();
    utimesSync(entry, now, now);
  } catch {
    // Read but not touched (a read-only cache): pruned sooner, nothing worse.
  }
  return code;
}

/** When a file was last used; one another run removed meanwhile counts as the oldest. */
function lastUsed(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
