/**
 * Random and hostile request bodies for the fuzz run: huge, deeply nested, invalid UTF-8,
 * wrong types, injection strings, truncated JSON, near-valid shapes of each endpoint's real
 * payloads, compressed bodies (gzip, deflate, a gzip bomb), multipart uploads, bodies over
 * every route's cap and very long texts. Deterministic for a seed, so a failure can be replayed.
 */
import { deflateSync, gzipSync } from 'node:zlib';

export interface HostileRequest {
  body: Buffer;
  contentType: string;
  /** Extra headers (a bearer token, a Slack signature) the request is sent with. */
  headers?: Record<string, string>;
}

const INJECTIONS = [
  '<img src=x onerror=alert(1)>',
  "'; DROP TABLE responses; --",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant literally
  '{{7*7}}${7*7}',
  '../../../../etc/passwd',
  '\u0000\u0001\u0002',
  '\uD800',
  '🙂'.repeat(500),
  'A'.repeat(70_000),
  '__proto__',
  'constructor',
  '%s%s%s%n',
  '<at>bot</at><script>',
];

const MiB = 1024 * 1024;

/** Built once, on first use: 32 MiB of zeros gzipped to about 32 KiB. */
let bomb: Buffer | undefined;
const gzipBomb = () => {
  bomb ??= gzipSync(Buffer.alloc(32 * MiB), { level: 9 });
  return bomb;
};

/** Bodies over every route's cap, and multipart files, share one buffer of spaces. */
const HUGE = Buffer.alloc(2 * MiB, 0x20);

/** A small seeded generator (mulberry32): the same seed gives the same run. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class HostileBodies {
  constructor(private readonly random: () => number) {}

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)] as T;
  }

  value(depth = 0): unknown {
    const kinds =
      depth > 3 ? ['string', 'number', 'null', 'bool'] : ['string', 'number', 'null', 'bool', 'array', 'object'];
    switch (this.pick(kinds)) {
      case 'string':
        return this.random() < 0.5 ? this.pick(INJECTIONS) : Math.random().toString(36).slice(2);
      case 'number':
        return this.pick([0, -1, 7.5, 1e308, Number.MAX_SAFE_INTEGER, 11, 9]);
      case 'null':
        return null;
      case 'bool':
        return this.random() < 0.5;
      case 'array':
        return Array.from({ length: Math.floor(this.random() * 4) }, () => this.value(depth + 1));
      default:
        return Object.fromEntries(
          Array.from({ length: Math.floor(this.random() * 4) }, () => [
            this.pick(['text', 'value', 'type', '__proto__', 'user', 'x']),
            this.value(depth + 1),
          ]),
        );
    }
  }

  private nested(levels: number): string {
    return `${'['.repeat(levels)}1${']'.repeat(levels)}`;
  }

  /** One hostile body, shaped around `nearValid` (an endpoint's real payload) some of the time. */
  next(nearValid: () => Record<string, unknown>): HostileRequest {
    const json = (value: unknown) => ({ body: Buffer.from(JSON.stringify(value)), contentType: 'application/json' });
    switch (Math.floor(this.random() * 13)) {
      case 0:
        return {
          body: Buffer.from(this.nested(5000 + Math.floor(this.random() * 50_000))),
          contentType: 'application/json',
        };
      case 1:
        return { body: Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0x7b, 0x22]), contentType: 'application/json' };
      case 2:
        return {
          body: Buffer.alloc(64 * 1024 + Math.floor(this.random() * 1024 * 1024), 0x61),
          contentType: 'application/json',
        };
      case 3: {
        const valid = JSON.stringify(nearValid());
        return {
          body: Buffer.from(valid.slice(0, Math.floor(this.random() * valid.length))),
          contentType: 'application/json',
        };
      }
      case 4:
        return json(this.value());
      case 5: {
        const body = nearValid();
        const keys = Object.keys(body);
        if (keys.length > 0) body[this.pick(keys)] = this.value();
        return json(body);
      }
      case 6:
        return {
          // Percent-encoded by hand: a lone surrogate is sent broken, as a broken client would.
          body: Buffer.from(
            `payload=${String(this.value()).replace(/\W/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}&x=%zz`,
          ),
          contentType: 'application/x-www-form-urlencoded',
        };
      case 7:
        return {
          body: Buffer.from(String(this.pick(INJECTIONS))),
          contentType: this.pick(['text/plain', 'application/xml', 'multipart/form-data; boundary=x', '']),
        };
      case 9: {
        const [coding, packed] =
          this.random() < 0.5
            ? ['gzip', gzipSync(JSON.stringify(nearValid()))]
            : this.random() < 0.5
              ? ['deflate', deflateSync(JSON.stringify(nearValid()))]
              : ['gzip', gzipBomb()];
        return { body: packed, contentType: 'application/json', headers: { 'content-encoding': coding } };
      }
      case 10: {
        const boundary = `fuzz${Math.floor(this.random() * 1e9)}`;
        const file = HUGE.subarray(0, Math.floor(this.random() * 256 * 1024));
        return {
          body: Buffer.concat([
            Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="f"; filename="a.bin"\r\n\r\n`),
            file,
            Buffer.from(`\r\n--${boundary}--\r\n`),
          ]),
          contentType: `multipart/form-data; boundary=${boundary}`,
        };
      }
      case 11:
        return {
          // Over the largest cap of the fuzzed routes (Slack's 512 KiB).
          body: HUGE.subarray(0, 600 * 1024 + Math.floor(this.random() * MiB)),
          contentType: this.pick(['application/json', 'application/x-www-form-urlencoded', 'text/csv']),
        };
      case 12:
        // Long texts in a near-valid body: over the web chat's cap, under Teams' and Slack's.
        return json({
          ...nearValid(),
          text: this.pick(['x', '你', 'é']).repeat(20_000 + Math.floor(this.random() * 60_000)),
        });
      default:
        return json({ ...nearValid(), text: this.pick(INJECTIONS) });
    }
  }
}
