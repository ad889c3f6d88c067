/** What every static check reads: the file's layer calls and the models they were grouped into. */
import type { LayerCall } from '../../source/layer-calls.ts';

export interface LintInput {
  fileName: string;
  /** In source order. */
  calls: LayerCall[];
  /** Each model's layers in source order; every call is in exactly one. */
  models: LayerCall[][];
}
