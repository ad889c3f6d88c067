/**
 * How a layer call reaches its model, from the syntax around it: `model.add(layer)`, an element of a layers
 * array, `layer.apply(x)` in the functional API, or something else (a variable, a return value).
 */
import ts from 'typescript';

/** The syntax a rewrite needs to place a new layer right after this one. */
export type LayerSite =
  | { context: 'sequential-add'; addCall: ts.CallExpression; model: ts.Expression }
  | { context: 'functional-apply'; applyCall: ts.CallExpression }
  | { context: 'sequential-array'; array: ts.ArrayLiteralExpression; element: ts.Expression }
  | { context: 'other'; holder: ts.Node };

export type LayerCallContext = LayerSite['context'];

/** Wrappers that leave the value as it is: `(layer)`, `layer as Layer`, `layer!`, `layer satisfies Layer`. */
function outermostValue(node: ts.Expression): ts.Expression {
  let current = node;
  while (
    (ts.isParenthesizedExpression(current.parent) ||
      ts.isAsExpression(current.parent) ||
      ts.isSatisfiesExpression(current.parent) ||
      ts.isNonNullExpression(current.parent) ||
      ts.isTypeAssertionExpression(current.parent)) &&
    current.parent.expression === current
  ) {
    current = current.parent;
  }
  return current;
}

export function siteOf(node: ts.CallExpression): LayerSite {
  const value = outermostValue(node);
  const parent = value.parent;
  if (
    ts.isCallExpression(parent) &&
    parent.arguments.length === 1 &&
    parent.arguments[0] === value &&
    ts.isPropertyAccessExpression(parent.expression) &&
    parent.expression.name.text === 'add'
  ) {
    return { context: 'sequential-add', addCall: parent, model: parent.expression.expression };
  }
  if (
    ts.isPropertyAccessExpression(parent) &&
    parent.expression === value &&
    parent.name.text === 'apply' &&
    ts.isCallExpression(parent.parent) &&
    parent.parent.expression === parent
  ) {
    return { context: 'functional-apply', applyCall: parent.parent };
  }
  if (ts.isArrayLiteralExpression(parent)) return { context: 'sequential-array', array: parent, element: value };
  return { context: 'other', holder: parent };
}
