/**
 * The `file://` model handlers that `@tensorflow/tfjs-node` registers, for the plain tfjs a script runs on when
 * tfjs-node cannot load: without them `model.save('file://…')` fails with "Cannot find any save handlers"
 * after the whole training. Same format as tfjs-node (a folder with model.json + weights.bin; loading reads a
 * model.json and the weight files its manifest names), so either one reads what the other wrote.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

const FILE_SCHEME = 'file://';
const MODEL_JSON = 'model.json';
const WEIGHTS_BIN = 'weights.bin';

/** tfjs's ModelArtifacts, as far as saving and loading a layers model touch it. tfjs 4 may split weightData. */
interface ModelArtifacts {
  modelTopology?: object | ArrayBuffer;
  weightSpecs?: object[];
  weightData?: ArrayBuffer | ArrayBuffer[];
  [field: string]: unknown;
}

interface WeightsManifestGroup {
  paths: string[];
  weights: object[];
}

/** Fields of model.json besides the topology and the weights, copied as they are (tfjs-node writes the same). */
const MODEL_JSON_FIELDS = [
  'format',
  'generatedBy',
  'convertedBy',
  'trainingConfig',
  'signature',
  'userDefinedMetadata',
  'modelInitializer',
] as const;

export class FileSystemModelIO {
  private readonly target: string;

  /** `target`: for saving, a folder (created if missing); for loading, the model.json file. */
  constructor(target: string) {
    this.target = path.resolve(target);
  }

  async save(artifacts: ModelArtifacts): Promise<{ modelArtifactsInfo: object }> {
    if (artifacts.modelTopology instanceof ArrayBuffer)
      throw new Error('Saving a model with a binary topology to file:// is not supported (tfjs-node does not either).');
    await this.createFolder();
    const weightData = joined(artifacts.weightData);
    const modelJson: Record<string, unknown> = {
      modelTopology: artifacts.modelTopology,
      weightsManifest: [
        { paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] },
      ] satisfies WeightsManifestGroup[],
    };
    for (const field of MODEL_JSON_FIELDS) if (artifacts[field] != null) modelJson[field] = artifacts[field];
    await writeFile(path.join(this.target, MODEL_JSON), JSON.stringify(modelJson), 'utf8');
    await writeFile(path.join(this.target, WEIGHTS_BIN), new Uint8Array(weightData));
    return {
      modelArtifactsInfo: {
        dateSaved: new Date(),
        modelTopologyType: 'JSON',
        modelTopologyBytes: JSON.stringify(artifacts.modelTopology ?? null).length,
        weightSpecsBytes: JSON.stringify(artifacts.weightSpecs ?? []).length,
        weightDataBytes: weightData.byteLength,
      },
    };
  }

  async load(): Promise<ModelArtifacts> {
    const info = await stat(this.target).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      throw new Error(`Cannot load a model from file://${this.target}: no such file.`);
    });
    if (!info.isFile())
      throw new Error(
        `Cannot load a model from file://${this.target}: give the path of its ${MODEL_JSON}, not a folder.`,
      );
    const modelJson = JSON.parse(await readFile(this.target, 'utf8')) as Record<string, unknown>;
    const artifacts: ModelArtifacts = { modelTopology: modelJson.modelTopology as object | undefined };
    for (const field of MODEL_JSON_FIELDS) if (modelJson[field] != null) artifacts[field] = modelJson[field];
    const manifest = modelJson.weightsManifest as WeightsManifestGroup[] | undefined;
    if (manifest) {
      const files = await Promise.all(
        manifest.flatMap((group) => group.paths.map((file) => readFile(path.join(path.dirname(this.target), file)))),
      );
      artifacts.weightSpecs = manifest.flatMap((group) => group.weights);
      artifacts.weightData = joined(files.map(arrayBufferOf));
    }
    return artifacts;
  }

  private async createFolder(): Promise<void> {
    const existing = await stat(this.target).catch(() => null);
    if (existing?.isFile())
      throw new Error(`Cannot save a model to file://${this.target}: it is a file; give a folder (new or existing).`);
    await mkdir(this.target, { recursive: true });
  }
}

/** `tf.io.fileSystem(path)` of tfjs-node: a handler for `model.save(…)` or `tf.loadLayersModel(…)`. */
export function fileSystem(target: string): FileSystemModelIO {
  return new FileSystemModelIO(target);
}

interface IoRouters {
  registerSaveRouter(router: (url: string | string[]) => FileSystemModelIO | null): void;
  registerLoadRouter(router: (url: string | string[]) => FileSystemModelIO | null): void;
  getSaveHandlers(url: string): unknown[];
}

/** Makes `file://` URLs save and load on this tfjs copy, unless it has a handler for them already (tfjs-node's). */
export function registerFileSystemRouters(tf: Record<string, unknown>): void {
  const io = tf.io as IoRouters;
  if (io.getSaveHandlers(`${FILE_SCHEME}${MODEL_JSON}`).length > 0) return;
  const router = (url: string | string[]) =>
    typeof url === 'string' && url.startsWith(FILE_SCHEME) ? fileSystem(url.slice(FILE_SCHEME.length)) : null;
  io.registerSaveRouter(router);
  io.registerLoadRouter(router);
}

function joined(weightData: ArrayBuffer | ArrayBuffer[] | undefined): ArrayBuffer {
  if (weightData === undefined) return new ArrayBuffer(0);
  if (!Array.isArray(weightData)) return weightData;
  return arrayBufferOf(Buffer.concat(weightData.map((part) => new Uint8Array(part))));
}

/** The bytes of a Buffer as an ArrayBuffer of their own (a Buffer may be a view into a larger pool). */
function arrayBufferOf(buffer: Buffer): ArrayBuffer {
  return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
}
