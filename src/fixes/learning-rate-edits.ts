/**
 * Lowering a learning rate where the optimizer is built: the first argument of a `tf.train.*` factory call
 * (`tf.train.sgd(0.6)`, `tf.train.adam(lr, 0.9)`; the `const` it names when it is one), or a `compile` call that
 * names the optimizer by string (`optimizer: 'sgd'` → `optimizer: tf.train.sgd(0.06)`). A learning rate computed
 * at run time, or held in a variable that may change, is refused: ActLens edits only numbers it can see.
 */
import ts from 'typescript';
import type { FixAction } from '../core/findings.ts';
import { nodeRange } from '../source/parse.ts';
import { constInitializer, declarationOf, unwrap } from '../source/static-values.ts';
import { tfjsMemberAccess } from '../source/tfjs-namespace.ts';
import { insertAt, snippet, type EditContext } from './edit-context.ts';
import { refuse, type FixEditResult } from './text-edit.ts';

type SetLearningRate = Extract<FixAction, { action: 'set-learning-rate' }>;

/** tfjs's optimizer factories (`tf.train.*`); each takes the learning rate as its first argument. */
const OPTIMIZER_FACTORIES: ReadonlySet<string> = new Set([
  'sgd',
  'momentum',
  'rmsprop',
  'adam',
  'adadelta',
  'adamax',
  'adagrad',
]);

/** The strings `compile({ optimizer })` accepts (tfjs-layers' getOptimizer), lower-cased, to their factory. */
const COMPILE_OPTIMIZERS: Readonly<Record<string, string>> = {
  sgd: 'sgd',
  adam: 'adam',
  rmsprop: 'rmsprop',
  adagrad: 'adagrad',
  adadelta: 'adadelta',
  adamax: 'adamax',
};

export function learningRateEdits(context: EditContext, fix: SetLearningRate): FixEditResult {
  const call = optimizerCallAt(context, fix.at);
  if (!call)
    return refuse(
      `there is no optimizer (a tf.train.…(…) call or a compile({ optimizer: … }) call) at line ${fix.at.line}, column ${fix.at.column}`,
    );
  return isFactoryCall(call) ? factoryEdit(context, call, fix) : compileEdit(context, call, fix);
}

function isFactoryCall(call: ts.CallExpression): boolean {
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !OPTIMIZER_FACTORIES.has(callee.name.text)) return false;
  const owner = unwrap(callee.expression);
  return (
    (ts.isPropertyAccessExpression(owner) && owner.name.text === 'train') ||
    (ts.isIdentifier(owner) && owner.text === 'train')
  );
}

function isCompileCall(call: ts.CallExpression): boolean {
  const callee = unwrap(call.expression);
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 'compile' && call.arguments.length > 0;
}

/** The optimizer call that starts at `at`, else the innermost one around it, else the only one on its line. */
function optimizerCallAt(context: EditContext, at: { line: number; column: number }): ts.CallExpression | undefined {
  const { sourceFile } = context;
  const calls: ts.CallExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && (isFactoryCall(node) || isCompileCall(node))) calls.push(node);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  const lineStarts = sourceFile.getLineStarts();
  if (at.line < 1 || at.line > lineStarts.length) return undefined;
  const lineEnd = lineStarts[at.line] ?? sourceFile.text.length;
  const position = Math.min(lineStarts[at.line - 1]! + Math.max(at.column - 1, 0), lineEnd);
  const exact = calls.filter((call) => call.getStart(sourceFile) === position);
  if (exact.length > 0) return exact.at(-1);
  const containing = calls
    .filter((call) => call.getStart(sourceFile) <= position && position < call.end)
    .sort((a, b) => a.end - a.getStart(sourceFile) - (b.end - b.getStart(sourceFile)));
  if (containing.length > 0) return containing[0];
  const onLine = calls.filter(
    (call) => sourceFile.getLineAndCharacterOfPosition(call.getStart(sourceFile)).line + 1 === at.line,
  );
  return onLine.length === 1 ? onLine[0] : undefined;
}

/** `tf.train.sgd(0.6)` → `tf.train.sgd(0.06)`; `tf.train.sgd(LR)` → the `const LR = 0.6` becomes 0.06; `tf.train.adam()` gets one. */
function factoryEdit(context: EditContext, call: ts.CallExpression, fix: SetLearningRate): FixEditResult {
  const to = String(fix.to);
  const argument = call.arguments[0];
  if (!argument) return { ok: true, edits: [insertAt(call.arguments.pos, to)] };
  const value = unwrap(argument);
  if (ts.isNumericLiteral(value)) return replaceNumber(context, value, fix);
  if (ts.isIdentifier(value)) {
    const declaration = declarationOf(value.text, value);
    const initializer = constInitializer(declaration);
    const literal = initializer && unwrap(initializer);
    if (literal && ts.isNumericLiteral(literal)) return replaceNumber(context, literal, fix);
    const how =
      declaration === undefined
        ? 'is not declared in this file'
        : ts.isParameter(declaration)
          ? 'is a parameter'
          : !ts.isVariableDeclaration(declaration) || constInitializer(declaration) === undefined
            ? 'is a variable that may change before the optimizer is built'
            : `holds \`${snippet(context, initializer!)}\`, not a number`;
    return refuse(
      `the learning rate is \`${value.text}\`, which ${how}, so ActLens cannot tell what it holds; set it to ${to} where that value comes from`,
    );
  }
  return refuse(
    `the learning rate is given as \`${snippet(context, argument)}\`, not as a number ActLens can edit; make it ${to} where that value is computed`,
  );
}

function replaceNumber(context: EditContext, literal: ts.NumericLiteral, fix: SetLearningRate): FixEditResult {
  const current = Number(literal.text);
  if (current < fix.to)
    return refuse(`the learning rate is already ${current}, lower than ${fix.to}; the code has changed since the run`);
  if (current === fix.to) return { ok: true, edits: [] };
  return { ok: true, edits: [{ ...nodeRange(context.sourceFile, literal), newText: String(fix.to) }] };
}

/** `compile({ optimizer: 'sgd' })` → `compile({ optimizer: tf.train.sgd(0.06) })`; an optimizer built there or in a const is edited where it is built. */
function compileEdit(context: EditContext, call: ts.CallExpression, fix: SetLearningRate): FixEditResult {
  const options = unwrap(call.arguments[0]!);
  if (!ts.isObjectLiteralExpression(options))
    return refuse(
      `the compile options are passed as \`${snippet(context, options)}\`, so ActLens cannot see the optimizer; lower its learning rate to ${fix.to} where that object is defined`,
    );
  const property = options.properties.filter((candidate) => candidate.name?.getText() === 'optimizer').at(-1);
  if (!property)
    return refuse(
      'this compile(…) call names no optimizer, so tfjs uses its own; add one with a learning rate by hand',
    );
  const value = ts.isPropertyAssignment(property)
    ? unwrap(property.initializer)
    : ts.isShorthandPropertyAssignment(property)
      ? property.name
      : undefined;
  if (!value)
    return refuse('the optimizer option is not written as `optimizer: …`; ActLens does not know how to edit it');
  if (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value)) {
    const factory = COMPILE_OPTIMIZERS[value.text.toLowerCase()];
    if (!factory)
      return refuse(`'${value.text}' is not an optimizer name ActLens knows how to write as a tf.train call`);
    const train = tfjsMemberAccess(context.sourceFile, 'train');
    if (!train)
      return refuse(
        `this file has no name for tfjs (such as \`import * as tf from '@tensorflow/tfjs'\`) to write tf.train.${factory}(${fix.to}) with; write it by hand`,
      );
    return {
      ok: true,
      edits: [{ ...nodeRange(context.sourceFile, value), newText: `${train}.${factory}(${fix.to})` }],
    };
  }
  if (ts.isCallExpression(value) && isFactoryCall(value)) return factoryEdit(context, value, fix);
  if (ts.isIdentifier(value)) {
    const initializer = constInitializer(declarationOf(value.text, value));
    const built = initializer && unwrap(initializer);
    if (built && ts.isCallExpression(built) && isFactoryCall(built)) return factoryEdit(context, built, fix);
  }
  return refuse(
    `the optimizer is given as \`${snippet(context, value)}\`, not as a tf.train call or a name ActLens can follow; lower its learning rate to ${fix.to} where it is built`,
  );
}
