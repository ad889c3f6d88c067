/**
 * Coalesces redraw requests: events can arrive hundreds of times a second, but the panel redraws at most
 * once per animation frame and at most `maxPerSecond` times a second, so a fast run never starves the page.
 */
export interface RenderScheduler {
  /** Asks for a redraw; many calls before it happens make one redraw. */
  request(): void;
}

export function createRenderScheduler(render: () => void, maxPerSecond = 10): RenderScheduler {
  const interval = 1000 / maxPerSecond;
  let pending = false;
  let lastRender = Number.NEGATIVE_INFINITY;

  const onFrame = (now: number) => {
    const wait = lastRender + interval - now;
    if (wait > 0) {
      setTimeout(() => requestAnimationFrame(onFrame), wait);
      return;
    }
    pending = false;
    lastRender = now;
    render();
  };

  return {
    request() {
      if (pending) return;
      pending = true;
      requestAnimationFrame(onFrame);
    },
  };
}
