/**
 * Putting a new layer (written as code, e.g. `tf.layers.leakyReLU({ alpha: 0.01 })`) right after an existing
 * one, wherever the model is assembled: the next `model.add(…)`, the next element of a layers array, or,
 * in the functional API, around the `.apply(…)` that feeds the layer's output on.
 */
import ts from 'typescript';
import { insertAt, type EditContext } from './edit-context.ts';
import type { ScannedLayerCall } from '../source/layer-calls.ts';
import { insertAfterEntry } from './list-edits.ts';
import { afterTrailingComments, lineIndentAt } from '../source/source-style.ts';
import { refuse, type FixEditResult, type TextEdit } from './text-edit.ts';

export function insertLayerAfter(context: EditContext, scanned: ScannedLayerCall, newLayer: string): FixEditResult {
  const { site } = scanned;
  switch (site.context) {
    case 'sequential-add':
      return addAfter(context, site.addCall, newLayer);
    case 'sequential-array':
      return {
        ok: true,
        edits: insertAfterEntry(context, site.array.elements, site.array.elements.indexOf(site.element), [newLayer]),
      };
    case 'functional-apply': {
      // `dense(…).apply(x)` → `newLayer.apply(dense(…).apply(x))`: two insertions that leave the inner call's own edits room.
      const { applyCall } = site;
      return {
        ok: true,
        edits: [insertAt(applyCall.getStart(context.sourceFile), `${newLayer}.apply(`), insertAt(applyCall.end, ')')],
      };
    }
    case 'other':
      return refuse(noPlaceFor(site.holder, newLayer));
  }
}

/** The same `model.add` call again, with the new layer, as the next statement. */
function addAfter(context: EditContext, addCall: ts.CallExpression, newLayer: string): FixEditResult {
  const { text, sourceFile, style } = context;
  const adder = addCall.expression.getText(sourceFile);
  const addition = `${adder}(${newLayer})`;
  const statement = addCall.parent;
  if (ts.isExpressionStatement(statement)) {
    const terminated = `${addition}${statement.getText(sourceFile).endsWith(';') ? ';' : ''}`;
    if (isStatementList(statement.parent)) {
      const indent = lineIndentAt(text, statement.getStart(sourceFile));
      return {
        ok: true,
        edits: [insertAt(afterTrailingComments(text, statement.end), `${style.newline}${indent}${terminated}`)],
      };
    }
    // `for (…) model.add(…);` has room for one statement only: it becomes a block.
    if (isControlStatement(statement.parent))
      return { ok: true, edits: wrapInBlock(context, statement.parent, statement, '', terminated) };
  }
  const arrow = addCall.parent;
  if (ts.isArrowFunction(arrow) && arrow.body === addCall) {
    const semicolon = style.semicolons ? ';' : '';
    return { ok: true, edits: wrapInBlock(context, arrow, addCall, semicolon, `${addition}${semicolon}`) };
  }
  return refuse(
    `the ${adder}(…) call is part of a larger expression, so there is no statement to put the new layer after; insert ${newLayer} by hand`,
  );
}

/**
 * `owner body` → `owner {⏎ body terminator⏎ added⏎}`, with the block indented one step deeper than the owner's
 * line. `terminator` ends an arrow function's expression body, which becomes a statement.
 */
function wrapInBlock(
  context: EditContext,
  owner: ts.Node,
  body: ts.Node,
  terminator: string,
  added: string,
): TextEdit[] {
  const { text, sourceFile, style } = context;
  const outer = lineIndentAt(text, owner.getStart(sourceFile));
  const inner = outer + style.indentUnit;
  const bodyStart = body.getStart(sourceFile);
  // Whitespace before the body gives way to the brace; a comment there stays.
  const open =
    text.slice(body.pos, bodyStart).trim() === ''
      ? { start: body.pos, end: bodyStart, newText: ` {${style.newline}${inner}` }
      : insertAt(body.pos, ' {');
  const afterComments = afterTrailingComments(text, body.end);
  return [
    open,
    ...(terminator ? [insertAt(body.end, terminator)] : []),
    insertAt(afterComments, `${style.newline}${inner}${added}${style.newline}${outer}}`),
  ];
}

function isStatementList(node: ts.Node): boolean {
  return (
    ts.isBlock(node) ||
    ts.isSourceFile(node) ||
    ts.isModuleBlock(node) ||
    ts.isCaseClause(node) ||
    ts.isDefaultClause(node)
  );
}

/** Statements whose body may be a single statement without braces. */
function isControlStatement(node: ts.Node): node is ts.IfStatement | ts.IterationStatement | ts.LabeledStatement {
  return ts.isIfStatement(node) || ts.isIterationStatement(node, false) || ts.isLabeledStatement(node);
}

function noPlaceFor(holder: ts.Node, newLayer: string): string {
  if (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) {
    const name = holder.name.text;
    return `the layer is stored in \`${name}\` and used elsewhere, so there is no single place right after it; insert ${newLayer} after \`${name}\` is added or applied, by hand`;
  }
  return `the layer is not added with model.add(…), listed in a layers array or applied with .apply(…) where it is created, so there is no single place right after it; insert ${newLayer} by hand`;
}
