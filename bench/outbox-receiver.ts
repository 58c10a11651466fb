/**
 * A healthy webhook receiver for bench:outbox, run as its own process so it does not share the
 * bot's event loop: reads each POST, answers 204, and counts distinct `webhook-id`s.
 * `GET /count` answers the count so far.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const seen = new Set<string>();
let requests = 0;
const server = createServer((req, res) => {
  if (req.method === 'GET') {
    res.end(JSON.stringify({ distinct: seen.size, requests }));
    return;
  }
  req.resume();
  req.on('end', () => {
    requests += 1;
    seen.add(String(req.headers['webhook-id']));
    res.statusCode = 204;
    res.end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});
