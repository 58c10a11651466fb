/**
 * The process's clock. The times the processes compare — a turn's time and the day its
 * counters go under, the due times and leases of outbox events, reminders and schedule waves —
 * must come from one clock they share: a host 25 hours ahead once took every event whose
 * lease another process held (each was delivered twice) and counted its day under tomorrow.
 *
 * With Redis as the store that clock is Redis's `TIME`. `SharedClock` keeps the offset between
 * this process's clock and Redis's, measured at start and again on every tick, so reading the
 * time costs no round trip (a turn still makes two). Without Redis (the memory store: one
 * process) the process's own clock is the clock.
 *
 * Dialogs and the engine never read a clock: this one is handed to them (docs/architecture.md, "Time").
 */
import { Ticker } from './scheduler/ticker.js';

/** Epoch milliseconds. */
export type Clock = () => number;

/** How often the offset to the shared clock is measured again. */
const SYNC_INTERVAL_MS = 5000;
/** A sample this slow says more about a busy Redis than about its clock: the last good offset stays. */
const SLOWEST_USEFUL_SAMPLE_MS = 1000;

/** This host's clock, shifted by `offsetMs` (NPSBOT_CLOCK_OFFSET_MS: a fault test's skewed host). */
export function localClock(offsetMs: number): Clock {
  return offsetMs === 0 ? Date.now : () => Date.now() + offsetMs;
}

export class SharedClock {
  private offsetMs = 0;
  private synced = false;
  private readonly ticker: Ticker;

  /** The shared time now: this host's clock corrected by the last measured offset. */
  readonly now: Clock = () => this.local() + this.offsetMs;

  constructor(
    /** Reads the shared clock (Redis `TIME`), epoch milliseconds. */
    private readonly sharedTime: () => Promise<number>,
    private readonly local: Clock,
    onError: (error: unknown) => void,
    intervalMs = SYNC_INTERVAL_MS,
  ) {
    this.ticker = new Ticker(intervalMs, () => this.sync(), onError);
  }

  /** Measures the offset once; the first call must succeed before the clock is used. */
  async sync(): Promise<void> {
    const sent = this.local();
    const shared = await this.sharedTime();
    const received = this.local();
    if (this.synced && received - sent > SLOWEST_USEFUL_SAMPLE_MS) return;
    // The shared clock was read somewhere between sending and receiving; the middle is the best guess.
    this.offsetMs = Math.round(shared - (sent + received) / 2);
    this.synced = true;
  }

  /** How far this host's clock is behind the shared one (negative: ahead), for the start-up log. */
  get offset(): number {
    return this.offsetMs;
  }

  start(): void {
    this.ticker.start();
  }

  stop(): Promise<void> {
    return this.ticker.stop();
  }
}
