/**
 * Calls back once training has paused for a while: armed at the end of a `fit` call that left steps unread and pushed
 * back by the next one, so that a script calling `fit` in a loop of its own (one step a call, say) never sets it off,
 * and one that stops training to evaluate, save or wait does, within `afterMs`. It does not keep the process alive.
 */
export class PauseWatch {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly afterMs: number,
    private readonly onPause: () => void,
  ) {}

  /** Training stopped just now: `onPause` runs `afterMs` from now, unless this is called again first. */
  restart(): void {
    // One timer, rescheduled, not a new one at every call.
    if (this.timer) this.timer.refresh();
    else this.timer = setTimeout(() => this.onPause(), this.afterMs).unref();
  }
}
