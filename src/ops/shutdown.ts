import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';

export interface ShutdownStep {
  /** Shown in the log: `stopping slack`. */
  name: string;
  run: () => Promise<unknown> | unknown;
}

/**
 * Runs the shutdown steps once, in order, each bounded by `stepTimeoutMs`, so one hung socket cannot
 * keep the process from exiting and systemd from restarting it. A failing step is logged and the
 * rest still run: the database must be closed even when an adapter refuses to stop.
 */
export function createShutdown(deps: { logger: Logger; clock: Clock; stepTimeoutMs?: number }) {
  const steps: ShutdownStep[] = [];
  const stepTimeoutMs = deps.stepTimeoutMs ?? 5_000;
  let running: Promise<void> | undefined;

  const runStep = async (step: ShutdownStep) => {
    let timer: { cancel(): void } | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = deps.clock.setTimeout(() => resolve('timeout'), stepTimeoutMs);
    });
    try {
      const outcome = await Promise.race([Promise.resolve().then(step.run), timedOut]);
      if (outcome === 'timeout') deps.logger.warn({ step: step.name, stepTimeoutMs }, 'shutdown step timed out');
    } catch (error) {
      deps.logger.error({ err: error, step: step.name }, 'shutdown step failed');
    } finally {
      timer?.cancel();
    }
  };

  return {
    /** Steps run in the order they were added. */
    add(step: ShutdownStep): void {
      steps.push(step);
    },
    /** Starts the shutdown (once; later calls share it) and resolves when every step has run. */
    run(reason: string): Promise<void> {
      running ??= (async () => {
        deps.logger.info({ reason }, 'shutting down');
        for (const step of steps) await runStep(step);
        deps.logger.info('stopped');
      })();
      return running;
    },
  };
}

/** Calls `handler` on the first of `signals`; returns a function that removes the listeners. */
export function onSignals(
  signals: NodeJS.Signals[],
  handler: (signal: NodeJS.Signals) => void,
  target: NodeJS.Process = process,
): () => void {
  const listener = (signal: NodeJS.Signals) => handler(signal);
  for (const s of signals) target.on(s, listener);
  return () => {
    for (const s of signals) target.off(s, listener);
  };
}
