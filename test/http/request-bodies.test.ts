/**
 * Request bodies against the real process (`src/main.ts`, as `npm start` runs it) over real
 * HTTP, with Slack, Teams credentials and web chat configured: only the media types a route
 * reads are read, nothing reaches the disk, no content-coding is inflated, a body over its
 * route's cap is refused without reading the rest, and the process's memory stays put.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { type IncomingHttpHeaders, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ListeningProcess, startListening } from '../../bench/processes.js';
import { FakeSlackApi } from '../slack/fake-slack-api.js';

const SIGNING_SECRET = 'bodies-signing-secret';
const MiB = 1024 * 1024;

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  json: { error?: string; message?: string } & Record<string, unknown>;
}

interface Sent {
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer;
}

let bot: ListeningProcess;
let slack: FakeSlackApi;
let childTmp: string;

/**
 * One request; resolves with the answer as soon as it arrives, even if the server then closes
 * the connection while the body is still being sent (which is the point for oversized bodies).
 */
function send(
  path: string,
  { method = 'POST', headers = {}, body }: Sent,
): Promise<Answer & { closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: bot.port, path, method, headers });
    let answered = false;
    const closed = new Promise<void>((done) => req.once('close', done));
    req.on('response', (res) => {
      answered = true;
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('error', () => {});
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: parsed(text), closed }));
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    req.end(body);
  });
}

function parsed(text: string): Answer['json'] {
  try {
    return JSON.parse(text) as Answer['json'];
  } catch {
    return { unparsed: text };
  }
}

/**
 * A body without a Content-Length, pulled `size` bytes at a time (for ever when `count` is
 * Infinity); fetch reads an answer that arrives while it is still sending. Resolves with the
 * answer (or null if the connection was cut first) and how many bytes were pulled by then.
 */
async function stream(
  path: string,
  { size, count }: { size: number; count: number },
): Promise<{ answer: Answer | null; pulled: number }> {
  const piece = new Uint8Array(size).fill(0x20);
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= size * count) return controller.close();
      pulled += size;
      controller.enqueue(piece);
    },
  });
  try {
    const response = await fetch(`http://127.0.0.1:${bot.port}${path}`, {
      method: 'POST',
      headers: JSON_TYPE,
      body,
      duplex: 'half',
    } as RequestInit);
    const answer = {
      status: response.status,
      headers: { connection: response.headers.get('connection') ?? undefined },
      json: parsed(await response.text()),
    };
    return { answer, pulled };
  } catch {
    return { answer: null, pulled };
  }
}

function slackHeaders(body: Buffer, contentType: string): Record<string, string> {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:`).update(body).digest('hex')}`;
  return {
    'content-type': contentType,
    'x-slack-signature': signature,
    'x-slack-request-timestamp': String(timestamp),
  };
}

/** Every file under a folder, with its size, so a test can see anything new. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((name) => join(folder, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => `${path} ${statSync(path).size}`)
    .sort();
}

/** A gzip stream of zeros: `inflated` bytes once inflated, about a thousandth of that sent. */
async function gzipBomb(inflated: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = new Promise((resolve) => gzip.once('end', resolve));
  const zeros = Buffer.alloc(MiB);
  for (let written = 0; written < inflated; written += zeros.length) {
    if (!gzip.write(zeros)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await ended;
  return Buffer.concat(out);
}

function multipart(fileBytes: number): { body: Buffer; contentType: string } {
  const boundary = 'npsbot-test-boundary';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="f"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    Buffer.alloc(fileBytes, 0x42),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The process's resident memory (`VmRSS`) or its peak since the last reset (`VmHWM`), in bytes. */
function memoryOf(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${field}:`));
  return Number(/(\d+)\s*kB/.exec(line ?? '')?.[1] ?? Number.NaN) * 1024;
}

/** Sets the process's peak resident memory back to what it holds now (Linux: "5" to clear_refs). */
function resetPeak(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

const JSON_TYPE = { 'content-type': 'application/json' };

beforeAll(async () => {
  slack = new FakeSlackApi();
  await slack.start();
  childTmp = mkdtempSync(join(tmpdir(), 'npsbot-bodies-'));
  bot = await startListening(['src/main.ts'], {
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    // The process's os.tmpdir(): anything it writes to a temp file would show up here.
    TMPDIR: childTmp,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-bodies',
    SLACK_API_URL: slack.url,
    MICROSOFT_APP_ID: 'bodies-app-id',
    MICROSOFT_APP_PASSWORD: 'bodies-app-password',
    WEBCHAT_CLIENT_RATE: '100000/100000',
  });
}, 60_000);

afterAll(async () => {
  if (bot) {
    const exited = new Promise((resolve) => bot.child.once('exit', resolve));
    bot.child.kill('SIGTERM');
    await exited;
  }
  await slack?.stop();
  if (childTmp) rmSync(childTmp, { recursive: true, force: true });
});

describe('media types', () => {
  it.each([
    ['/webchat/sessions', 'text/plain', '{}'],
    ['/webchat/sessions', 'application/x-www-form-urlencoded', 'user=a'],
    ['/webchat/sessions', 'application/json; charset=iso-8859-1', '{}'],
    ['/api/surveys', 'application/x-www-form-urlencoded', 'channel=slack&user=U1'],
    ['/api/surveys', 'text/plain', '{"channel":"slack","user":"U1"}'],
    ['/api/surveys/bulk', 'text/plain', 'channel,user\nslack,U1'],
    ['/api/messages', 'text/plain', '{"type":"message"}'],
    ['/api/messages', 'multipart/form-data; boundary=x', '--x--'],
    ['/slack/events', 'text/plain', '{"type":"url_verification","challenge":"c"}'],
    ['/slack/events', 'application/xml', '<event/>'],
  ])('%s refuses a %s body with 415', async (path, contentType, body) => {
    const answer = await send(path, { headers: { 'content-type': contentType }, body: Buffer.from(body) });
    expect(answer.status).toBe(415);
    expect(answer.json).toMatchObject({ error: 'unsupported_media_type', message: expect.any(String) });
  });

  it('reads what each route expects: JSON everywhere, CSV for campaigns, form bodies for Slack', async () => {
    const session = await send('/webchat/sessions', {
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: Buffer.from('{}'),
    });
    expect(session.status).toBe(201);
    const csv = await send('/api/surveys/bulk', {
      headers: { 'content-type': 'text/csv' },
      body: Buffer.from('channel,user\nwebchat,visitor-1\n'),
    });
    expect(csv.status).toBe(202);
    const form = Buffer.from('command=%2Fnps&user_id=U1&text=&trigger_id=t1&channel_id=D1');
    const command = await send('/slack/events', {
      headers: slackHeaders(form, 'application/x-www-form-urlencoded'),
      body: form,
    });
    expect(command.status).toBe(200);
    const check = Buffer.from('{"type":"url_verification","challenge":"abc"}');
    const verified = await send('/slack/events', { headers: slackHeaders(check, 'application/json'), body: check });
    expect(verified).toMatchObject({ status: 200, json: { challenge: 'abc' } });
  });

  it.each([
    ['/webchat/sessions', JSON_TYPE],
    ['/api/surveys', JSON_TYPE],
    ['/api/surveys/bulk', JSON_TYPE],
    ['/api/messages', JSON_TYPE],
  ])('%s answers malformed JSON with 400', async (path, headers) => {
    const answer = await send(path, { headers, body: Buffer.from('{"user": "a",') });
    expect(answer).toMatchObject({ status: 400, json: { error: 'bad_json' } });
  });

  it('answers a signed Slack body that is not JSON with 400, an unsigned one with 401', async () => {
    const broken = Buffer.from('{"type": "event_callback",');
    const signed = await send('/slack/events', { headers: slackHeaders(broken, 'application/json'), body: broken });
    expect(signed).toMatchObject({ status: 400, json: { error: 'bad_request' } });
    const unsigned = await send('/slack/events', { headers: JSON_TYPE, body: broken });
    expect(unsigned).toMatchObject({ status: 401, json: { error: 'bad_signature' } });
  });

  it('answers bytes that are not UTF-8 with 400', async () => {
    const answer = await send('/webchat/sessions', {
      headers: JSON_TYPE,
      body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    });
    expect(answer).toMatchObject({ status: 400, json: { error: 'bad_request' } });
  });
});

describe('multipart uploads', () => {
  it('are refused before a byte reaches the disk, on /api/messages and /webchat/sessions', async () => {
    const before = filesUnder(childTmp);
    const upload = multipart(20 * MiB);
    for (const path of ['/api/messages', '/webchat/sessions']) {
      const answer = await send(path, { headers: { 'content-type': upload.contentType }, body: upload.body });
      expect(answer.status).toBe(415);
      expect(answer.json).toMatchObject({ error: 'unsupported_media_type' });
      await answer.closed;
    }
    expect(filesUnder(childTmp)).toEqual(before);
  });
});

describe('caps', () => {
  it.each([
    ['/webchat/sessions', 4 * 1024],
    ['/api/messages', 256 * 1024],
    ['/slack/events', 512 * 1024],
    ['/api/surveys', 16 * 1024],
    ['/api/surveys/bulk', 2 * MiB],
  ])('%s takes at most %i bytes, whether the length is declared or not', async (path, cap) => {
    const declared = await send(path, { headers: JSON_TYPE, body: Buffer.alloc(cap + 1, 0x20) });
    expect(declared).toMatchObject({ status: 413, json: { error: 'payload_too_large' } });
    expect(declared.headers.connection).toBe('close');
    const streamed = await stream(path, { size: 16 * 1024, count: cap / (16 * 1024) + 2 });
    expect(streamed.answer).toMatchObject({ status: 413, json: { error: 'payload_too_large' } });
    // At the cap itself the body is read (and then found not to be JSON, or not a valid request).
    const atCap = await send(path, { headers: JSON_TYPE, body: Buffer.alloc(cap, 0x20) });
    expect(atCap.status).not.toBe(413);
  });

  it('stops reading a body over the cap: the connection is closed while the client is still sending', async () => {
    // A body without end: a server that went on reading it (even to throw the bytes away) would
    // take gigabytes before its request timeout closed the connection.
    const { answer, pulled } = await stream('/webchat/sessions', { size: 64 * 1024, count: Number.POSITIVE_INFINITY });
    expect(answer).toMatchObject({ status: 413, json: { error: 'payload_too_large' } });
    expect(pulled).toBeLessThan(64 * MiB);
  });
});

describe('content codings', () => {
  const ENDPOINTS = ['/slack/events', '/api/messages', '/webchat/sessions', '/api/surveys', '/api/surveys/bulk'];

  it.each(ENDPOINTS)('%s refuses a small gzip or deflate body with 415', async (path) => {
    for (const coding of ['gzip', 'deflate', 'br']) {
      const answer = await send(path, {
        headers: { ...JSON_TYPE, 'content-encoding': coding },
        body: Buffer.from([0x1f, 0x8b, 0x08, 0x00]),
      });
      expect(answer).toMatchObject({ status: 415, json: { error: 'unsupported_media_type' } });
      expect(answer.headers['accept-encoding']).toBe('identity');
    }
  });

  it('a ~500 KiB gzip bomb (500 MiB inflated) to every endpoint, two at a time, moves its memory by under 50 MB', async () => {
    const bomb = await gzipBomb(500 * MiB);
    expect(bomb.length).toBeGreaterThan(400 * 1024);
    expect(bomb.length).toBeLessThan(600 * 1024);
    const pid = bot.child.pid ?? 0;
    const before = memoryOf(pid, 'VmRSS');
    resetPeak(pid);
    const answers = await Promise.all(
      ENDPOINTS.flatMap((path) =>
        [1, 2].map(() =>
          send(path, {
            headers: { ...slackHeaders(bomb, 'application/json'), 'content-encoding': 'gzip' },
            body: bomb,
          }),
        ),
      ),
    );
    for (const answer of answers)
      expect(answer).toMatchObject({ status: 415, json: { error: 'unsupported_media_type' } });
    const peakGrowth = memoryOf(pid, 'VmHWM') - before;
    expect(peakGrowth).toBeLessThan(50 * 1000 * 1000);
    expect((await send('/healthz', { method: 'GET' })).status).toBe(200);
  });
});

describe('the process', () => {
  it('printed no warning (deprecation or other) on this Node version', () => {
    expect(bot.stderr()).not.toMatch(/Warning/);
  });
});
