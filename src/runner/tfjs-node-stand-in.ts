/**
 * What a script written for `@tensorflow/tfjs-node` finds in the tfjs namespace when tfjs-node could not load
 * and the script runs on plain tfjs: `tf.io.fileSystem` (file-system-io.ts, whose `file://` routers the loader
 * registers), and a `tf.node` whose functions — all of which need the native binding — throw an error that
 * says so, instead of "Cannot read properties of undefined (reading 'decodeJpeg')".
 */
import { fileSystem, registerFileSystemRouters } from './file-system-io.ts';

/** tfjs-node's `tf.node` namespace (3.x and 4.x): image codecs, TensorBoard and SavedModel, all native. */
const NATIVE_NODE_FUNCTIONS = [
  'decodeImage',
  'decodeBmp',
  'decodeGif',
  'decodePng',
  'decodeJpeg',
  'encodeJpeg',
  'encodePng',
  'summaryFileWriter',
  'tensorBoard',
  'getMetaGraphsFromSavedModel',
  'getNumOfSavedModels',
  'loadSavedModel',
] as const;

/** Part of the fallback note: what keeps working and what does not. */
export const TFJS_NODE_STAND_IN_NOTE =
  "Saving and loading with file:// and tf.io.fileSystem work as with tfjs-node (model.json + weights.bin); tf.node's functions (image decoding and encoding, TensorBoard, SavedModel) need tfjs-node's native binding and throw if called, and fit's progress bar (verbose: 1) is not printed.";

/** Puts tfjs-node's extras into `exposed`, the namespace the script's tfjs imports read; returns the note. */
export function standInForTfjsNode(exposed: Record<string, unknown>): string {
  registerFileSystemRouters(exposed);
  exposed.io = { ...(exposed.io as object), fileSystem };
  exposed.node = Object.fromEntries(
    NATIVE_NODE_FUNCTIONS.map((name) => [
      name,
      () => {
        throw new Error(
          `tf.node.${name} needs @tensorflow/tfjs-node's native binding, which could not be loaded here (ActLens's notes say why); the script runs on plain @tensorflow/tfjs.`,
        );
      },
    ]),
  );
  return TFJS_NODE_STAND_IN_NOTE;
}
