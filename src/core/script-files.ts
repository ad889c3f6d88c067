/** The training scripts ActLens runs: JavaScript and TypeScript, CommonJS or ES modules. */
export const SUPPORTED_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'] as const;
