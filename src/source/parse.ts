/**
 * Parsing user scripts for static reading and rewriting. The TypeScript parser reads JS and TS alike;
 * the file's extension decides which grammar applies (type annotations are errors in a .js file).
 */
import ts from 'typescript';

/** Offsets into a file's text, end exclusive. */
export interface TextRange {
  start: number;
  end: number;
}

const SCRIPT_KINDS: Record<string, ts.ScriptKind> = {
  '.js': ts.ScriptKind.JS,
  '.cjs': ts.ScriptKind.JS,
  '.mjs': ts.ScriptKind.JS,
  '.jsx': ts.ScriptKind.JSX,
  '.ts': ts.ScriptKind.TS,
  '.cts': ts.ScriptKind.TS,
  '.mts': ts.ScriptKind.TS,
  '.tsx': ts.ScriptKind.TSX,
};

/** TS for unknown extensions: its grammar is a superset, so it reads the most code. */
export function scriptKindOf(fileName: string): ts.ScriptKind {
  const extension = /\.[^./\\]+$/.exec(fileName)?.[0].toLowerCase() ?? '';
  return SCRIPT_KINDS[extension] ?? ts.ScriptKind.TS;
}

export function parseSource(sourceText: string, fileName: string): ts.SourceFile {
  return ts.createSourceFile(fileName, sourceText, ts.ScriptTarget.Latest, true, scriptKindOf(fileName));
}

/**
 * The syntax errors in `sourceText` as messages. `transpileModule` is the public, in-memory way to get
 * the parser's diagnostics (plus the grammar checks that depend on the file being JS or TS).
 */
export function syntaxErrors(sourceText: string, fileName: string): string[] {
  const { diagnostics = [] } = ts.transpileModule(sourceText, { fileName, reportDiagnostics: true });
  return diagnostics
    .filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error)
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}

/** A node's range without its leading trivia (comments, whitespace). */
export function nodeRange(sourceFile: ts.SourceFile, node: ts.Node): TextRange {
  return { start: node.getStart(sourceFile), end: node.end };
}
