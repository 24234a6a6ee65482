/**
 * Runs `task` after `firstAfterMs`, then every `everyMs`, never two runs at once; a failed run is logged (the error
 * goes through the logger's safe serializer) and the next tick tries again. The timers do not keep the process
 * alive. For the server's background jobs (reminder digests, the retention run).
 */
export function repeatEvery(
  task: () => Promise<unknown>,
  opts: { firstAfterMs: number; everyMs: number; failed: string; log?: { error(obj: object, msg: string): void } },
): { stop(): void } {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await task();
    } catch (err) {
      opts.log?.error({ err }, opts.failed);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(tick, opts.firstAfterMs);
  const timer = setInterval(tick, opts.everyMs);
  first.unref();
  timer.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
