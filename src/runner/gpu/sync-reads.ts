/**
 * Finds, before the script runs, a synchronous tensor read (`dataSync()`, `arraySync()`, `bufferSync()`,
 * `print()`) in the script or the local files it imports. The webgpu backend cannot read synchronously in Node,
 * so `--backend auto` trains such a script on the next backend instead of letting it fail at that line.
 * A text scan, not a parse: a match in a comment only costs the GPU, never a failure.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { SUPPORTED_EXTENSIONS } from '../../core/script-files.ts';

export interface SynchronousRead {
  file: string;
  line: number;
  call: string;
}

/** Enough for any training project's own files; node_modules is never followed. */
const MAX_FILES = 200;
const SYNC_READ = /\.(dataSync|arraySync|bufferSync|print)\s*\(/;
const RELATIVE_IMPORT = /(?:require\s*\(|import\s*\(|\bfrom\s*|\bimport\s+)\s*['"](\.{1,2}\/[^'"]+)['"]/g;

export function findSynchronousRead(entry: string): SynchronousRead | null {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0 && seen.size < MAX_FILES) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const lines = text.split('\n');
    const index = lines.findIndex((line) => SYNC_READ.test(line));
    if (index !== -1) return { file, line: index + 1, call: `${SYNC_READ.exec(lines[index]!)![1]}()` };
    for (const [, specifier] of text.matchAll(RELATIVE_IMPORT)) {
      const resolved = resolveLocal(path.dirname(file), specifier!);
      if (resolved) queue.push(resolved);
    }
  }
  return null;
}

/** A relative import as Node (or a bundler's extensionless style) would find it. */
function resolveLocal(folder: string, specifier: string): string | null {
  const base = path.resolve(folder, specifier);
  const candidates = [
    base,
    // TypeScript's ESM style imports './model.js' for model.ts.
    base.replace(/\.js$/, '.ts'),
    ...SUPPORTED_EXTENSIONS.map((extension) => base + extension),
    ...SUPPORTED_EXTENSIONS.map((extension) => path.join(base, `index${extension}`)),
  ];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile()) ?? null;
}
