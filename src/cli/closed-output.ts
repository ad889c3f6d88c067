/**
 * A terminal that was closed (SIGHUP) or a reader that went away (`actlens run … | head`) makes writes to
 * stdout/stderr fail. That must not end the CLI before the run's log and reports are written: what cannot
 * be shown any more is dropped.
 */
const GONE = new Set(['EPIPE', 'EIO', 'ECONNRESET', 'ERR_STREAM_DESTROYED']);

export function dropOutputToClosedStreams(): void {
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (!GONE.has(error.code ?? '')) throw error;
    });
}
