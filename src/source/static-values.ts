/**
 * Values the source fixes by itself, read without running it: a `const` bound to a number (`const DEPTH = 8`),
 * the length of an array literal or `Array.from({ length: 8 })`. Lexical and conservative: anything that could
 * hold another value at run time (a `let`, a parameter, a call) has no static value.
 */
import ts from 'typescript';

export type Declaration = ts.VariableDeclaration | ts.ParameterDeclaration | ts.BindingElement;

/** How deep a chain of constants is followed (`const A = B; const B = 8`). */
const MAX_DEPTH = 8;

/** The innermost declaration of `name` visible from `from`, by the enclosing blocks, loops and functions. */
export function declarationOf(name: string, from: ts.Node): Declaration | undefined {
  for (let node: ts.Node | undefined = from.parent; node; node = node.parent) {
    if (ts.isBlock(node) || ts.isSourceFile(node) || ts.isModuleBlock(node) || ts.isCaseClause(node)) {
      // From a statement list up, the answer is the same for every node inside it: looked up once per list.
      let known = IN_SCOPE.get(node);
      if (!known) {
        known = new Map();
        IN_SCOPE.set(node, known);
      }
      if (!known.has(name)) known.set(name, declarationFrom(node, name));
      return known.get(name) ?? undefined;
    } else if (ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node)) {
      if (node.initializer && ts.isVariableDeclarationList(node.initializer)) {
        const found = inList(node.initializer, name);
        if (found) return found;
      }
    } else if (ts.isCatchClause(node)) {
      const found = node.variableDeclaration && inBinding(node.variableDeclaration, name);
      if (found) return found;
    } else if (ts.isFunctionLike(node)) {
      for (const parameter of node.parameters) {
        const found = inBinding(parameter, name);
        if (found) return found;
      }
    }
  }
  return undefined;
}

const IN_SCOPE = new WeakMap<ts.Node, Map<string, Declaration | null>>();

function declarationFrom(
  list: ts.Block | ts.SourceFile | ts.ModuleBlock | ts.CaseClause,
  name: string,
): Declaration | null {
  for (const statement of list.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const found = inList(statement.declarationList, name);
    if (found) return found;
  }
  return declarationOf(name, list) ?? null;
}

function inList(list: ts.VariableDeclarationList, name: string): Declaration | undefined {
  for (const declaration of list.declarations) {
    const found = inBinding(declaration, name);
    if (found) return found;
  }
  return undefined;
}

function inBinding(
  declaration: ts.VariableDeclaration | ts.ParameterDeclaration | ts.BindingElement,
  name: string,
): Declaration | undefined {
  if (ts.isIdentifier(declaration.name)) return declaration.name.text === name ? declaration : undefined;
  for (const element of declaration.name.elements) {
    if (ts.isOmittedExpression(element)) continue;
    const found = inBinding(element, name);
    if (found) return found;
  }
  return undefined;
}

/** `const NAME = <initializer>`: the initializer; undefined for a `let`, a `var`, a parameter, a destructured name. */
export function constInitializer(declaration: Declaration | undefined): ts.Expression | undefined {
  if (!declaration || !ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name)) return undefined;
  const list = declaration.parent;
  return ts.isVariableDeclarationList(list) && list.flags & ts.NodeFlags.Const ? declaration.initializer : undefined;
}

/** The number an expression always evaluates to: a literal, a `const` bound to one, arithmetic over those. */
export function constNumber(node: ts.Expression, depth = 0): number | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const inner = unwrap(node);
  if (ts.isNumericLiteral(inner)) return Number(inner.text);
  if (ts.isPrefixUnaryExpression(inner)) {
    const operand = constNumber(inner.operand, depth + 1);
    if (operand === undefined) return undefined;
    if (inner.operator === ts.SyntaxKind.MinusToken) return -operand;
    if (inner.operator === ts.SyntaxKind.PlusToken) return operand;
    return undefined;
  }
  if (ts.isBinaryExpression(inner)) {
    const left = constNumber(inner.left, depth + 1);
    const right = constNumber(inner.right, depth + 1);
    if (left === undefined || right === undefined) return undefined;
    switch (inner.operatorToken.kind) {
      case ts.SyntaxKind.PlusToken:
        return left + right;
      case ts.SyntaxKind.MinusToken:
        return left - right;
      case ts.SyntaxKind.AsteriskToken:
        return left * right;
      case ts.SyntaxKind.SlashToken:
        return left / right;
      case ts.SyntaxKind.AsteriskAsteriskToken:
        return left ** right;
      default:
        return undefined;
    }
  }
  if (ts.isIdentifier(inner)) {
    const initializer = constInitializer(declarationOf(inner.text, inner));
    return initializer && constNumber(initializer, depth + 1);
  }
  if (ts.isPropertyAccessExpression(inner) && inner.name.text === 'length')
    return constLength(inner.expression, depth + 1);
  return undefined;
}

/**
 * How many elements iterating over an expression yields, when the code fixes it: an array literal without
 * spreads of unknown length, a `const` bound to one, `Array.from({ length: n })`, `Array(n)`, `new Array(n)`,
 * `[...Array(n)]`, and `.fill()`, `.keys()`, `.values()`, `.entries()`, `.map(…)` of those.
 */
export function constLength(node: ts.Expression, depth = 0): number | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const inner = unwrap(node);
  if (ts.isArrayLiteralExpression(inner)) {
    let length = 0;
    for (const element of inner.elements) {
      const count = ts.isSpreadElement(element) ? constLength(element.expression, depth + 1) : 1;
      if (count === undefined) return undefined;
      length += count;
    }
    return length;
  }
  if (ts.isIdentifier(inner)) {
    const initializer = constInitializer(declarationOf(inner.text, inner));
    return initializer && constLength(initializer, depth + 1);
  }
  if (ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner)) return [...inner.text].length;
  if (ts.isCallExpression(inner) || ts.isNewExpression(inner)) {
    const callee = inner.expression;
    const args = inner.arguments ?? ts.factory.createNodeArray();
    if (ts.isIdentifier(callee) && callee.text === 'Array' && args.length === 1)
      return wholeCount(constNumber(args[0]!, depth + 1));
    if (!ts.isPropertyAccessExpression(callee) || ts.isNewExpression(inner)) return undefined;
    const method = callee.name.text;
    if (ts.isIdentifier(callee.expression) && callee.expression.text === 'Array' && method === 'from') {
      const source = args[0];
      if (!source) return undefined;
      if (ts.isObjectLiteralExpression(source)) {
        const length = source.properties.find(
          (property) => property.name && ts.isIdentifier(property.name) && property.name.text === 'length',
        );
        return length && ts.isPropertyAssignment(length)
          ? wholeCount(constNumber(length.initializer, depth + 1))
          : undefined;
      }
      return constLength(source, depth + 1);
    }
    if (['fill', 'keys', 'values', 'entries', 'map'].includes(method)) return constLength(callee.expression, depth + 1);
  }
  return undefined;
}

function wholeCount(value: number | undefined): number | undefined {
  return value !== undefined && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** Without the wrappers that keep a value as it is: `(x)`, `x as T`, `x!`, `x satisfies T`. */
export function unwrap(node: ts.Expression): ts.Expression {
  let current = node;
  while (
    ts.isParenthesizedExpression(current) ||
    ts.isAsExpression(current) ||
    ts.isSatisfiesExpression(current) ||
    ts.isNonNullExpression(current) ||
    ts.isTypeAssertionExpression(current)
  )
    current = current.expression;
  return current;
}

/** Whether `node` assigns to (or increments, decrements) the plain name `name` anywhere inside. */
export function writesTo(node: ts.Node, name: string): boolean {
  let found = false;
  const isName = (target: ts.Expression): boolean => {
    const inner = unwrap(target);
    return ts.isIdentifier(inner) && inner.text === name;
  };
  const visit = (current: ts.Node): void => {
    if (found) return;
    if (
      (ts.isBinaryExpression(current) &&
        current.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
        current.operatorToken.kind <= ts.SyntaxKind.LastAssignment &&
        (isName(current.left) || containsName(current.left, name))) ||
      ((ts.isPrefixUnaryExpression(current) || ts.isPostfixUnaryExpression(current)) &&
        (current.operator === ts.SyntaxKind.PlusPlusToken || current.operator === ts.SyntaxKind.MinusMinusToken) &&
        isName(current.operand))
    ) {
      found = true;
      return;
    }
    ts.forEachChild(current, visit);
  };
  visit(node);
  return found;
}

/** A destructuring assignment target (`[a, i] = …`) that names `name`. */
function containsName(target: ts.Expression, name: string): boolean {
  if (!ts.isArrayLiteralExpression(target) && !ts.isObjectLiteralExpression(target)) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === name) found = true;
    else ts.forEachChild(node, visit);
  };
  visit(target);
  return found;
}
