/**
 * The layers the compiler enforces (docs/architecture.md, "TypeScript projects"): an import in the wrong
 * direction fails type-checking with a specific error, and ESLint's no-restricted-imports says why.
 *
 * The probe files are never written to disk. Each is a virtual file inside a project's folder, served by a
 * compiler host that reads everything else from disk, and type-checked by a program built from that
 * project's real tsconfig.json (its lib, types, composite and references). So nothing is left behind when a
 * test fails or is killed, the test files running beside this one never see a stray source file, and no
 * build output (.cache/tsc) is read or written: like the editor's language service, the program reads the
 * referenced projects' sources instead of their built declarations (useSourceOfProjectReferenceRedirect).
 * ESLint lints the same text under the same (non-existent) path with lintText.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');
const PROBE = '__layering_probe__.ts';

/** Source files read from disk, parsed once for all the programs below (the lib and @types files are most of the time). */
const parsed = new Map<string, ts.SourceFile | undefined>();

/** Type-checks `code` as `<folder>/__layering_probe__.ts` in the TypeScript project of `folder`. */
function typeCheck(
  folder: string,
  code: string,
): { probe: string; project: string; diagnostics: readonly ts.Diagnostic[] } {
  const project = path.join(ROOT, folder, 'tsconfig.json');
  const probe = path.join(ROOT, folder, PROBE);
  const config = ts.getParsedCommandLineOfConfigFile(
    project,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) =>
        assert.fail(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')),
    },
  );
  assert.ok(config, `${project} parses`);
  assert.deepEqual(config.errors, [], `${project} has no errors`);
  const base = ts.createCompilerHost(config.options);
  const isProbe = (fileName: string) => path.resolve(fileName) === probe;
  const host: ts.CompilerHost & { useSourceOfProjectReferenceRedirect(): boolean } = {
    ...base,
    fileExists: (fileName) => isProbe(fileName) || base.fileExists(fileName),
    readFile: (fileName) => (isProbe(fileName) ? code : base.readFile(fileName)),
    getSourceFile: (fileName, languageVersion, ...rest) => {
      if (isProbe(fileName)) return ts.createSourceFile(fileName, code, languageVersion, true);
      const key = `${fileName}\0${JSON.stringify(languageVersion)}`;
      if (!parsed.has(key)) parsed.set(key, base.getSourceFile(fileName, languageVersion, ...rest));
      return parsed.get(key);
    },
    useSourceOfProjectReferenceRedirect: () => true,
  };
  // The probe joins the project's own files: a composite project must list every file it compiles, so a file
  // the probe pulls in that is neither the project's own nor a referenced project's is an error (TS6307), as
  // in `tsc -b`.
  const rootNames = [...config.fileNames.filter((fileName) => !isProbe(fileName)), probe];
  const program = ts.createProgram({
    rootNames,
    options: config.options,
    projectReferences: config.projectReferences ?? [],
    host,
  });
  const sourceFile = program.getSourceFile(probe);
  assert.ok(sourceFile, 'the probe is in the program');
  return { probe, project, diagnostics: ts.getPreEmitDiagnostics(program, sourceFile) };
}

const summarize = (diagnostics: readonly ts.Diagnostic[]) =>
  diagnostics.map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`).join('\n') || '(none)';

/** `code` in `folder`'s project pulls in `file`, which that project neither owns nor references: TS6307. */
function assertNotInProject(folder: string, code: string, file: string): void {
  const { project, diagnostics } = typeCheck(folder, code);
  const unlisted = diagnostics
    .filter((d) => d.code === 6307)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  const expected = `File '${path.join(ROOT, file)}' is not listed within the file list of project '${project}'`;
  assert.ok(
    unlisted.some((text) => text.includes(expected)),
    summarize(diagnostics),
  );
}

const eslint = new ESLint({ cwd: ROOT });

/** The no-restricted-imports messages ESLint gives `code` as `<folder>/__layering_probe__.ts`. */
async function restrictedImports(folder: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, folder, PROBE) });
  assert.ok(result);
  assert.deepEqual(
    result.messages.filter((m) => m.ruleId !== 'no-restricted-imports'),
    [],
    'no other lint problems in the probe',
  );
  return result.messages.map((m) => m.message);
}

test('src/core: zod and core itself type-check and lint clean (the probe set-up works)', async () => {
  const code =
    "import { z } from 'zod';\nimport { formatNumber } from './format.ts';\nexport const probe = z.string().transform((s) => formatNumber(Number(s)));\n";
  const { diagnostics } = typeCheck('src/core', code);
  assert.equal(diagnostics.length, 0, summarize(diagnostics));
  assert.deepEqual(await restrictedImports('src/core', code), []);
});

test('src/core: importing node:fs fails to type-check (no Node types) and ESLint says why', async () => {
  const code = "import { readFileSync } from 'node:fs';\nexport const probe = readFileSync;\n";
  const { diagnostics } = typeCheck('src/core', code);
  const missing = diagnostics.filter((d) => d.code === 2307);
  assert.equal(missing.length, 1, summarize(diagnostics));
  assert.match(ts.flattenDiagnosticMessageText(missing[0]!.messageText, '\n'), /Cannot find module 'node:fs'/);
  const [message, ...more] = await restrictedImports('src/core', code);
  assert.deepEqual(more, []);
  assert.match(message ?? '', /'node:fs' import is restricted/);
  assert.match(message ?? '', /src\/core is shared by the browser panel and every host: no node:\*/);
});

test('src/core: importing another ActLens folder fails to type-check (TS6307)', () => {
  const code = "import { DEFAULT_SEED } from '../session/session.ts';\nexport const probe = DEFAULT_SEED;\n";
  assertNotInProject('src/core', code, 'src/session/session.ts');
});

test('webview: importing src/core type-checks and lints clean (the probe set-up works)', async () => {
  const code =
    "import { formatNumber } from '../src/core/format.ts';\nexport const probe = (value: number) => document.createTextNode(formatNumber(value));\n";
  const { diagnostics } = typeCheck('webview', code);
  assert.equal(diagnostics.length, 0, summarize(diagnostics));
  assert.deepEqual(await restrictedImports('webview', code), []);
});

test("webview: importing src/session fails to type-check (TS6307: not in the panel's project) and ESLint says why", async () => {
  const code = "import { DEFAULT_SEED } from '../src/session/session.ts';\nexport const probe = DEFAULT_SEED;\n";
  assertNotInProject('webview', code, 'src/session/session.ts');
  const [message, ...more] = await restrictedImports('webview', code);
  assert.deepEqual(more, []);
  assert.match(message ?? '', /'\.\.\/src\/session\/session\.ts' import is restricted/);
  assert.match(
    message ?? '',
    /the panel runs in a browser sandbox and talks to the host only through messages: import from src\/core only/,
  );
});

test('src/runner: importing the engine fails to type-check (TS6307) and ESLint says why', async () => {
  const code = "import { DEFAULT_SEED } from '../session/session.ts';\nexport const probe = DEFAULT_SEED;\n";
  assertNotInProject('src/runner', code, 'src/session/session.ts');
  const [message, ...more] = await restrictedImports('src/runner', code);
  assert.deepEqual(more, []);
  assert.match(message ?? '', /src\/runner runs inside the user's training process/);
});

test('ESLint: the engine may not import vscode (the compiler would let it: @types/vscode resolves by name)', async () => {
  const [message, ...more] = await restrictedImports(
    'src/session',
    "import * as vscode from 'vscode';\nexport const probe = vscode;\n",
  );
  assert.deepEqual(more, []);
  assert.match(message ?? '', /the engine .* is shared by the CLI and the extension/);
});
