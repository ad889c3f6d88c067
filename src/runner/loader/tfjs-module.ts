/**
 * What the user's `@tensorflow/tfjs*` imports get: the one tfjs namespace the runner loaded and instrumented,
 * published on a global before the script runs. CommonJS reads it from require's cache, ES modules from a
 * generated module that re-exports it by name.
 */

/** Imports that all mean "the tfjs the script trains with". */
export const TFJS_IMPORT = /^@tensorflow\/tfjs(-node|-node-gpu|-core|-layers)?$/;
/** The global the instrumented tfjs namespace is published on. */
export const TFJS_GLOBAL = '__actlensTfjs';
/** Called (on the main thread) with each tfjs package name the script imports, when it first imports it. */
export const TFJS_IMPORTED_GLOBAL = '__actlensTfjsImported';
/** The scheme of the generated ES module; its path is the package name the script wrote. */
export const TFJS_URL_SCHEME = 'actlens-tfjs:';

/** ES module that re-exports the instrumented namespace under every name tfjs has, plus a default export. */
export function tfjsModuleSource(specifier: string, exportNames: readonly string[]): string {
  const lines = [
    `const tf = globalThis[${JSON.stringify(TFJS_GLOBAL)}];`,
    `globalThis[${JSON.stringify(TFJS_IMPORTED_GLOBAL)}]?.(${JSON.stringify(specifier)});`,
    'export default tf;',
  ];
  for (const name of exportNames) {
    if (/^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default')
      lines.push(`export const ${name} = tf[${JSON.stringify(name)}];`);
  }
  return lines.join('\n');
}
