/** Rate limits for what a run updates many times a second (diagnostics, status bar, panel, progress). */
import type { DisposableLike } from './dispose.ts';

/** Runs `action` at most once per `intervalMs`, on the trailing edge: the last schedule() is never lost. */
export class Throttle implements DisposableLike {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private last = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly action: () => void,
  ) {}

  schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.last + this.intervalMs - Date.now());
    this.timer = setTimeout(() => this.run(), wait);
  }

  /** Runs now, cancelling a scheduled run. */
  flush(): void {
    this.cancel();
    this.run();
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.cancel();
  }

  private run(): void {
    this.timer = undefined;
    this.last = Date.now();
    this.action();
  }
}

/** Runs `action(key)` once `delayMs` after the last schedule(key) for that key. */
export class KeyedDebounce<K> implements DisposableLike {
  private readonly timers = new Map<K, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly delayMs: number,
    private readonly action: (key: K) => void,
  ) {}

  schedule(key: K): void {
    this.cancel(key);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.action(key);
      }, this.delayMs),
    );
  }

  cancel(key: K): void {
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
