/**
 * A webhook receiver for npsbot in a few lines: verifies each delivery with the
 * `standardwebhooks` package and prints the event. Run it beside the bot:
 *
 *   WEBHOOK_SECRET=whsec_… npx tsx examples/webhook-receiver.ts        # listens on :4000
 *   WEBHOOK_URL=http://127.0.0.1:4000/npsbot WEBHOOK_SECRET=whsec_… npm start
 *
 * Deliveries are at least once: a real receiver remembers `webhook-id` and skips repeats.
 */
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

const secret = process.env.WEBHOOK_SECRET;
if (!secret) throw new Error('set WEBHOOK_SECRET to the bot’s whsec_… secret');
const webhook = new Webhook(secret);
const seen = new Set<string>();

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = {
      'webhook-id': String(req.headers['webhook-id']),
      'webhook-timestamp': String(req.headers['webhook-timestamp']),
      'webhook-signature': String(req.headers['webhook-signature']),
    };
    try {
      const event = webhook.verify(body, headers) as { id: string; type: string; at: string; data: unknown };
      if (!seen.has(headers['webhook-id'])) {
        seen.add(headers['webhook-id']);
        console.log(event.at, event.type, JSON.stringify(event.data));
      }
      res.writeHead(204).end();
    } catch (error) {
      console.error('refused a delivery:', error instanceof Error ? error.message : error);
      res.writeHead(400).end();
    }
  });
}).listen(Number(process.env.PORT ?? 4000), () => console.log('listening for npsbot webhooks'));
