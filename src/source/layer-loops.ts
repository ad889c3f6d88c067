/**
 * Layer calls that build more than one layer: a call inside a loop (`for`, `while`, `for…of`, or a callback of
 * `forEach`/`map`/`Array.from({ length })`) runs once per iteration, adding one layer each time to the model
 * around the loop. How many times the body runs is read from the code when it fixes the number — a literal or a
 * `const` count, an array literal — and is unknown (null) otherwise: a parameter, a `break`, a changed counter.
 *
 * Which model a call builds into also decides which loops count: a loop that creates the model itself
 * (`for (…) { const m = tf.sequential(); m.add(…) }`) builds several models, not a deeper one.
 */
import ts from 'typescript';
import type { LayerSite } from './layer-site.ts';
import { constInitializer, constLength, constNumber, declarationOf, unwrap, writesTo } from './static-values.ts';

export interface LayerLoop {
  kind: 'for' | 'while' | 'for-of' | 'for-in' | 'do-while' | 'callback';
  /** Where the loop starts (its keyword, or the `forEach`/`map`/`Array.from` call): 0-based offset, 1-based line. */
  start: number;
  line: number;
  /** How many times its body runs, when the code fixes that number; null when it does not. */
  count: number | null;
}

/** Where a layer call's model is assembled, from the syntax around the call. */
export type ModelContainer =
  /** An array literal of layers: its elements, `layers.push(…)` onto it, `...Array.from(…, () => layer)` in it. */
  | { kind: 'array'; array: ts.ArrayLiteralExpression }
  /** `model.add(layer)` calls on one receiver in one function. */
  | { kind: 'add'; model: ts.Expression; scope: ts.Node }
  /** Anything else (the functional API): the layers of one function. */
  | { kind: 'scope'; scope: ts.Node };

/** The function (or file) a node belongs to, looking through loop callbacks (`forEach(() => …)` is a loop, not a scope). */
export function modelScopeOf(node: ts.Node): ts.Node {
  let current = node.parent;
  while (!ts.isSourceFile(current) && !(ts.isFunctionLike(current) && !loopCallbackCall(current)))
    current = current.parent;
  return current;
}

export function modelContainerOf(node: ts.CallExpression, site: LayerSite): ModelContainer {
  switch (site.context) {
    case 'sequential-array':
      return { kind: 'array', array: site.array };
    case 'sequential-add':
      return { kind: 'add', model: site.model, scope: modelScopeOf(node) };
    case 'functional-apply':
      return { kind: 'scope', scope: modelScopeOf(node) };
    case 'other': {
      const array = pushedOnto(site.holder, node) ?? spreadInto(site.holder, node);
      return array ? { kind: 'array', array } : { kind: 'scope', scope: modelScopeOf(node) };
    }
  }
}

/** `layers.push(layer)` where `layers` is declared with an array literal: that literal. */
function pushedOnto(holder: ts.Node, node: ts.Node): ts.ArrayLiteralExpression | undefined {
  if (
    !ts.isCallExpression(holder) ||
    !ts.isPropertyAccessExpression(holder.expression) ||
    holder.expression.name.text !== 'push' ||
    !holder.arguments.some((argument) => unwrap(argument) === node)
  )
    return undefined;
  const target = unwrap(holder.expression.expression);
  if (!ts.isIdentifier(target)) return undefined;
  const declaration = declarationOf(target.text, holder);
  const initializer =
    declaration && ts.isVariableDeclaration(declaration) && declaration.initializer
      ? unwrap(declaration.initializer)
      : undefined;
  return initializer && ts.isArrayLiteralExpression(initializer) ? initializer : undefined;
}

/** `[...Array.from({ length: 4 }, () => layer)]`, `[...sizes.map((units) => layer)]`: the array spread into. */
function spreadInto(holder: ts.Node, node: ts.Node): ts.ArrayLiteralExpression | undefined {
  const callback = ts.isFunctionLike(holder) ? holder : returnedFrom(holder, node);
  const loopCall = callback && loopCallbackCall(callback);
  if (!loopCall) return undefined;
  let value: ts.Node = loopCall;
  while (ts.isParenthesizedExpression(value.parent)) value = value.parent;
  return ts.isSpreadElement(value.parent) && ts.isArrayLiteralExpression(value.parent.parent)
    ? value.parent.parent
    : undefined;
}

function returnedFrom(holder: ts.Node, node: ts.Node): ts.Node | undefined {
  if (!ts.isReturnStatement(holder) || !holder.expression || unwrap(holder.expression) !== node) return undefined;
  let current = holder.parent;
  while (!ts.isFunctionLike(current) && !ts.isSourceFile(current)) current = current.parent;
  return ts.isFunctionLike(current) ? current : undefined;
}

/** For a function passed as a loop body (`xs.forEach(fn)`, `xs.map(fn)`, `Array.from(xs, fn)`): that call. */
function loopCallbackCall(fn: ts.Node): ts.CallExpression | undefined {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  let value: ts.Node = fn;
  while (ts.isParenthesizedExpression(value.parent)) value = value.parent;
  const call = value.parent;
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return undefined;
  const method = call.expression.name.text;
  if ((method === 'forEach' || method === 'map' || method === 'flatMap') && call.arguments[0] === value) return call;
  const owner = call.expression.expression;
  return method === 'from' && ts.isIdentifier(owner) && owner.text === 'Array' && call.arguments[1] === value
    ? call
    : undefined;
}

export interface LoopsAround {
  /** Outermost first. */
  loops: LayerLoop[];
  /** The call runs only under a condition (`if`, `?:`, `&&`) inside a loop: how many layers it adds is unknown. */
  conditional: boolean;
}

/** The loops between a layer call and where its model is assembled. */
export function loopsAround(
  sourceFile: ts.SourceFile,
  node: ts.CallExpression,
  container: ModelContainer,
): LoopsAround {
  const loops: LayerLoop[] = [];
  let conditional = false;
  let conditionalSeen = false;
  const stop = container.kind === 'array' ? container.array : container.scope;
  let creation: ts.Node | undefined | null = null;
  let child: ts.Node = node;
  for (let current = node.parent; current !== stop && !ts.isSourceFile(current); current = current.parent) {
    if (isConditionalBranch(current, child)) conditionalSeen = true;
    const loop = loopAt(sourceFile, current, child);
    if (loop) {
      creation ??= creationOf(container);
      if (createsModel(current, creation)) break;
      if (conditionalSeen) conditional = true;
      loops.unshift(loop);
    } else if (ts.isFunctionLike(current)) {
      break;
    }
    child = current;
  }
  return { loops, conditional };
}

/** The node that creates the model: the receiver's or the array's declaration, when it is declared in the file. */
function creationOf(container: ModelContainer): ts.Node | undefined {
  if (container.kind === 'array') {
    const parent = container.array.parent;
    return ts.isVariableDeclaration(parent) ? parent : container.array;
  }
  if (container.kind === 'add') {
    const model = unwrap(container.model);
    return ts.isIdentifier(model) ? declarationOf(model.text, model) : undefined;
  }
  return undefined;
}

/** A loop around the model's creation, or one that calls `tf.sequential`/`tf.model`, builds models, not layers. */
function createsModel(loop: ts.Node, creation: ts.Node | undefined): boolean {
  if (creation && creation.pos >= loop.pos && creation.end <= loop.end) return true;
  let known = BUILDS_MODELS.get(loop);
  if (known === undefined) {
    known = callsModelFactory(loop);
    BUILDS_MODELS.set(loop, known);
  }
  return known;
}

/** Per loop node, read once however many layer calls it holds (a file's nodes are dropped with it). */
const BUILDS_MODELS = new WeakMap<ts.Node, boolean>();
const LOOPS = new WeakMap<ts.Node, LayerLoop | null>();

function callsModelFactory(loop: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node)) {
      const callee = unwrap(node.expression);
      const name = ts.isPropertyAccessExpression(callee)
        ? callee.name.text
        : ts.isIdentifier(callee)
          ? callee.text
          : '';
      if (name === 'sequential' || name === 'model') found = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(loop);
  return found;
}

function isConditionalBranch(parent: ts.Node, child: ts.Node): boolean {
  if (ts.isIfStatement(parent)) return child !== parent.expression;
  if (ts.isConditionalExpression(parent)) return child !== parent.condition;
  if (ts.isBinaryExpression(parent)) {
    const kind = parent.operatorToken.kind;
    return (
      child === parent.right &&
      (kind === ts.SyntaxKind.AmpersandAmpersandToken ||
        kind === ts.SyntaxKind.BarBarToken ||
        kind === ts.SyntaxKind.QuestionQuestionToken ||
        kind === ts.SyntaxKind.AmpersandAmpersandEqualsToken ||
        kind === ts.SyntaxKind.BarBarEqualsToken ||
        kind === ts.SyntaxKind.QuestionQuestionEqualsToken)
    );
  }
  return ts.isCaseClause(parent) || ts.isDefaultClause(parent) || ts.isCatchClause(parent);
}

/** The loop `node` is, when `child` is in its body (the part that repeats). */
function loopAt(sourceFile: ts.SourceFile, node: ts.Node, child: ts.Node): LayerLoop | undefined {
  if (!isLoopBody(node, child)) return undefined;
  let loop = LOOPS.get(node);
  if (loop === undefined) {
    loop = readLoop(sourceFile, node) ?? null;
    LOOPS.set(node, loop);
  }
  return loop ?? undefined;
}

function isLoopBody(node: ts.Node, child: ts.Node): boolean {
  if (ts.isIterationStatement(node, false)) return child === node.statement;
  return (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && child === node.body;
}

function readLoop(sourceFile: ts.SourceFile, node: ts.Node): LayerLoop | undefined {
  const child = ts.isIterationStatement(node, false)
    ? node.statement
    : ts.isArrowFunction(node) || ts.isFunctionExpression(node)
      ? node.body
      : node;
  const at = (kind: LayerLoop['kind'], count: number | null): LayerLoop => {
    const start = node.getStart(sourceFile);
    return { kind, start, line: sourceFile.getLineAndCharacterOfPosition(start).line + 1, count };
  };
  if (ts.isForStatement(node) && child === node.statement) return at('for', leavesEarly(node) ? null : forCount(node));
  if (ts.isWhileStatement(node) && child === node.statement)
    return at('while', leavesEarly(node) ? null : whileCount(node));
  if (ts.isForOfStatement(node) && child === node.statement)
    return at('for-of', node.awaitModifier || leavesEarly(node) ? null : (constLength(node.expression) ?? null));
  if (ts.isForInStatement(node) && child === node.statement) return at('for-in', null);
  if (ts.isDoStatement(node) && child === node.statement) return at('do-while', null);
  if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && child === node.body) {
    const call = loopCallbackCall(node);
    if (!call) return undefined;
    // `Array.from(x, fn)` runs fn once per element of x (or `{ length: n }`); `xs.forEach(fn)` once per element of xs.
    const callee = call.expression as ts.PropertyAccessExpression;
    const count = returnsEarly(node)
      ? null
      : (constLength(callee.name.text === 'from' ? call : callee.expression) ?? null);
    const start = call.getStart(sourceFile);
    return { kind: 'callback', start, line: sourceFile.getLineAndCharacterOfPosition(start).line + 1, count };
  }
  return undefined;
}

/** A callback with a `return` before its last statement: like `continue`, it may skip the layer. */
function returnsEarly(fn: ts.ArrowFunction | ts.FunctionExpression): boolean {
  if (!ts.isBlock(fn.body)) return false;
  const last = fn.body.statements.at(-1);
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) && node !== last) found = true;
    else ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.body, visit);
  return found;
}

/** A `break`, `continue` or `return` in the body: the loop may run fewer times than its header says. */
function leavesEarly(loop: ts.IterationStatement): boolean {
  let found = false;
  const visit = (node: ts.Node, nestedLoop: boolean, nestedSwitch: boolean): void => {
    if (found || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node)) found = true;
    else if (ts.isBreakStatement(node) && (node.label || (!nestedLoop && !nestedSwitch))) found = true;
    else if (ts.isContinueStatement(node) && (node.label || !nestedLoop)) found = true;
    if (found) return;
    const inLoop = nestedLoop || ts.isIterationStatement(node, false);
    const inSwitch = nestedSwitch || ts.isSwitchStatement(node);
    ts.forEachChild(node, (childNode) => visit(childNode, inLoop, inSwitch));
  };
  visit(loop.statement, false, false);
  return found;
}

interface Counter {
  name: string;
  from: number;
}

/** `for (let i = a; i < b; i++)` and its variants (`<=`, `>`, `>=`, `!==`, `i += k`, `i--`, `i = i + k`). */
function forCount(loop: ts.ForStatement): number | null {
  const counter = forCounter(loop.initializer);
  if (!counter || !loop.condition || !loop.incrementor || writesTo(loop.statement, counter.name)) return null;
  const step = stepOf(loop.incrementor, counter.name);
  return step === undefined ? null : tripCount(counter, loop.condition, step);
}

function forCounter(initializer: ts.ForInitializer | undefined): Counter | undefined {
  if (!initializer) return undefined;
  if (ts.isVariableDeclarationList(initializer)) {
    const [declaration, ...more] = initializer.declarations;
    if (!declaration || more.length > 0 || !ts.isIdentifier(declaration.name) || !declaration.initializer)
      return undefined;
    const from = constNumber(declaration.initializer);
    return from === undefined ? undefined : { name: declaration.name.text, from };
  }
  if (
    ts.isBinaryExpression(initializer) &&
    initializer.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    ts.isIdentifier(initializer.left)
  ) {
    const from = constNumber(initializer.right);
    return from === undefined ? undefined : { name: initializer.left.text, from };
  }
  return undefined;
}

/** By how much one iteration moves the counter; undefined when the expression is not such a step. */
function stepOf(node: ts.Node, name: string): number | undefined {
  const isCounter = (expression: ts.Expression) => {
    const inner = unwrap(expression);
    return ts.isIdentifier(inner) && inner.text === name;
  };
  if (ts.isExpressionStatement(node)) return stepOf(node.expression, name);
  if ((ts.isPostfixUnaryExpression(node) || ts.isPrefixUnaryExpression(node)) && isCounter(node.operand)) {
    if (node.operator === ts.SyntaxKind.PlusPlusToken) return 1;
    if (node.operator === ts.SyntaxKind.MinusMinusToken) return -1;
    return undefined;
  }
  if (!ts.isBinaryExpression(node) || !isCounter(node.left)) return undefined;
  const kind = node.operatorToken.kind;
  if (kind === ts.SyntaxKind.PlusEqualsToken || kind === ts.SyntaxKind.MinusEqualsToken) {
    const by = constNumber(node.right);
    return by === undefined ? undefined : kind === ts.SyntaxKind.PlusEqualsToken ? by : -by;
  }
  if (kind !== ts.SyntaxKind.EqualsToken) return undefined;
  const value = unwrap(node.right);
  if (!ts.isBinaryExpression(value)) return undefined;
  const operator = value.operatorToken.kind;
  if (operator === ts.SyntaxKind.PlusToken) {
    const by = isCounter(value.left)
      ? constNumber(value.right)
      : isCounter(value.right)
        ? constNumber(value.left)
        : undefined;
    return by;
  }
  if (operator === ts.SyntaxKind.MinusToken && isCounter(value.left)) {
    const by = constNumber(value.right);
    return by === undefined ? undefined : -by;
  }
  return undefined;
}

/** How many times `counter op bound` holds as the counter moves by `step` from its start. */
function tripCount(counter: Counter, condition: ts.Expression, step: number): number | null {
  const test = unwrap(condition);
  if (!ts.isBinaryExpression(test) || step === 0 || !Number.isFinite(step)) return null;
  const isCounter = (expression: ts.Expression) => {
    const inner = unwrap(expression);
    return ts.isIdentifier(inner) && inner.text === counter.name;
  };
  const kind = test.operatorToken.kind;
  let operator: ts.SyntaxKind;
  let bound: number | undefined;
  if (isCounter(test.left)) {
    operator = kind;
    bound = constNumber(test.right);
  } else if (isCounter(test.right)) {
    operator = flipped(kind);
    bound = constNumber(test.left);
  } else {
    return null;
  }
  if (bound === undefined || !Number.isFinite(bound) || !Number.isFinite(counter.from)) return null;
  const distance = (bound - counter.from) * Math.sign(step);
  const size = Math.abs(step);
  const up = step > 0;
  switch (operator) {
    case up ? ts.SyntaxKind.LessThanToken : ts.SyntaxKind.GreaterThanToken:
      return distance > 0 ? Math.ceil(distance / size) : 0;
    case up ? ts.SyntaxKind.LessThanEqualsToken : ts.SyntaxKind.GreaterThanEqualsToken:
      return distance >= 0 ? Math.floor(distance / size) + 1 : 0;
    case ts.SyntaxKind.ExclamationEqualsEqualsToken:
    case ts.SyntaxKind.ExclamationEqualsToken:
      return distance >= 0 && Number.isInteger(distance / size) ? distance / size : null;
    default:
      return null;
  }
}

/** `a < i` is `i > a`. (A switch rather than a table built at load time: the extension loads TypeScript lazily.) */
function flipped(kind: ts.SyntaxKind): ts.SyntaxKind {
  switch (kind) {
    case ts.SyntaxKind.LessThanToken:
      return ts.SyntaxKind.GreaterThanToken;
    case ts.SyntaxKind.GreaterThanToken:
      return ts.SyntaxKind.LessThanToken;
    case ts.SyntaxKind.LessThanEqualsToken:
      return ts.SyntaxKind.GreaterThanEqualsToken;
    case ts.SyntaxKind.GreaterThanEqualsToken:
      return ts.SyntaxKind.LessThanEqualsToken;
    default:
      return kind;
  }
}

/**
 * `let i = a; while (i < b) { …; i++; }` (the counter declared in the same block before the loop, stepped once by a
 * statement of the body itself and written nowhere else), `while (n-- > 0)` and `while (n--)`.
 */
function whileCount(loop: ts.WhileStatement): number | null {
  const condition = unwrap(loop.expression);
  const countdown = countdownOf(condition);
  if (countdown) {
    const counter = counterBefore(loop, countdown.name);
    if (!counter || writesTo(loop.statement, countdown.name) || !Number.isInteger(counter.from)) return null;
    if (countdown.whileTruthy) return counter.from >= 0 ? counter.from : null;
    return Math.max(0, counter.from);
  }
  const name = counterNameIn(condition);
  const counter = name === undefined ? undefined : counterBefore(loop, name);
  if (!counter || !ts.isBlock(loop.statement)) return null;
  const steps = loop.statement.statements.filter((statement) => writesTo(statement, counter.name));
  if (steps.length !== 1) return null;
  const step = stepOf(steps[0]!, counter.name);
  return step === undefined ? null : tripCount(counter, condition, step);
}

/** `n--` or `n-- > 0`: the condition counts `n` down by one each time it is tested. */
function countdownOf(condition: ts.Expression): { name: string; whileTruthy: boolean } | undefined {
  const decrement = (node: ts.Expression): string | undefined => {
    const inner = unwrap(node);
    return ts.isPostfixUnaryExpression(inner) &&
      inner.operator === ts.SyntaxKind.MinusMinusToken &&
      ts.isIdentifier(inner.operand)
      ? inner.operand.text
      : undefined;
  };
  const plain = decrement(condition);
  if (plain) return { name: plain, whileTruthy: true };
  if (
    ts.isBinaryExpression(condition) &&
    condition.operatorToken.kind === ts.SyntaxKind.GreaterThanToken &&
    constNumber(condition.right) === 0
  ) {
    const name = decrement(condition.left);
    if (name) return { name, whileTruthy: false };
  }
  return undefined;
}

function counterNameIn(condition: ts.Expression): string | undefined {
  if (!ts.isBinaryExpression(condition)) return undefined;
  const left = unwrap(condition.left);
  const right = unwrap(condition.right);
  if (ts.isIdentifier(left) && constNumber(right) !== undefined) return left.text;
  if (ts.isIdentifier(right) && constNumber(left) !== undefined) return right.text;
  return undefined;
}

/** `let name = <number>` earlier in the loop's own block, not written between there and the loop. */
function counterBefore(loop: ts.Statement, name: string): Counter | undefined {
  const block = loop.parent;
  if (!ts.isBlock(block) && !ts.isSourceFile(block)) return undefined;
  const statements = block.statements as ts.NodeArray<ts.Statement>;
  const index = statements.indexOf(loop);
  for (let earlier = index - 1; earlier >= 0; earlier -= 1) {
    const statement = statements[earlier]!;
    if (ts.isVariableStatement(statement)) {
      const declaration = statement.declarationList.declarations.find(
        (candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === name,
      );
      if (declaration) {
        if (constInitializer(declaration) !== undefined || !declaration.initializer) return undefined;
        const from = constNumber(declaration.initializer);
        return from === undefined ? undefined : { name, from };
      }
    }
    if (writesTo(statement, name)) return undefined;
  }
  return undefined;
}
