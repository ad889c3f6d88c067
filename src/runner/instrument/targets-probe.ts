/**
 * The level a regression's loss is judged against: the mean squared error of always predicting the targets'
 * per-output mean, which is the targets' variance (the mean over outputs of each output's variance). Measured
 * once per model, at its first `fit(x, y)` whose `y` is one tensor; targets given as a list or a map (several
 * outputs) and `fitDataset` are left alone: which output the comparison's loss weighs is not known there.
 */
import type { TargetsEvent } from '../../core/events.ts';
import type { EventSink } from '../event-sink.ts';
import type { LayersModel, Tensor, Tf } from './tfjs-types.ts';

export class TargetsProbe {
  private readonly measured = new WeakSet<LayersModel>();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly tf: Tf,
    private readonly sink: EventSink,
  ) {}

  /**
   * Starts the measurement; its event goes out when the value is read back. Asynchronous: the read must not
   * stall the backend in front of the script's own training (a synchronous read would wait for the GPU).
   */
  observe(model: LayersModel, name: string, targets: unknown, loss: string | null): void {
    if (this.measured.has(model) || !(targets instanceof this.tf.Tensor) || targets.isDisposed) return;
    if (targets.dtype === 'string' || targets.dtype === 'complex64') return;
    const samples = targets.rank === 0 ? 0 : (targets.shape[0] ?? 0);
    if (samples === 0) return;
    this.measured.add(model);
    let mse: Tensor;
    try {
      // Queued now, while `targets` is alive: the script may dispose it as soon as fit returns.
      mse = this.tf.tidy(() => {
        const rows = this.tf.cast(targets, 'float32').reshape([samples, -1]);
        return this.tf.mean(this.tf.square(this.tf.sub(rows, this.tf.mean(rows, 0))));
      });
    } catch {
      return; // Whatever tfjs refuses here, the script's fit goes on as if nothing had looked.
    }
    const read: Promise<void> = this.emitWhenRead(mse, { model: name, loss, samples }).finally(() =>
      this.pending.delete(read),
    );
    this.pending.add(read);
  }

  /** Waits for every measurement started, so that its event goes out before the run's end. */
  async drain(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  private async emitWhenRead(mse: Tensor, facts: Omit<TargetsEvent, 'type' | 'meanPredictorMse'>): Promise<void> {
    try {
      const [value] = await mse.data();
      const meanPredictorMse = typeof value === 'number' && Number.isFinite(value) ? value : null;
      this.sink.emit({ type: 'targets', ...facts, meanPredictorMse });
    } catch {
      // A backend that failed the read (out of memory, a lost context) leaves the comparison without this level.
    } finally {
      mse.dispose();
    }
  }
}
