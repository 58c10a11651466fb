/**
 * Responses the log names whose records are gone (an evicting Redis, a hand deletion): every
 * listing says how many it met, and the operator reads it in the log the first time this
 * process meets any, so the loss is never silent and never floods the log (docs/operations.md).
 */
import type { Logger } from 'pino';

/** The CSV export's HTTP trailer: the count is known only once the last row is out. */
export const MISSING_TRAILER = 'X-Npsbot-Missing';

export class MissingResponses {
  private told = false;

  constructor(private readonly logger: Logger) {}

  note(count: number, where: string): void {
    if (count === 0) return;
    if (this.told) {
      this.logger.debug({ missing: count, where }, 'response records missing');
      return;
    }
    this.told = true;
    this.logger.error(
      { missing: count, where },
      `${where} met ${count} response(s) the response log names but whose records are gone (evicted by Redis, or deleted outside npsbot); listings report them as "missing" (docs/operations.md)`,
    );
  }
}
