/**
 * How a file reaches tfjs, so code written into it (`tf.initializers.constant(…)`, `tf.train.sgd(…)`) uses the
 * names the file already has: the namespace a layer call goes through (`tf` of `tf.layers.dense`), a namespace
 * import or `require` of `@tensorflow/tfjs*`, or a named import of the member itself (`import { train }`).
 */
import ts from 'typescript';
import { declarationOf, unwrap } from './static-values.ts';

/** `tf.<member>` as the file can write it near `node`, or undefined when the file has no name for it. */
export function tfjsMemberAccess(
  sourceFile: ts.SourceFile,
  member: string,
  layersNamespace?: ts.Expression,
): string | undefined {
  const root = layersNamespace && rootOfLayers(layersNamespace);
  if (root) return `${root}.${member}`;
  const names = tfjsBindings(sourceFile);
  if (names.members.has(member)) return names.members.get(member);
  const namespace = names.namespaces[0];
  return namespace === undefined ? undefined : `${namespace}.${member}`;
}

/** `tf` of `tf.layers`; for a local alias (`const tfl = tf.layers`), the `tf` it was taken from. */
function rootOfLayers(namespace: ts.Expression): string | undefined {
  const inner = unwrap(namespace);
  if (ts.isPropertyAccessExpression(inner) && inner.name.text === 'layers') return inner.expression.getText();
  if (ts.isIdentifier(inner)) {
    const declaration = declarationOf(inner.text, inner);
    const initializer =
      declaration && ts.isVariableDeclaration(declaration) && declaration.initializer
        ? unwrap(declaration.initializer)
        : undefined;
    if (initializer && ts.isPropertyAccessExpression(initializer) && initializer.name.text === 'layers')
      return initializer.expression.getText();
  }
  return undefined;
}

interface TfjsBindings {
  /** Names bound to the whole module: `import * as tf`, `import tf`, `const tf = require(…)`. */
  namespaces: string[];
  /** Members imported by name: `import { train as t }` → train ↦ t. */
  members: Map<string, string>;
}

export function tfjsBindings(sourceFile: ts.SourceFile): TfjsBindings {
  const bindings: TfjsBindings = { namespaces: [], members: new Map() };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && isTfjsModule(node.moduleSpecifier)) {
      const clause = node.importClause;
      if (clause?.name) bindings.namespaces.push(clause.name.text);
      const named = clause?.namedBindings;
      if (named && ts.isNamespaceImport(named)) bindings.namespaces.push(named.name.text);
      if (named && ts.isNamedImports(named))
        for (const element of named.elements)
          bindings.members.set((element.propertyName ?? element.name).text, element.name.text);
    } else if (ts.isVariableDeclaration(node) && node.initializer && loadsTfjs(node.initializer)) {
      if (ts.isIdentifier(node.name)) bindings.namespaces.push(node.name.text);
      else if (ts.isObjectBindingPattern(node.name))
        for (const element of node.name.elements) {
          const imported = element.propertyName ?? element.name;
          if (ts.isIdentifier(imported) && ts.isIdentifier(element.name))
            bindings.members.set(imported.text, element.name.text);
        }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return bindings;
}

function isTfjsModule(node: ts.Node | undefined): boolean {
  return node !== undefined && ts.isStringLiteral(node) && /^@tensorflow\/tfjs(-[a-z-]+)?$/.test(node.text);
}

/** `require('@tensorflow/tfjs')`, `await import('@tensorflow/tfjs-node')`. */
function loadsTfjs(initializer: ts.Expression): boolean {
  let inner = unwrap(initializer);
  if (ts.isAwaitExpression(inner)) inner = unwrap(inner.expression);
  if (!ts.isCallExpression(inner)) return false;
  const callee = inner.expression;
  const loads = (ts.isIdentifier(callee) && callee.text === 'require') || callee.kind === ts.SyntaxKind.ImportKeyword;
  return loads && isTfjsModule(inner.arguments[0]);
}
