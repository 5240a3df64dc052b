import { EXIT } from '../exit-codes.js';

/** A graceful stop on the first Ctrl-C (or SIGTERM), an immediate exit on the second. */
export interface Interrupt {
  readonly signal: AbortSignal;
  readonly interrupted: boolean;
  /**
   * The job is over. Before any Ctrl-C, stop listening; after one, keep listening, so a second
   * Ctrl-C while the summary is written still exits 130 rather than dying of the signal.
   */
  dispose(): void;
}

/**
 * Listen for SIGINT and SIGTERM. The first aborts `signal`: the engine starts no new task, lets
 * in-flight ones finish and flushes its ledger. The second exits at once with 130; whatever the
 * ledger already holds survives, so `--resume` still loses nothing.
 */
export function listenForInterrupt(onFirst: (signalName: string) => void): Interrupt {
  const controller = new AbortController();
  let interrupted = false;
  const handler = (signalName: NodeJS.Signals) => {
    if (interrupted) {
      process.stderr.write('\nStopped at once.\n');
      process.exit(EXIT.interrupted);
    }
    interrupted = true;
    onFirst(signalName);
    controller.abort(new Error(`interrupted by ${signalName}`));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    get interrupted() {
      return interrupted;
    },
    dispose() {
      if (interrupted) return;
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
