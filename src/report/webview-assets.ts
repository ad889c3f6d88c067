/** The built panel (`npm run build` → dist/webview.js and dist/webview.css), read for inlining into a report. */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface WebviewAssets {
  script: string;
  css: string;
}

/** Reads the panel bundle from `distDir`; throws, naming the missing file, when it was not built. */
export function loadWebviewAssets(distDir: string): WebviewAssets {
  const read = (name: string) => {
    const file = path.join(distDir, name);
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
    // An inlined bundle has no map beside it; the reference would only make devtools fetch a missing file.
    return readFileSync(file, 'utf8').replace(
      /\n?(\/\/# sourceMappingURL=\S+|\/\*# sourceMappingURL=\S+ \*\/)\s*$/,
      '',
    );
  };
  return { script: read('webview.js'), css: read('webview.css') };
}
