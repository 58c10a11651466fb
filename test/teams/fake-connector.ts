/**
 * A small stand-in for the Bot Framework connector service on 127.0.0.1: it answers the
 * REST calls a bot makes (send, reply, update, create conversation) the way the real service
 * does, and records each one so tests can read what the bot sent.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  method: string;
  path: string;
  /** The conversation id from the path, decoded. */
  conversation: string | null;
  /** The activity id from the path (reply and update), decoded. */
  activityId: string | null;
  body: Record<string, unknown>;
  /** The id the connector gave what was sent (an activity's id, or a new conversation's). */
  answeredId: string | null;
}

export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  private server: Server | undefined;
  private sent = 0;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const path = (req.url ?? '').split('?')[0] ?? '';
        const match = /^\/v3\/conversations(?:\/([^/]+)\/activities(?:\/([^/]+))?)?\/?$/.exec(path);
        const raw = Buffer.concat(chunks).toString('utf8');
        const call: ConnectorCall = {
          method: req.method ?? '',
          path,
          conversation: match?.[1] ? decodeURIComponent(match[1]) : null,
          activityId: match?.[2] ? decodeURIComponent(match[2]) : null,
          body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
          answeredId: null,
        };
        this.calls.push(call);
        res.setHeader('content-type', 'application/json');
        if (!match) {
          res.statusCode = 404;
          res.end(JSON.stringify({ error: { code: 'NotFound', message: path } }));
          return;
        }
        this.sent += 1;
        // An update keeps the activity's id, as the real service does.
        const answer = match[1]
          ? { id: req.method === 'PUT' && call.activityId ? call.activityId : `activity-${this.sent}` }
          : { id: `conversation-${this.sent}`, activityId: `activity-${this.sent}` };
        call.answeredId = answer.id;
        res.statusCode = req.method === 'POST' && !match[1] ? 201 : 200;
        res.end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  /** The activities the bot sent (not updates) since `from`, with the ids the connector gave them. */
  postedSince(from: number): { id: string; body: Record<string, unknown> }[] {
    return this.calls
      .slice(from)
      .filter((call) => call.method === 'POST' && call.conversation)
      .map((call) => ({ id: call.answeredId ?? '', body: call.body }));
  }

  /** The activities the bot sent (not updates) since `from`. */
  sentSince(from: number): Record<string, unknown>[] {
    return this.calls
      .slice(from)
      .filter((call) => call.method === 'POST' && call.conversation)
      .map((call) => call.body);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
