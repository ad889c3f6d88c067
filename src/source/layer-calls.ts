/**
 * Finding tfjs layer factory calls in a user's script: `tf.layers.dense({…})`, `layers.dense(…)` after
 * `import { layers } from '@tensorflow/tfjs'`, `tfl.dense(…)` after `const tfl = tf.layers`. Only factory
 * calls count (tfjs code builds layers with them; `new Dense(…)` is internal API).
 *
 * The runner reports a layer at the start of its factory call's callee (the `t` of `tf.layers.dense(`),
 * 1-based, so that is the position every LayerCall carries.
 */
import ts from 'typescript';
import { LAYER_FACTORIES } from './layer-factories.ts';
import { findOption, readOptions, type LayerOptions } from './layer-options.ts';
import { loopsAround, modelContainerOf, type LayerLoop, type ModelContainer } from './layer-loops.ts';
import { siteOf, type LayerCallContext, type LayerSite } from './layer-site.ts';
import { isLayersNamespace, layersNamespaceAliases } from './layers-namespace.ts';
import { nodeRange, parseSource } from './parse.ts';
import type { TextRange } from './parse.ts';

export { findOption, type LayerOption, type LayerOptions } from './layer-options.ts';
export type { LayerCallContext, LayerLoop, LayerSite, ModelContainer, TextRange };

export interface LayerCall {
  /** The factory's name as tfjs spells it: 'dense', 'conv2d', 'leakyReLU', 'dropout', … */
  factory: string;
  /** Where the factory's name is written (`dense` of `tf.layers.dense(`). */
  factoryRange: TextRange;
  /** The namespace expression as the file writes it (`tf.layers`, `layers`, `tfl`), for writing new layers the same way. */
  namespace: string;
  callStart: number;
  callEnd: number;
  /** 1-based, of the start of the callee expression. */
  line: number;
  column: number;
  /** An object literal (see `options`), no argument at all, or an expression (a variable, a call) that cannot be read here. */
  optionsKind: 'literal' | 'none' | 'expression';
  options?: LayerOptions;
  /** These three only when written as string literals. */
  activation?: string;
  kernelInitializer?: string;
  /** The tfjs layer name given with `name: '…'`: the name the layer will have at run time. */
  name?: string;
  context: LayerCallContext;
  /**
   * The loops around the call inside its model's assembly, outermost first: the call adds one layer per
   * iteration. Absent when there are none.
   */
  loops?: LayerLoop[];
  /**
   * Inside a loop, how many layers the call adds to one chain is not known: it runs only under a condition, or
   * (functional API) its layer is not applied to the previous iteration's output (`x = layer.apply(x)`), so the
   * iterations may be parallel branches.
   */
  countUnknown?: true;
}

export interface ScannedLayerCall {
  call: LayerCall;
  node: ts.CallExpression;
  optionsNode?: ts.ObjectLiteralExpression;
  site: LayerSite;
  /** Where the layer's model is assembled. */
  container: ModelContainer;
}

export function findLayerCalls(sourceText: string, fileName: string): LayerCall[] {
  return scanLayerCalls(parseSource(sourceText, fileName)).map((scanned) => scanned.call);
}

/**
 * The layer call at a reported location: the one whose callee starts exactly there, else the innermost one
 * whose range contains it, else the only layer call on that line.
 */
export function layerCallAt(
  sourceText: string,
  fileName: string,
  at: { line: number; column: number },
): LayerCall | undefined {
  const sourceFile = parseSource(sourceText, fileName);
  return scannedLayerCallAt(sourceFile, scanLayerCalls(sourceFile), at)?.call;
}

export function scannedLayerCallAt(
  sourceFile: ts.SourceFile,
  calls: readonly ScannedLayerCall[],
  at: { line: number; column: number },
): ScannedLayerCall | undefined {
  const exact = calls.find(({ call }) => call.line === at.line && call.column === at.column);
  if (exact) return exact;
  const position = positionOf(sourceFile, at);
  if (position === undefined) return undefined;
  const containing = calls
    .filter(({ call }) => call.callStart <= position && position < call.callEnd)
    .sort((a, b) => a.call.callEnd - a.call.callStart - (b.call.callEnd - b.call.callStart));
  if (containing.length > 0) return containing[0];
  const onLine = calls.filter(({ call }) => call.line === at.line);
  return onLine.length === 1 ? onLine[0] : undefined;
}

export function scanLayerCalls(sourceFile: ts.SourceFile): ScannedLayerCall[] {
  const aliases = layersNamespaceAliases(sourceFile);
  const found: ScannedLayerCall[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const scanned = scanCall(sourceFile, node, aliases);
      if (scanned) found.push(scanned);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** 0-based offset of a 1-based line/column, clamped to the line's end; undefined past the last line. */
function positionOf(sourceFile: ts.SourceFile, at: { line: number; column: number }): number | undefined {
  const lineStarts = sourceFile.getLineStarts();
  if (at.line < 1 || at.line > lineStarts.length) return undefined;
  const lineEnd = lineStarts[at.line] ?? sourceFile.text.length;
  return Math.min(lineStarts[at.line - 1]! + Math.max(at.column - 1, 0), lineEnd);
}

function scanCall(
  sourceFile: ts.SourceFile,
  node: ts.CallExpression,
  aliases: ReadonlySet<string>,
): ScannedLayerCall | undefined {
  const callee = node.expression;
  if (!ts.isPropertyAccessExpression(callee) || !LAYER_FACTORIES.has(callee.name.text)) return undefined;
  const namespace = callee.expression;
  if (!isLayersNamespace(namespace, aliases)) return undefined;

  const start = node.getStart(sourceFile);
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(start);
  const firstArgument = node.arguments[0];
  const optionsNode = firstArgument && ts.isObjectLiteralExpression(firstArgument) ? firstArgument : undefined;
  const options = optionsNode && readOptions(sourceFile, optionsNode);
  const site = siteOf(node);
  const call: LayerCall = {
    factory: callee.name.text,
    factoryRange: nodeRange(sourceFile, callee.name),
    namespace: namespace.getText(sourceFile),
    callStart: start,
    callEnd: node.end,
    line: line + 1,
    column: character + 1,
    optionsKind: options ? 'literal' : firstArgument ? 'expression' : 'none',
    context: site.context,
  };
  if (options) {
    call.options = options;
    for (const key of ['activation', 'kernelInitializer', 'name'] as const) {
      const literal = findOption(options, key)?.literal;
      if (typeof literal === 'string') call[key] = literal;
    }
  }
  const container = modelContainerOf(node, site);
  const { loops, conditional } = loopsAround(sourceFile, node, container);
  if (loops.length > 0) {
    call.loops = loops;
    if (conditional || (container.kind === 'scope' && !chainsForward(site))) call.countUnknown = true;
  }
  return { call, node, site, container, ...(optionsNode && { optionsNode }) };
}

/** `x = layer.apply(x)`: each iteration feeds the previous one's output on. */
function chainsForward(site: LayerSite): boolean {
  if (site.context !== 'functional-apply') return false;
  const { applyCall } = site;
  const input = applyCall.arguments[0];
  const assignment = applyCall.parent;
  return (
    input !== undefined &&
    ts.isIdentifier(input) &&
    ts.isBinaryExpression(assignment) &&
    assignment.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    assignment.right === applyCall &&
    ts.isIdentifier(assignment.left) &&
    assignment.left.text === input.text
  );
}
