/** Everything a rewrite reads about one file, parsed once. */
import type ts from 'typescript';
import { scanLayerCalls, type ScannedLayerCall } from '../source/layer-calls.ts';
import { parseSource } from '../source/parse.ts';
import { detectStyle, type SourceStyle } from '../source/source-style.ts';
import type { TextEdit } from './text-edit.ts';

export interface EditContext {
  sourceFile: ts.SourceFile;
  text: string;
  style: SourceStyle;
  calls: ScannedLayerCall[];
}

export function createEditContext(sourceText: string, fileName: string): EditContext {
  const sourceFile = parseSource(sourceText, fileName);
  return { sourceFile, text: sourceText, style: detectStyle(sourceFile), calls: scanLayerCalls(sourceFile) };
}

export function insertAt(position: number, newText: string): TextEdit {
  return { start: position, end: position, newText };
}

/** A short, one-line quote of some code for a reason message. */
export function snippet(context: EditContext, node: ts.Node): string {
  const text = node.getText(context.sourceFile).replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
