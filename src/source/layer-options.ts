/** A layer's options object as data: each property's range and, when written as a literal, its value. */
import ts from 'typescript';
import { nodeRange } from './parse.ts';
import type { TextRange } from './parse.ts';

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

/** The property that takes effect: the last one of that name, as in JavaScript. */
export function findOption(options: LayerOptions | undefined, name: string): LayerOption | undefined {
  return options?.properties.filter((property) => property.name === name).at(-1);
}

export function readOptions(sourceFile: ts.SourceFile, literal: ts.ObjectLiteralExpression): LayerOptions {
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
    const option: LayerOption = {
      name,
      range: nodeRange(sourceFile, property),
      value: nodeRange(sourceFile, valueNode),
    };
    const literalValue = ts.isPropertyAssignment(property) ? literalOf(property.initializer) : undefined;
    if (literalValue !== undefined) option.literal = literalValue;
    properties.push(option);
  }
  return { range: nodeRange(sourceFile, literal), properties, hasSpread };
}

function propertyNameText(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) ? name.text : undefined;
}

function literalOf(node: ts.Expression): string | number | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (
    ts.isPrefixUnaryExpression(node) &&
    node.operator === ts.SyntaxKind.MinusToken &&
    ts.isNumericLiteral(node.operand)
  )
    return -Number(node.operand.text);
  return undefined;
}
