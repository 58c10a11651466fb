/**
 * A webhook receiver on 127.0.0.1 whose answer the test decides per delivery: a status, or
 * `hang` (never answers until closed). It records every attempt's `webhook-id`.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Answer = number | 'hang';

export class TestReceiver {
  /** The `webhook-id` of every attempt, in arrival order. */
  readonly attempts: string[] = [];
  /** Ids answered 2xx. */
  readonly delivered: string[] = [];
  private readonly hanging = new Set<ServerResponse>();
  private readonly server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = String(req.headers['webhook-id']);
      this.attempts.push(id);
      const answer = this.answer(id, this.attempts.filter((seen) => seen === id).length);
      if (answer === 'hang') {
        this.hanging.add(res);
        return;
      }
      if (answer < 300) this.delivered.push(id);
      res.statusCode = answer;
      res.end();
    });
  });

  constructor(public answer: (id: string, attempt: number) => Answer) {}

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  attemptsOf(id: string): number {
    return this.attempts.filter((seen) => seen === id).length;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
