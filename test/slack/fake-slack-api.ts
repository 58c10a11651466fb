/**
 * A small stand-in for Slack's Web API on 127.0.0.1: answers the methods the bot calls the
 * way Slack does (`auth.test`, `users.info`, `conversations.open`, `chat.postMessage`,
 * `chat.update`) and records every call with its arguments. It can answer a method with
 * 429 + Retry-After once, to prove the bot waits and retries, or with one of Slack's errors
 * once for one channel. A token starting `xoxb-revoked` is refused as Slack refuses it.
 * `conversations.members` pages a channel's members with cursors; `users.info` answers each
 * person's `tz`, `deleted` and `is_bot`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  answer: Record<string, unknown>;
  /** The test's clock when the call came in. */
  at: number;
}

export interface FakeSlackPerson {
  name: string;
  locale: string;
  tz?: string;
  deleted?: boolean;
  is_bot?: boolean;
}

/** Slack answers at most this many members per `conversations.members` page, whatever the limit asked. */
const MEMBERS_PAGE_MAX = 100;

export class FakeSlackApi {
  readonly calls: SlackCall[] = [];
  readonly rateLimitOnce = new Set<string>();
  /** `method channel` → the Slack error (`not_in_channel`, …) to answer once, with HTTP 200 as Slack does. */
  readonly failOnce = new Map<string, string>();
  private server: Server | undefined;
  private nextTs = 1000;
  url = '';

  /** Channel id → its members, for `conversations.members` (paged with cursors as Slack pages them). */
  readonly channelMembers = new Map<string, string[]>();

  constructor(
    readonly people: Record<string, FakeSlackPerson> = {},
    private readonly clock: () => number = Date.now,
  ) {}

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
        const raw = Buffer.concat(chunks).toString('utf8');
        const args = (req.headers['content-type'] ?? '').includes('json')
          ? (JSON.parse(raw || '{}') as Record<string, unknown>)
          : Object.fromEntries([...new URLSearchParams(raw)].map(([key, value]) => [key, decodeField(value)]));
        res.setHeader('content-type', 'application/json');
        if (this.rateLimitOnce.delete(method)) {
          res.statusCode = 429;
          res.setHeader('retry-after', '1');
          res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
          return;
        }
        const failure = `${method} ${String(args.channel)}`;
        const error = this.failOnce.get(failure);
        this.failOnce.delete(failure);
        const revoked = (req.headers.authorization ?? '').startsWith('Bearer xoxb-revoked');
        const answer = revoked
          ? { ok: false, error: 'invalid_auth' }
          : error
            ? { ok: false, error }
            : this.answer(method, args);
        this.calls.push({ method, args, answer, at: this.clock() });
        res.end(JSON.stringify(answer));
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', team: 'Acme' };
      case 'users.info': {
        const id = String(args.user);
        const person = this.people[id] ?? { name: 'Sam', locale: 'en-US' };
        return {
          ok: true,
          user: {
            id,
            real_name: `${person.name} Doe`,
            locale: person.locale,
            profile: { first_name: person.name },
            tz: person.tz ?? 'America/Los_Angeles',
            deleted: person.deleted ?? false,
            is_bot: person.is_bot ?? id === 'UBOT',
          },
        };
      }
      case 'conversations.members': {
        const members = this.channelMembers.get(String(args.channel));
        if (!members) return { ok: false, error: 'channel_not_found' };
        const from = Number(args.cursor ?? 0);
        const size = Math.min(Number(args.limit ?? MEMBERS_PAGE_MAX), MEMBERS_PAGE_MAX);
        const next = from + size < members.length ? String(from + size) : '';
        return { ok: true, members: members.slice(from, from + size), response_metadata: { next_cursor: next } };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users)}` } };
      case 'chat.postMessage':
        this.nextTs += 1;
        return { ok: true, channel: args.channel, ts: `${this.nextTs}.000100` };
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts };
      default:
        return { ok: true };
    }
  }

  /** What the bot posted to a channel (and Slack took), in order: the text, or the text and its buttons. */
  posts(channel: string): { text: string; buttons: string[]; ts: string; blocks: unknown[] }[] {
    const posted = this.calls.filter(
      (call) => call.method === 'chat.postMessage' && call.args.channel === channel && call.answer.ok === true,
    );
    return posted.map((call) => {
      const blocks = (call.args.blocks as { type: string; elements?: { value?: string }[] }[] | undefined) ?? [];
      const buttons = blocks
        .filter((b) => b.type === 'actions')
        .flatMap((b) => b.elements?.map((e) => String(e.value)) ?? []);
      return { text: String(call.args.text), buttons, ts: String(call.answer.ts), blocks };
    });
  }

  /** What was posted to a command's `response_url` (tests point it at `<url>response`). */
  responses(): Record<string, unknown>[] {
    return this.calls.filter((call) => call.method === 'response').map((call) => call.args);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

/** The Web API client sends arrays and objects (blocks) as JSON strings inside the form. */
function decodeField(value: string): unknown {
  if (value.startsWith('[') || value.startsWith('{')) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}
