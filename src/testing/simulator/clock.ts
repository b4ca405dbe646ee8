/**
 * A clock the test moves by hand: the simulator's retries and delays (and a reconciler's `now`)
 * run on it, so a schedule of hours runs in milliseconds and in the same order every time.
 */
import type { SimulatorClock } from './delivery';

export interface ManualClock extends SimulatorClock {
  /**
   * Moves time forward by `ms`, running every timer that falls due on the way, in order, each at
   * its own time; a timer's work (a delivery attempt) is awaited before the next one runs.
   */
  advance(ms: number): Promise<void>;
  /** Timers scheduled and not yet run. */
  readonly pending: number;
}

interface Timer {
  id: number;
  at: number;
  callback: () => unknown;
}

/** A manual clock starting at `start` (ms since the epoch; default 2030-01-01T00:00:00Z). */
export function createManualClock(start = Date.UTC(2030, 0, 1)): ManualClock {
  let now = start;
  let nextId = 1;
  const timers: Timer[] = [];
  return {
    now: () => now,
    setTimeout(callback, ms) {
      const timer = { id: nextId++, at: now + Math.max(0, ms), callback };
      timers.push(timer);
      return timer.id;
    },
    clearTimeout(handle) {
      const index = timers.findIndex((t) => t.id === handle);
      if (index >= 0) timers.splice(index, 1);
    },
    async advance(ms) {
      const until = now + ms;
      for (;;) {
        let index = -1;
        for (let i = 0; i < timers.length; i++) {
          const t = timers[i]!;
          if (t.at <= until && (index < 0 || t.at < timers[index]!.at)) index = i;
        }
        if (index < 0) break;
        const [timer] = timers.splice(index, 1);
        now = Math.max(now, timer!.at);
        await timer!.callback();
      }
      now = until;
    },
    get pending() {
      return timers.length;
    },
  };
}
