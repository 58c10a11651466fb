/**
 * The floor for the web chat benchmark: the least a stateful chat endpoint can do on this
 * stack — a restify server that reads the same JSON body with the same reader and does one Redis GET and one SET
 * per request. Started as its own process by bench/webchat-load.ts.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import restify from 'restify';
import { readJson } from '../src/http/body.js';

const port = Number(process.argv[2] ?? 0);
const redis = new Redis(process.argv[3] ?? 'redis://127.0.0.1:6379/5');
const server = restify.createServer();

server.post('/webchat/sessions', async (req, res) => {
  await readJson(req, res, 4096);
  const sessionId = randomUUID();
  await redis.get(`floor:${sessionId}`);
  await redis.set(`floor:${sessionId}`, JSON.stringify({ step: 'score' }), 'EX', 600);
  res.status(201);
  res.json({ sessionId, token: sessionId, messages: [{ id: 'm1', text: 'How likely…?', expects: 'score' }] });
});

server.post('/webchat/sessions/:id/messages', async (req, res) => {
  const last = await readJson(req, res, 4096);
  const key = `floor:${String(req.params.id)}`;
  const state = await redis.get(key);
  await redis.set(key, JSON.stringify({ state, last }), 'EX', 600);
  res.json({ messages: [{ id: 'm2', text: 'Thanks', expects: 'text' }], done: false });
});

server.listen(port, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
process.on('SIGTERM', () => {
  server.close();
  redis.disconnect();
  process.exit(0);
});
