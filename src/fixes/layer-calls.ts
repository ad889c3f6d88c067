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
import { parseSource } from './parse.ts';

export interface TextRange {
  start: number;
  end: number;
}

export interface LayerOption {
  name: string;
  /** The whole property, `name: value`. */
  range: TextRange;
  value: TextRange;
  /** The value when it is written as a string or number literal; absent for anything else (a variable, a call, shorthand `{ units }`). */
  literal?: string | number;
}

export interface LayerOptions {
  /** The `{ … }` object literal passed as the first argument. */
  range: TextRange;
  properties: LayerOption[];
  /** `{ ...base, units: 8 }`: options may come from an object this code cannot read. */
  hasSpread: boolean;
}

/** How the layer reaches a model: what "right after this layer" means for inserting another. */
export type LayerCallContext = 'sequential-add' | 'functional-apply' | 'sequential-array' | 'other';

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
}

/** The syntax a rewrite needs to place a new layer right after this one. */
export type LayerSite =
  | { context: 'sequential-add'; addCall: ts.CallExpression; model: ts.Expression }
  | { context: 'functional-apply'; applyCall: ts.CallExpression }
  | { context: 'sequential-array'; array: ts.ArrayLiteralExpression; element: ts.Expression }
  | { context: 'other'; holder: ts.Node };

export interface ScannedLayerCall {
  call: LayerCall;
  node: ts.CallExpression;
  optionsNode?: ts.ObjectLiteralExpression;
  site: LayerSite;
}

export function findLayerCalls(sourceText: string, fileName: string): LayerCall[] {
  return scanLayerCalls(parseSource(sourceText, fileName)).map((scanned) => scanned.call);
}

/**
 * The layer call at a reported location: the one whose callee starts exactly there, else the innermost one
 * whose range contains it, else the only layer call on that line.
 */
export function layerCallAt(sourceText: string, fileName: string, at: { line: number; column: number }): LayerCall | undefined {
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

/**
 * Local names bound to the `tf.layers` namespace: `import { layers as tfl } from '@tensorflow/tfjs'`,
 * `const { layers } = require('@tensorflow/tfjs-node')`, `const tfl = tf.layers`.
 */
function layersNamespaceAliases(sourceFile: ts.SourceFile): Set<string> {
  const aliases = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && node.moduleSpecifier.text.startsWith('@tensorflow/tfjs')) {
      const bindings = node.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          if ((element.propertyName ?? element.name).text === 'layers') aliases.add(element.name.text);
        }
      }
    } else if (ts.isVariableDeclaration(node)) {
      if (ts.isIdentifier(node.name) && node.initializer && isLayersNamespaceAccess(node.initializer)) aliases.add(node.name.text);
      if (ts.isObjectBindingPattern(node.name)) {
        for (const element of node.name.elements) {
          const imported = element.propertyName ?? element.name;
          if (ts.isIdentifier(imported) && imported.text === 'layers' && ts.isIdentifier(element.name)) aliases.add(element.name.text);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return aliases;
}

function isLayersNamespaceAccess(node: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(node) && node.name.text === 'layers';
}

function scanCall(sourceFile: ts.SourceFile, node: ts.CallExpression, aliases: ReadonlySet<string>): ScannedLayerCall | undefined {
  const callee = node.expression;
  if (!ts.isPropertyAccessExpression(callee) || !LAYER_FACTORIES.has(callee.name.text)) return undefined;
  const namespace = callee.expression;
  if (!isLayersNamespaceAccess(namespace) && !(ts.isIdentifier(namespace) && aliases.has(namespace.text))) return undefined;

  const start = node.getStart(sourceFile);
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(start);
  const firstArgument = node.arguments[0];
  const optionsNode = firstArgument && ts.isObjectLiteralExpression(firstArgument) ? firstArgument : undefined;
  const options = optionsNode && readOptions(sourceFile, optionsNode);
  const site = siteOf(node);
  const call: LayerCall = {
    factory: callee.name.text,
    factoryRange: rangeOf(sourceFile, callee.name),
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
  return { call, node, site, ...(optionsNode && { optionsNode }) };
}

/** The property that takes effect: the last one of that name, as in JavaScript. */
export function findOption(options: LayerOptions | undefined, name: string): LayerOption | undefined {
  return options?.properties.filter((property) => property.name === name).at(-1);
}

function readOptions(sourceFile: ts.SourceFile, literal: ts.ObjectLiteralExpression): LayerOptions {
  const properties: LayerOption[] = [];
  let hasSpread = false;
  for (const property of literal.properties) {
    if (ts.isSpreadAssignment(property)) {
      hasSpread = true;
      continue;
    }
    const name = property.name && propertyNameText(property.name);
    if (name === undefined) continue;
    const valueNode = ts.isPropertyAssignment(property) ? property.initializer : property;
    const option: LayerOption = { name, range: rangeOf(sourceFile, property), value: rangeOf(sourceFile, valueNode) };
    const literalValue = ts.isPropertyAssignment(property) ? literalOf(property.initializer) : undefined;
    if (literalValue !== undefined) option.literal = literalValue;
    properties.push(option);
  }
  return { range: rangeOf(sourceFile, literal), properties, hasSpread };
}

function propertyNameText(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) ? name.text : undefined;
}

function literalOf(node: ts.Expression): string | number | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand)) return -Number(node.operand.text);
  return undefined;
}

function rangeOf(sourceFile: ts.SourceFile, node: ts.Node): TextRange {
  return { start: node.getStart(sourceFile), end: node.end };
}

/** Wrappers that leave the value as it is: `(layer)`, `layer as Layer`, `layer!`, `layer satisfies Layer`. */
function outermostValue(node: ts.Expression): ts.Expression {
  let current = node;
  while (
    (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent) || ts.isSatisfiesExpression(current.parent)
      || ts.isNonNullExpression(current.parent) || ts.isTypeAssertionExpression(current.parent))
    && current.parent.expression === current
  ) {
    current = current.parent;
  }
  return current;
}

function siteOf(node: ts.CallExpression): LayerSite {
  const value = outermostValue(node);
  const parent = value.parent;
  if (
    ts.isCallExpression(parent) && parent.arguments.length === 1 && parent.arguments[0] === value
    && ts.isPropertyAccessExpression(parent.expression) && parent.expression.name.text === 'add'
  ) {
    return { context: 'sequential-add', addCall: parent, model: parent.expression.expression };
  }
  if (
    ts.isPropertyAccessExpression(parent) && parent.expression === value && parent.name.text === 'apply'
    && ts.isCallExpression(parent.parent) && parent.parent.expression === parent
  ) {
    return { context: 'functional-apply', applyCall: parent.parent };
  }
  if (ts.isArrayLiteralExpression(parent)) return { context: 'sequential-array', array: parent, element: value };
  return { context: 'other', holder: parent };
}
