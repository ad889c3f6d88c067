/**
 * A user file that could not be loaded, said in one line at its file:line:column: esbuild's message for a
 * syntax error (the same words whichever module system reads the file), Node's own words — which already
 * carry the fix — for what only linking finds (a named import that a CommonJS package does not export).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceLocation } from '../../core/events.ts';
import { SCRIPT_LOAD_ERROR, syntaxErrorOf } from './compile.ts';
import { packageTypeOf } from './package-type.ts';
import type { UserFiles } from './user-files.ts';

export interface LoadFailure {
  message: string;
  location: SourceLocation | null;
}

/** V8 starts a compile or link error's stack with the file and line, then the line's text and a caret. */
const STACK_HEADER = /^(file:\/\/\S+|\/\S*|[A-Za-z]:\\\S*):(\d+)$/;

export function describeLoadFailure(error: unknown, userFiles: UserFiles): LoadFailure | null {
  const failure = error as { code?: unknown; message?: string; location?: SourceLocation | null; stack?: string };
  if (failure?.code === SCRIPT_LOAD_ERROR)
    return { message: String(failure.message), location: failure.location ?? null };
  if (!(error instanceof SyntaxError)) return null;
  const [header = '', , caret = ''] = (error.stack ?? '').split('\n');
  const match = STACK_HEADER.exec(header);
  if (!match) return null;
  const file = match[1]!.startsWith('file:') ? fileURLToPath(match[1]!) : match[1]!;
  if (!userFiles.has(file)) return null;
  const parsed = syntaxErrorOf(file, readText(file));
  if (parsed) return { message: parsed.message, location: parsed.location };
  const line = Number(match[2]);
  const column = caret.indexOf('^') + 1 || 1;
  const words = error.message
    .split('\n')
    .map((part) => part.trim())
    .filter(Boolean)
    .join(' ');
  return {
    message: `${file}:${line}:${column}: ${words}${namedImportFix(words, file)}`,
    location: { file, line, column },
  };
}

/** Node names the fix when a package is CommonJS, not when a file is; say it for both. */
function namedImportFix(message: string, importer: string): string {
  const match = /The requested module '([^']+)' does not provide an export named '([^']+)'/.exec(message);
  if (!match || !isCommonJs(match[1]!, importer)) return '';
  const [, specifier, name] = match;
  return `. It is a CommonJS module whose exports Node cannot list: import its default export and read the name from it (import pkg from '${specifier}'; const { ${name} } = pkg;).`;
}

function isCommonJs(specifier: string, importer: string): boolean {
  try {
    const file = createRequire(importer).resolve(specifier);
    const extension = path.extname(file);
    if (extension === '.cjs') return true;
    return extension === '.js' && packageTypeOf(file) === 'commonjs';
  } catch {
    return false;
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
