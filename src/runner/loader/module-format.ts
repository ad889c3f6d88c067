/**
 * Which module system a user file runs under — the decision `node script.js` makes, extended the way the
 * tools such scripts are written for (babel-node, ts-node, tsx) extend it:
 *
 * - `.mjs`/`.mts` are ES modules and `.cjs`/`.cts` CommonJS, always; so is every file in a package whose
 *   package.json says `"type": "module"` (there `require` and `module` fail as they do under node).
 * - Elsewhere a file with no `import`/`export` is CommonJS, as node has it.
 * - A file with `import`/`export` is an ES module (what Node ≥ 22 detects itself; Node 20 would refuse it)…
 * - …unless it also uses CommonJS (`require`, `module`, `exports`, `__dirname`, `__filename` without declaring
 *   them): the babel-era style, which runs as babel-node runs it — compiled to CommonJS, where a named import
 *   is a property of `require()`'s result. A file that needs an ES module (`import.meta`, top-level await)
 *   stays one.
 */
import { parse, type Node } from 'acorn';
import { ancestor, simple, type SimpleVisitors } from 'acorn-walk';

export type ModuleFormat = 'module' | 'commonjs';

export interface ModuleSyntax {
  /** Top-level `import`/`export` declarations. */
  esm: boolean;
  /** Something only an ES module has: `import.meta` or top-level `await`. */
  esmOnly: boolean;
  /** Reads a CommonJS binding it does not declare itself. */
  usesCommonJs: boolean;
}

const COMMONJS_BINDINGS = new Set(['require', 'module', 'exports', '__dirname', '__filename']);

/** The syntax facts of plain JavaScript (TypeScript is stripped first). */
export function moduleSyntax(javascript: string): ModuleSyntax {
  let program: Node;
  try {
    program = parse(javascript, {
      ecmaVersion: 'latest',
      sourceType: 'module',
      allowHashBang: true,
      allowReturnOutsideFunction: true,
      allowAwaitOutsideFunction: true,
    });
  } catch {
    // Not valid as a module (e.g. sloppy-mode `with`, octal literals): only a CommonJS script can be it.
    return { esm: false, esmOnly: false, usesCommonJs: true };
  }
  const body = (program as Node & { body: Node[] }).body;
  const esm = body.some((node) => /^(Import|Export\w*)Declaration$/.test(node.type));
  return { esm, esmOnly: needsModule(program), usesCommonJs: readsCommonJs(program) };
}

export function chooseFormat(
  extension: string,
  packageType: 'module' | 'commonjs',
  syntax: () => ModuleSyntax,
): ModuleFormat {
  if (extension === '.mjs' || extension === '.mts') return 'module';
  if (extension === '.cjs' || extension === '.cts') return 'commonjs';
  if (packageType === 'module') return 'module';
  const facts = syntax();
  if (!facts.esm && !facts.esmOnly) return 'commonjs';
  if (facts.esmOnly || !facts.usesCommonJs) return 'module';
  return 'commonjs';
}

function needsModule(program: Node): boolean {
  let found = false;
  ancestor(program, {
    MetaProperty(node) {
      const meta = node as Node & { meta: { name: string } };
      if (meta.meta.name === 'import') found = true;
    },
    AwaitExpression(_node, _state, ancestors) {
      if (!ancestors.some(isFunction)) found = true;
    },
    ForOfStatement(node, _state, ancestors) {
      if ((node as Node & { await: boolean }).await && !ancestors.some(isFunction)) found = true;
    },
  });
  return found;
}

function isFunction(node: Node): boolean {
  return /Function/.test(node.type);
}

/** A reference to a CommonJS binding the file does not declare anywhere (e.g. `const require = createRequire(…)`). */
function readsCommonJs(program: Node): boolean {
  const declared = new Set<string>();
  const read = new Set<string>();
  const declare = (node: Node | null | undefined) => {
    if (node?.type === 'Identifier') declared.add((node as Node & { name: string }).name);
  };
  // VariablePattern is acorn-walk's name for an identifier being declared; its types do not list it.
  const visitors: Record<string, (node: Node) => void> = {
    Identifier(node) {
      const name = (node as Node & { name: string }).name;
      if (COMMONJS_BINDINGS.has(name)) read.add(name);
    },
    VariablePattern(node) {
      declare(node);
    },
    Function(node) {
      declare((node as Node & { id?: Node | null }).id);
    },
    Class(node) {
      declare((node as Node & { id?: Node | null }).id);
    },
    ImportSpecifier(node) {
      declare((node as Node & { local: Node }).local);
    },
    ImportDefaultSpecifier(node) {
      declare((node as Node & { local: Node }).local);
    },
    ImportNamespaceSpecifier(node) {
      declare((node as Node & { local: Node }).local);
    },
  };
  simple(program, visitors as SimpleVisitors<unknown>);
  return [...read].some((name) => !declared.has(name));
}
