/**
 * The ES-module side of loading the user's files: Node's module customization hooks (module.register), built
 * on their own as dist/runner-hooks.mjs and run on Node's loader thread. Same rules as the CommonJS side:
 * user files compiled when they need it, their tfjs imports pointed at the instrumented namespace,
 * extensionless and TypeScript-style (`./model.js` for model.ts) relative imports resolved; packages load
 * exactly as Node loads them.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compileUserFile } from './compile.ts';
import { TFJS_IMPORT, TFJS_URL_SCHEME, tfjsModuleSource } from './tfjs-module.ts';
import { UserFiles } from './user-files.ts';

export interface EsmHooksData {
  actlensDir: string;
  /** Every name the tfjs namespace exports. */
  tfjsExportNames: string[];
}

interface ResolveContext {
  parentURL?: string;
}
interface ResolveResult {
  url: string;
  format?: string | null;
  shortCircuit?: boolean;
}
interface LoadResult {
  format: string;
  source?: string | null;
  shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context?: ResolveContext) => Promise<ResolveResult>;
type NextLoad = (url: string, context?: { format?: string | null }) => Promise<LoadResult>;

const RESOLVABLE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.jsx', '.json'];

let userFiles = new UserFiles('');
let tfjsExportNames: string[] = [];

export function initialize(data: EsmHooksData): void {
  userFiles = new UserFiles(data.actlensDir);
  tfjsExportNames = data.tfjsExportNames;
}

export async function resolve(
  specifier: string,
  context: ResolveContext,
  nextResolve: NextResolve,
): Promise<ResolveResult> {
  if (!userFiles.hasUrl(context.parentURL)) return nextResolve(specifier, context);
  if (TFJS_IMPORT.test(specifier)) return { url: `${TFJS_URL_SCHEME}${specifier}`, shortCircuit: true };
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const found = isRelative(specifier) ? await resolveLikeTypeScript(specifier, context, nextResolve) : null;
    if (found) return found;
    throw error;
  }
}

export async function load(url: string, context: { format?: string | null }, nextLoad: NextLoad): Promise<LoadResult> {
  if (url.startsWith(TFJS_URL_SCHEME)) {
    const specifier = url.slice(TFJS_URL_SCHEME.length);
    return { format: 'module', source: tfjsModuleSource(specifier, tfjsExportNames), shortCircuit: true };
  }
  if (!userFiles.hasUrl(url) || path.extname(url) === '.json') return nextLoad(url, context);
  const file = fileURLToPath(url);
  const source = await readFile(file, 'utf8');
  const compiled = compileUserFile(file, source);
  // CommonJS without a source goes to Node's CommonJS loader, where commonjs-hooks.ts compiles it.
  if (compiled.format === 'commonjs') return { format: 'commonjs', source: null, shortCircuit: true };
  return { format: 'module', source: compiled.code ?? source, shortCircuit: true };
}

function isRelative(specifier: string): boolean {
  return /^\.\.?\//.test(specifier) || specifier.startsWith('file:') || path.isAbsolute(specifier);
}

/** `./model` → model.ts, model.js, …, model/index.*; `./model.js` → model.ts (TypeScript's own convention). */
async function resolveLikeTypeScript(
  specifier: string,
  context: ResolveContext,
  nextResolve: NextResolve,
): Promise<ResolveResult | null> {
  const base = new URL(specifier, context.parentURL);
  const stem = base.pathname.replace(/\.([cm]?)js$/, '');
  const twin = stem !== base.pathname ? [base.pathname.replace(/\.([cm]?)js$/, '.$1ts')] : [];
  const candidates = [
    ...twin,
    ...RESOLVABLE_EXTENSIONS.map((extension) => base.pathname + extension),
    ...RESOLVABLE_EXTENSIONS.map((extension) => `${base.pathname}/index${extension}`),
  ];
  for (const candidate of candidates) {
    try {
      return await nextResolve(pathToFileURL(decodeURIComponent(candidate)).href, context);
    } catch {
      // Try the next spelling.
    }
  }
  return null;
}
