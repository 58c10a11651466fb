/**
 * adapters/webchat — the website chat bubble: its HTTP API (sessions, messages, transcript),
 * the bundled widget script, and the demo shop page at `/`. Depends on src/engine and
 * src/http; nothing depends on it but src/app.ts.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type restify from 'restify';
import type { Survey } from '../../dialogs/index.js';
import type { Config } from '../../src/config.js';
import type { Engine } from '../../src/engine/engine.js';
import { requestOrigin } from '../../src/http/client-address.js';
import type { ProactiveChannels } from '../../src/proactive.js';
import { webchatCors } from './cors.js';
import { WebchatProactive } from './proactive.js';
import { type BucketPolicy, RateLimiter } from './rate-limit.js';
import { mountWebchatRoutes } from './routes.js';
import { bubbleThemeFor } from './theme.js';
import { webchatKeys } from './tokens.js';
import { bundleWidget } from './widget-bundle.js';

export interface WebchatDependencies {
  config: Config;
  /** WEBCHAT_SECRET, or the key kept in the store when it is unset. */
  secret: string;
  engine: Engine;
  /** Its brand and `webchat` theme are written into the widget script. */
  survey: Pick<Survey, 'brand' | 'webchat'>;
  server: restify.Server;
  logger: Logger;
  /** Where `POST /api/surveys` finds the web chat's answer. */
  proactive: ProactiveChannels;
  clock?: () => number;
  /** Rate limits per session and per client address; benchmarks and fuzzing raise them. */
  limits?: { perSession: BucketPolicy; perClient: BucketPolicy };
}

// A person types a few messages a minute; a burst of 10 covers double clicks and quick retries.
// One address may be a whole office behind NAT.
const DEFAULT_LIMITS = { perSession: { burst: 10, perSecond: 1 }, perClient: { burst: 120, perSecond: 20 } };

const DEMO_PAGE = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'demo.html'), 'utf8');

export async function mountWebchat({
  config,
  secret,
  engine,
  survey,
  server,
  logger,
  proactive,
  clock = Date.now,
  limits = DEFAULT_LIMITS,
}: WebchatDependencies): Promise<void> {
  proactive.register(new WebchatProactive(engine));
  const widget = await bundleWidget(bubbleThemeFor(survey));
  logger.debug({ bytes: widget.bytes, gzipped: widget.gzippedBytes }, 'web chat widget bundled');

  server.pre(webchatCors(config.webchat.allowedOrigins));
  mountWebchatRoutes({
    server,
    engine,
    logger,
    keys: webchatKeys(secret),
    clock,
    clientAddress: (req) => requestOrigin(req, config.trustProxy).address,
    perSession: new RateLimiter(limits.perSession, clock),
    perClient: new RateLimiter(config.webchat.clientRate ?? limits.perClient, clock),
  });

  server.get('/webchat/widget.js', (_req, res, next) => {
    res.setHeader('content-type', 'application/javascript; charset=utf-8');
    res.setHeader('cache-control', 'public, max-age=300');
    res.writeHead(200);
    res.end(widget.code);
    next();
  });
  server.get('/', (_req, res, next) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.writeHead(200);
    res.end(DEMO_PAGE);
    next();
  });
}
