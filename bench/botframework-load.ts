/**
 * The Bot Framework path: activities POSTed to /api/messages by autocannon (50 connections),
 * npsbot on its in-memory store against a minimal botbuilder echo bot (bench/echo-bot.ts), both
 * answering into the same fast fake connector on 127.0.0.1, which counts the calls each bot
 * makes to it: what one new conversation costs in connector calls (npsbot's greeting and score
 * card are one activity, so one call, as the echo bot's one reply).
 *
 *   npm run bench:botframework -- [seconds=10]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { startListening } from './processes.js';

const SECONDS = Number(process.argv[2] ?? 10);
const CONNECTIONS = 50;

let delivered = 0;
const connector = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    delivered += 1;
    res.setHeader('content-type', 'application/json');
    res.end('{"id":"a1"}');
  });
});
await new Promise<void>((resolve) => connector.listen(0, '127.0.0.1', resolve));
const serviceUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}/`;

let sequence = 0;
/** A message as the Emulator sends it, in a conversation of its own. */
function newConversationMessage(): string {
  sequence += 1;
  const conversation = `bench-${sequence}`;
  return JSON.stringify({
    type: 'message',
    id: `a${sequence}`,
    channelId: 'emulator',
    serviceUrl,
    from: { id: `user-${conversation}`, name: 'User' },
    conversation: { id: conversation },
    recipient: { id: 'bot' },
    text: 'maybe',
    locale: 'en-US',
  });
}

/**
 * The connector calls of one new conversation, counted exactly: both bots answer the POST only
 * once their replies are sent. (Under load the count per request reads a little high: calls made
 * for requests still in flight when the run stops are counted, the requests are not.)
 */
async function callsForOneConversation(port: number): Promise<number> {
  const before = delivered;
  const answer = await fetch(`http://127.0.0.1:${port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: newConversationMessage(),
  });
  await answer.arrayBuffer();
  return delivered - before;
}

/** Each request is a new conversation. */
async function load(port: number) {
  const exactCalls = await callsForOneConversation(port);
  const before = delivered;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        // autocannon resets the context for every pass over `requests`: each request is a new conversation.
        setupRequest: (request) => ({
          ...request,
          path: '/api/messages',
          headers: { 'content-type': 'application/json' },
          body: newConversationMessage(),
        }),
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    exactCalls,
    connectorCalls: delivered - before,
    total: result.requests.total,
  };
}

const echo = await startListening(['bench/echo-bot.ts', '0']);
const echoResult = await load(echo.port);
echo.child.kill('SIGTERM');
const bot = await startListening(['src/main.ts'], {
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'info',
});
const botResult = await load(bot.port);
bot.child.kill('SIGTERM');
connector.close();

const row = (name: string, r: typeof echoResult) =>
  `${name.padEnd(10)} ${r.rps.toFixed(0).padStart(6)} req/s   p50 ${String(r.p50).padStart(3)} ms   p99 ${String(r.p99).padStart(4)} ms   ${r.exactCalls} connector call(s) per new conversation (${(r.connectorCalls / Math.max(r.total, 1)).toFixed(2)} per request under load), ${r.non2xx} non-2xx`;
console.log(
  `Bot Framework /api/messages, ${CONNECTIONS} connections, ${SECONDS} s each, each request a new conversation, replies into a fake connector on 127.0.0.1`,
);
console.log(row('echo bot', echoResult));
console.log(row('npsbot', botResult));
console.log(`npsbot / echo bot: throughput ${((botResult.rps / echoResult.rps) * 100).toFixed(0)}% (target ≥ 90%)`);
