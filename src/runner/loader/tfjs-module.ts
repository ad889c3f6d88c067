/**
 * What the user's `@tensorflow/tfjs*` imports get: the one tfjs the runner loaded and instrumented. A function
 * on a global hands out the namespace for each package name (tfjs-node imports get tfjs-node's extras when it
 * was replaced) and notes the import; CommonJS calls it at require, ES modules from a generated module that
 * re-exports the namespace by name.
 */

/** Imports that all mean "the tfjs the script trains with". */
export const TFJS_IMPORT = /^@tensorflow\/tfjs(-node|-node-gpu|-core|-layers)?$/;
/** Imports written for tfjs-node, whose extras (tf.node, tf.io.fileSystem) the script may use. */
export const TFJS_NODE_IMPORT = /-node(-gpu)?$/;
/** The global function `(packageName) => namespace`. */
export const TFJS_GLOBAL = '__actlensTfjs';
export type TfjsProvider = (packageName: string) => Record<string, unknown>;
/** The scheme of the generated ES module; its path is the package name the script wrote. */
export const TFJS_URL_SCHEME = 'actlens-tfjs:';

/** ES module that re-exports the instrumented namespace under every name tfjs has, plus a default export. */
export function tfjsModuleSource(specifier: string, exportNames: readonly string[]): string {
  const lines = [
    `const tf = globalThis[${JSON.stringify(TFJS_GLOBAL)}](${JSON.stringify(specifier)});`,
    'export default tf;',
  ];
  for (const name of exportNames) {
    if (/^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default')
      lines.push(`export const ${name} = tf[${JSON.stringify(name)}];`);
  }
  return lines.join('\n');
}
