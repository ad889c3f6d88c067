/**
 * Which expressions name tfjs's `layers` namespace in a file: `X.layers` for any `X` (`tf.layers`,
 * `tfjs.layers`), and local names bound to it.
 */
import ts from 'typescript';

export function isLayersNamespace(node: ts.Expression, aliases: ReadonlySet<string>): boolean {
  return isLayersNamespaceAccess(node) || (ts.isIdentifier(node) && aliases.has(node.text));
}

/**
 * Local names bound to the `tf.layers` namespace: `import { layers as tfl } from '@tensorflow/tfjs'`,
 * `const { layers } = require('@tensorflow/tfjs-node')`, `const tfl = tf.layers`.
 */
export function layersNamespaceAliases(sourceFile: ts.SourceFile): Set<string> {
  const aliases = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (
      ts.isImportDeclaration(node) &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      node.moduleSpecifier.text.startsWith('@tensorflow/tfjs')
    ) {
      const bindings = node.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          if ((element.propertyName ?? element.name).text === 'layers') aliases.add(element.name.text);
        }
      }
    } else if (ts.isVariableDeclaration(node)) {
      if (ts.isIdentifier(node.name) && node.initializer && isLayersNamespaceAccess(node.initializer))
        aliases.add(node.name.text);
      if (ts.isObjectBindingPattern(node.name)) {
        for (const element of node.name.elements) {
          const imported = element.propertyName ?? element.name;
          if (ts.isIdentifier(imported) && imported.text === 'layers' && ts.isIdentifier(element.name))
            aliases.add(element.name.text);
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
