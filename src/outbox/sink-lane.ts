/**
 * One sink's share of the dispatcher: at most `concurrency` deliveries at once, and a queue
 * measured in time rather than length. A part that finds no free slot within the wait it is
 * given gives up (the event comes back later for this sink), so a sink held up by slow
 * deliveries never holds events, and with them every other sink, behind it for long.
 */
export class SinkLane {
  private running = 0;
  private readonly waiting: { admit: (admitted: boolean) => void; timer: NodeJS.Timeout }[] = [];

  constructor(private readonly concurrency: number) {}

  /** Resolves true with a slot (give it back with `leave`), or false when none came free within `waitMs`. */
  enter(waitMs: number): Promise<boolean> {
    if (this.running < this.concurrency) {
      this.running += 1;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const entry = {
        admit: resolve,
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(entry), 1);
          resolve(false);
        }, waitMs),
      };
      this.waiting.push(entry);
    });
  }

  /** Hands the slot to the longest waiting part, if any. */
  leave(): void {
    const next = this.waiting.shift();
    if (!next) {
      this.running -= 1;
      return;
    }
    clearTimeout(next.timer);
    next.admit(true);
  }
}
