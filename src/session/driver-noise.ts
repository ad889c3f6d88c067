/**
 * GPU drivers and Dawn print diagnostics of their own to the training process's stderr while the webgpu backend
 * probes adapters (a driver rejected for a missing feature, limits reduced, a Wayland socket not found). They are
 * not the script's output and ask nothing of the user; ActLens's notes say what matters (which adapter, why not
 * another). Only these exact lines are dropped, whole lines in one chunk, as the native code writes them.
 */
const DRIVER_LINES = [
  /^Warning: .*(artificially reduced|required\.?|not supported).*$/,
  /^ - While initializing adapter \(backend=BackendType::\w+\)$/,
  /^\s+at \w+ \(.*third_party\/dawn\/src\/.*:\d+\)$/,
  /^error: XDG_RUNTIME_DIR is invalid or not set in the environment\.$/,
];

export function withoutDriverNoise(chunk: string): string {
  const lines = chunk.split('\n');
  // The text after the last newline: a line still being written, passed on as it is.
  const tail = lines.pop()!;
  let kept = '';
  let afterNoise = false;
  for (const line of lines) {
    const noise = DRIVER_LINES.some((pattern) => pattern.test(line));
    // Dawn ends each message with an empty line.
    if (!noise && !(afterNoise && line === '')) kept += `${line}\n`;
    afterNoise = noise;
  }
  return kept + tail;
}
