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

/**
 * TS for unknown extensions: its grammar is a superset, so it reads the most code. (A switch rather than a
 * table built at load time: the extension loads the TypeScript compiler only when it first parses.)
 */
export function scriptKindOf(fileName: string): ts.ScriptKind {
  switch (/\.[^./\\]+$/.exec(fileName)?.[0].toLowerCase() ?? '') {
    case '.js':
    case '.cjs':
    case '.mjs':
      return ts.ScriptKind.JS;
    case '.jsx':
      return ts.ScriptKind.JSX;
    case '.tsx':
      return ts.ScriptKind.TSX;
    default:
      return ts.ScriptKind.TS;
  }
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
