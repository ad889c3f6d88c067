/**
 * Where a script trains a model, for the editor's "Run with ActLens" lens: each `model.fit(…)` and
 * `model.fitDataset(…)` call, and each custom training loop — a loop whose body calls `optimizer.minimize(…)` or
 * `optimizer.applyGradients(…)` (directly, or in a callback such as `tf.tidy(() => …)`). The lens goes on the
 * outermost such loop of the function (the epoch loop, not the batch loop inside it), or on the call itself when
 * it is not in a loop. Only the syntax is read: nothing says that the receiver is a tfjs model or optimizer.
 */
import ts from 'typescript';
import { editorLineStarts, lineIndexAt } from './editor-line-index.ts';
import { parseSource } from './parse.ts';

export const TRAINING_METHODS = ['fit', 'fitDataset', 'minimize', 'applyGradients'] as const;
export type TrainingMethod = (typeof TRAINING_METHODS)[number];

/** Calls that train one step: the loop around them is the training. */
const STEP_METHODS: ReadonlySet<TrainingMethod> = new Set(['minimize', 'applyGradients']);

export interface TrainingCall {
  method: TrainingMethod;
  /** Where the lens goes: the loop's keyword for a step call in a loop, else the call's start. 0-based offset. */
  anchor: number;
  /** 1-based line and column of `anchor`, as an editor counts lines. */
  line: number;
  column: number;
  /** Set when the anchor is the loop around a step call. */
  loop?: 'for' | 'for-of' | 'for-in' | 'while' | 'do-while';
}

export function findTrainingCalls(sourceText: string, fileName: string): TrainingCall[] {
  return scanTrainingCalls(parseSource(sourceText, fileName));
}

/** One entry per anchor (two `minimize` calls in one loop are one training loop), in the order of the file. */
export function scanTrainingCalls(sourceFile: ts.SourceFile): TrainingCall[] {
  const lineStarts = editorLineStarts(sourceFile.text);
  const byAnchor = new Map<number, TrainingCall>();
  const visit = (node: ts.Node): void => {
    const method = ts.isCallExpression(node) ? trainingMethodOf(node) : undefined;
    if (method) {
      const loop = STEP_METHODS.has(method) ? outermostLoopAround(node) : undefined;
      const anchor = (loop ?? node).getStart(sourceFile);
      if (!byAnchor.has(anchor)) {
        const line = lineIndexAt(lineStarts, anchor);
        const call: TrainingCall = { method, anchor, line: line + 1, column: anchor - lineStarts[line]! + 1 };
        if (loop) call.loop = loopKind(loop);
        byAnchor.set(anchor, call);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return [...byAnchor.values()].sort((a, b) => a.anchor - b.anchor);
}

/** `x.fit(…)`, `x?.minimize(…)`: a method of that name called with at least one argument. */
function trainingMethodOf(call: ts.CallExpression): TrainingMethod | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || call.arguments.length === 0) return undefined;
  const name = callee.name.text;
  return (TRAINING_METHODS as readonly string[]).includes(name) ? (name as TrainingMethod) : undefined;
}

/**
 * The outermost loop around a call within its function. A function passed as an argument (`tf.tidy(() => …)`,
 * `batches.forEach((batch) => …)`) runs where it is passed, so the search goes on through it; any other
 * function (a declaration, a method, a function assigned to a name) ends it.
 */
function outermostLoopAround(node: ts.Node): ts.IterationStatement | undefined {
  let outermost: ts.IterationStatement | undefined;
  for (let current = node.parent; current && !ts.isSourceFile(current); current = current.parent) {
    if (ts.isIterationStatement(current, false)) outermost = current;
    else if (ts.isFunctionLike(current) && !isCallbackArgument(current)) break;
  }
  return outermost;
}

function isCallbackArgument(fn: ts.Node): boolean {
  let value: ts.Node = fn;
  while (ts.isParenthesizedExpression(value.parent)) value = value.parent;
  const parent = value.parent;
  return (
    (ts.isCallExpression(parent) || ts.isNewExpression(parent)) && (parent.arguments ?? []).some((a) => a === value)
  );
}

function loopKind(loop: ts.IterationStatement): NonNullable<TrainingCall['loop']> {
  if (ts.isForOfStatement(loop)) return 'for-of';
  if (ts.isForInStatement(loop)) return 'for-in';
  if (ts.isWhileStatement(loop)) return 'while';
  if (ts.isDoStatement(loop)) return 'do-while';
  return 'for';
}
