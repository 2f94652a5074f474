import type { Cancel } from '@kinetic/core';
import type { Scheduler } from '@kinetic/core/runtime';
import { runawayTimers } from './errors.js';

interface Timer {
  at: number;
  /** Tie-break for timers due at the same time: the order they were (re)armed. */
  seq: number;
  readonly interval: number | undefined;
  readonly callback: () => void;
}

/** Firings at one instant before the clock assumes a timer re-arms itself forever. */
const MAX_FIRINGS = 10_000;

/**
 * A clock that moves only when told: the scheduler a mount() test gives its ViewInstance
 * (InstanceHost.scheduler), so sendInfo({after}) and every(ms) run deterministically.
 */
export class VirtualClock implements Scheduler {
  private now = 0;
  private seq = 0;
  private readonly timers = new Set<Timer>();

  /** Virtual milliseconds since the view mounted. */
  get elapsed(): number {
    return this.now;
  }

  schedule(callback: () => void, ms: number, repeat: boolean): Cancel {
    const delay = Math.max(0, ms);
    const timer: Timer = {
      at: this.now + delay,
      seq: this.seq++,
      interval: repeat ? Math.max(1, delay) : undefined,
      callback,
    };
    this.timers.add(timer);
    return () => {
      this.timers.delete(timer);
    };
  }

  /**
   * Moves the clock `ms` forward, firing due timers in time order; after each firing,
   * `settle` waits until the step it started is done, so the next timer sees its outcome.
   */
  async advance(ms: number, settle: () => Promise<void>): Promise<void> {
    const end = this.now + Math.max(0, ms);
    let stuck = 0;
    for (;;) {
      const next = this.due(end);
      if (next === undefined) break;
      stuck = next.at === this.now ? stuck + 1 : 0;
      if (stuck > MAX_FIRINGS) throw runawayTimers(MAX_FIRINGS, this.now);
      this.now = next.at;
      if (next.interval === undefined) this.timers.delete(next);
      else {
        next.at += next.interval;
        next.seq = this.seq++;
      }
      next.callback();
      await settle();
    }
    this.now = end;
  }

  /** Stops every timer (the view ended). */
  clear(): void {
    this.timers.clear();
  }

  private due(end: number): Timer | undefined {
    let best: Timer | undefined;
    for (const timer of this.timers) {
      if (timer.at > end) continue;
      if (
        best === undefined ||
        timer.at < best.at ||
        (timer.at === best.at && timer.seq < best.seq)
      ) {
        best = timer;
      }
    }
    return best;
  }
}
