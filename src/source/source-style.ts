/**
 * How the file is written, so inserted code looks like the code around it: line breaks, the indent step,
 * the quote character, whether statements end with semicolons.
 */
import ts from 'typescript';

export interface SourceStyle {
  newline: string;
  indentUnit: string;
  quote: string;
  semicolons: boolean;
}

export function detectStyle(sourceFile: ts.SourceFile): SourceStyle {
  const text = sourceFile.text;
  return {
    newline: text.includes('\r\n') ? '\r\n' : '\n',
    indentUnit: detectIndentUnit(text),
    quote: detectQuote(sourceFile),
    semicolons: detectSemicolons(sourceFile),
  };
}

/** The first step by which a line is indented deeper than the line before; two spaces when nothing is indented. */
function detectIndentUnit(text: string): string {
  let previous = '';
  for (const line of text.split(/\r?\n/)) {
    const indent = /^[ \t]*/.exec(line)![0];
    const content = line.slice(indent.length);
    // Blank lines and the ` * ` of block comments say nothing about the indent step.
    if (content === '' || content.startsWith('*')) continue;
    if (indent.length > previous.length && indent.startsWith(previous)) return indent.slice(previous.length);
    previous = indent;
  }
  return '  ';
}

/** The quote most string literals use; single quotes when the file has none. */
function detectQuote(sourceFile: ts.SourceFile): string {
  let single = 0;
  let double = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node)) {
      if (sourceFile.text[node.getStart(sourceFile)] === '"') double += 1;
      else single += 1;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return double > single ? '"' : "'";
}

/** Semicolons unless most statements that could end with one do not. */
function detectSemicolons(sourceFile: ts.SourceFile): boolean {
  let withSemicolon = 0;
  let without = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isExpressionStatement(node) || ts.isVariableStatement(node) || ts.isImportDeclaration(node)) {
      if (node.getText(sourceFile).endsWith(';')) withSemicolon += 1;
      else without += 1;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return withSemicolon >= without;
}

/** The leading whitespace of the line that contains `position`. */
export function lineIndentAt(text: string, position: number): string {
  const lineStart = text.lastIndexOf('\n', position - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** Whether only whitespace precedes `position` on its line. */
export function startsLine(text: string, position: number): boolean {
  const lineStart = text.lastIndexOf('\n', position - 1) + 1;
  return text.slice(lineStart, position).trim() === '';
}

/** The end of the comments that follow `position` on the same line (`x, // why`), or `position` itself. */
export function afterTrailingComments(text: string, position: number): number {
  return ts.getTrailingCommentRanges(text, position)?.at(-1)?.end ?? position;
}

/** The start of the next token after `position`, skipping whitespace and comments. */
export function nextTokenStart(sourceFile: ts.SourceFile, position: number): number {
  const scanner = ts.createScanner(
    ts.ScriptTarget.Latest,
    true,
    sourceFile.languageVariant,
    sourceFile.text,
    undefined,
    position,
  );
  scanner.scan();
  return scanner.getTokenStart();
}
