/**
 * Fuzzes the three public endpoints — web chat, Slack, Bot Framework — with random and hostile
 * bodies (bench/hostile-bodies.ts: compressed, multipart, over every cap, …), and checks that every answer is a 4xx (or 2xx) with a JSON error body where it is an
 * error, that nothing answers 5xx, that the process is still up, and how memory moved.
 *
 *   npm run fuzz -- [count=10000] [seed=1]
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { HostileBodies, type HostileRequest, seeded } from './hostile-bodies.js';

export interface FuzzReport {
  sent: number;
  byStatus: Record<string, number>;
  /** Answers that break the rules: a 5xx, or an error without a JSON `{ error, message }`. */
  violations: { endpoint: string; status: number; body: string }[];
  heapMiB: { afterWarmUp: number; atEnd: number };
  stillUp: boolean;
}

const SLACK_SECRET = 'fuzz-signing-secret';

/** Answers every Web API or connector call with success, so only our own code is under test. */
function agreeableServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({ ok: true, id: 'a1', ts: '1.1', user_id: 'UBOT', bot_id: 'BBOT', channel: { id: 'D1' } }),
      );
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` }),
    ),
  );
}

function slackSign(body: Buffer): Record<string, string> {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SLACK_SECRET).update(`v0:${timestamp}:`).update(body).digest('hex')}`;
  return { 'x-slack-signature': signature, 'x-slack-request-timestamp': String(timestamp) };
}

const heapMiB = () => Math.round((process.memoryUsage().heapUsed / 1024 / 1024) * 10) / 10;

export async function runFuzz(count: number, seed: number): Promise<FuzzReport> {
  const fakes = await agreeableServer();
  const app = await createApp(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.FUZZ_LOG_LEVEL ?? 'silent',
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-fuzz',
      SLACK_API_URL: `${fakes.url}api/`,
    }),
    { webchatLimits: { perSession: { burst: 1e9, perSecond: 1e9 }, perClient: { burst: 1e9, perSecond: 1e9 } } },
  );
  const base = `http://127.0.0.1:${await app.listen()}`;
  const session = (await (
    await fetch(`${base}/webchat/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
  ).json()) as {
    sessionId: string;
    token: string;
  };
  const random = seeded(seed);
  const bodies = new HostileBodies(random);
  const endpoints: {
    name: string;
    path: string;
    nearValid: () => Record<string, unknown>;
    headers: (r: HostileRequest) => Record<string, string>;
  }[] = [
    {
      name: 'webchat sessions',
      path: '/webchat/sessions',
      nearValid: () => ({ locale: 'en', touchpoint: 'x', properties: { a: '1' } }),
      headers: () => ({}),
    },
    {
      name: 'webchat messages',
      path: `/webchat/sessions/${session.sessionId}/messages`,
      nearValid: () => ({ text: 'help', clientMessageId: String(random()) }),
      headers: () => ({ authorization: `Bearer ${session.token}` }),
    },
    {
      name: 'webchat shown',
      path: `/webchat/sessions/${session.sessionId}/shown`,
      nearValid: () => ({}),
      headers: () => ({ authorization: `Bearer ${session.token}` }),
    },
    {
      name: 'slack events',
      path: '/slack/events',
      nearValid: () => ({
        type: 'event_callback',
        event: { type: 'message', channel_type: 'im', user: 'U1', channel: 'D1', text: 'hi', ts: '1.1' },
      }),
      // Half signed, to reach the parsing behind the signature check.
      headers: (request) => (random() < 0.5 ? slackSign(request.body) : {}),
    },
    {
      name: 'bot framework',
      path: '/api/messages',
      nearValid: () => ({
        type: 'message',
        id: String(random()),
        serviceUrl: fakes.url,
        channelId: 'emulator',
        from: { id: 'u1' },
        conversation: { id: 'c1' },
        recipient: { id: 'b1' },
        text: 'hi',
      }),
      headers: () => ({}),
    },
  ];

  const report: FuzzReport = {
    sent: 0,
    byStatus: {},
    violations: [],
    heapMiB: { afterWarmUp: 0, atEnd: 0 },
    stillUp: false,
  };
  const one = async () => {
    const endpoint = endpoints[Math.floor(random() * endpoints.length)] as (typeof endpoints)[number];
    const request = bodies.next(endpoint.nearValid);
    const headers: Record<string, string> = { ...endpoint.headers(request), ...request.headers };
    if (request.contentType) headers['content-type'] = request.contentType;
    let status = 0;
    let text = '';
    try {
      const response = await fetch(`${base}${endpoint.path}`, {
        method: 'POST',
        headers,
        body: new Uint8Array(request.body),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      text = `no answer: ${(error as Error).message}`;
    }
    report.sent += 1;
    report.byStatus[String(status)] = (report.byStatus[String(status)] ?? 0) + 1;
    const isError = status >= 400 || status === 0;
    let jsonError = false;
    try {
      const parsed = JSON.parse(text) as { error?: unknown; message?: unknown };
      jsonError = typeof parsed.error === 'string' && typeof parsed.message === 'string';
    } catch {
      jsonError = false;
    }
    if (status >= 500 || status === 0 || (isError && !jsonError)) {
      report.violations.push({ endpoint: endpoint.name, status, body: text.slice(0, 200) });
    }
  };

  const concurrency = 16;
  let issued = 0;
  const worker = async () => {
    while (issued < count) {
      issued += 1;
      await one();
      if (issued === Math.floor(count / 5)) report.heapMiB.afterWarmUp = heapMiB();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  globalThis.gc?.();
  report.heapMiB.atEnd = heapMiB();
  report.stillUp = (await fetch(`${base}/healthz`)).ok;
  await app.close();
  await new Promise((resolve) => fakes.server.close(resolve));
  return report;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const count = Number(process.argv[2] ?? 10_000);
  const seed = Number(process.argv[3] ?? 1);
  const started = Date.now();
  const report = await runFuzz(count, seed);
  console.log(`fuzz: ${report.sent} hostile bodies (seed ${seed}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`answers by status: ${JSON.stringify(report.byStatus)}`);
  console.log(`heap: ${report.heapMiB.afterWarmUp} MiB after the first fifth, ${report.heapMiB.atEnd} MiB at the end`);
  console.log(`process still up: ${report.stillUp}; rule violations: ${report.violations.length}`);
  for (const violation of report.violations.slice(0, 20))
    console.log(`  ${violation.endpoint}: ${violation.status} ${violation.body}`);
  process.exit(report.violations.length === 0 && report.stillUp ? 0 : 1);
}
