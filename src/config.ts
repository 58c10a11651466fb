/**
 * The one place the environment is read (the README's "Configuration"). Everything else gets a typed,
 * validated `Config`; a bad value stops start-up with one line naming the variable.
 */
import { BlockList, isIP } from 'node:net';
import { z } from 'zod';
import { DEFAULT_DELIVERY, type DeliveryPolicy } from './outbox/delivery-policy.js';
import { parseWebhookSecret } from './outbox/standard-webhooks.js';

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const redisUrl = optionalText.refine(
  (value) => value === undefined || /^rediss?:\/\/[^\s]+$/.test(value) || /^[^\s,:]+:\d+(,[^\s,:]+:\d+)*$/.test(value),
  'expected redis://…, rediss://…, or host:port[,host:port…] with REDIS_CLUSTER=1',
);

/** A skew beyond a month is a typo, not a test. */
const MAX_CLOCK_OFFSET_MS = 30 * 86_400_000;
/** A whole number in a range, or the default when unset or blank. */
const wholeNumber = (min: number, max: number, fallback: number) =>
  optionalText
    .refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= min && Number(v) <= max), {
      message: `expected a whole number from ${min} to ${max}`,
    })
    .transform((v) => (v === undefined ? fallback : Number(v)));

const DAY_SECONDS = 24 * 60 * 60;

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: optionalText,
  REDIS_URL: redisUrl,
  REDIS_CLUSTER: optionalText.transform((value) => value === '1' || value === 'true'),
  // Braces would change the Cluster hash tag of every key; a colon ends the prefix itself.
  REDIS_PREFIX: optionalText.refine(
    (v) => v === undefined || /^[A-Za-z0-9_.-]{1,64}$/.test(v),
    'expected 1 to 64 letters, digits, "_", "." or "-"',
  ),
  NPSBOT_SURVEY: optionalText,
  ADMIN_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_BOT_TOKEN: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: optionalText.refine((v) => v === undefined || URL.canParse(v), 'expected a URL'),
  MICROSOFT_APP_ID: optionalText,
  MICROSOFT_APP_PASSWORD: optionalText,
  MICROSOFT_APP_TYPE: optionalText.refine(
    (v) => v === undefined || ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'].includes(v),
    'expected MultiTenant, SingleTenant or UserAssignedMSI',
  ),
  MICROSOFT_APP_TENANT_ID: optionalText,
  WEBCHAT_SECRET: optionalText,
  TEAMS_EMULATOR_URLS: optionalText.refine(
    (v) => v === undefined || listOf(v).every((url) => /^https?:\/\//.test(url) && URL.canParse(url)),
    'expected comma-separated http:// or https:// URLs',
  ),
  TRUST_PROXY: optionalText.refine(
    (v) => v === undefined || listOf(v).every((entry) => parseAddressRange(entry) !== null),
    'expected comma-separated IP addresses or CIDR ranges, e.g. 127.0.0.1,10.0.0.0/8',
  ),
  METRICS_TOKEN: optionalText,
  WEBCHAT_ALLOWED_ORIGINS: optionalText,
  WEBCHAT_CLIENT_RATE: optionalText.refine(
    (v) => v === undefined || /^\d+\/\d+(\.\d+)?$/.test(v),
    'expected <burst>/<per second>, e.g. 120/20',
  ),
  WEBHOOK_URL: optionalText.refine((v) => v === undefined || URL.canParse(v), 'expected a URL'),
  WEBHOOK_SECRET: optionalText,
  // For fault tests only (docs/performance.md, "Faults"): shifts this process's own clock.
  NPSBOT_CLOCK_OFFSET_MS: optionalText.refine(
    (v) => v === undefined || (/^-?\d+$/.test(v) && Math.abs(Number(v)) <= MAX_CLOCK_OFFSET_MS),
    'expected a whole number of milliseconds, at most 30 days either way',
  ),
  // Outbox delivery (docs/closing-the-loop.md, "Webhooks and the outbox").
  OUTBOX_TIMEOUT_MS: wholeNumber(100, 300_000, DEFAULT_DELIVERY.timeoutMs),
  OUTBOX_CONCURRENCY: wholeNumber(1, 256, DEFAULT_DELIVERY.concurrency),
  OUTBOX_MAX_ATTEMPTS: wholeNumber(1, 10_000, DEFAULT_DELIVERY.maxAttempts),
  OUTBOX_MAX_AGE_SECONDS: wholeNumber(1, 30 * DAY_SECONDS, DEFAULT_DELIVERY.maxAgeMs / 1000),
  OUTBOX_RETRY_BASE_MS: wholeNumber(10, 600_000, DEFAULT_DELIVERY.retry.baseMs),
  OUTBOX_RETRY_MAX_MS: wholeNumber(10, DAY_SECONDS * 1000, DEFAULT_DELIVERY.retry.maxMs),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string | undefined;
  redis: { url: string; cluster: boolean } | null;
  /** Ends in ":"; every Redis key starts with it (REDIS_PREFIX, `npsbot` by default). */
  redisPrefix: string;
  surveyPath: string | undefined;
  adminToken: string | undefined;
  /** Bearer token for /metrics; unset: /metrics is behind the admin guard. */
  metricsToken: string | undefined;
  /** Reverse proxies whose X-Forwarded-For is believed (TRUST_PROXY); empty: none. */
  trustProxy: BlockList;
  slack: {
    signingSecret: string | undefined;
    botToken: string | undefined;
    appToken: string | undefined;
    apiUrl: string | undefined;
  };
  teams: {
    appId: string | undefined;
    appPassword: string | undefined;
    appType: string | undefined;
    tenantId: string | undefined;
    /** Without credentials, the serviceUrls the bot may answer besides loopback. */
    emulatorUrls: string[];
  };
  webchat: {
    /** Unset: a key kept in the Redis store, or a random one per process in memory (src/webchat-secret.ts). */
    secret: string | undefined;
    allowedOrigins: string[] | '*';
    clientRate: { burst: number; perSecond: number } | undefined;
  };
  /** `key`: the bytes of WEBHOOK_SECRET's `whsec_…` form, the Standard Webhooks signing key. */
  webhook: { url: string; key: Buffer } | null;
  /** How the outbox delivers: timeout, concurrency, retry schedule and when an event is dead-lettered. */
  outbox: DeliveryPolicy;
  logLevel: z.output<typeof envSchema>['LOG_LEVEL'];
  /**
   * Milliseconds added to this process's own clock (NPSBOT_CLOCK_OFFSET_MS, 0 by default): a
   * fault test's skewed host. With Redis it changes nothing the processes share (src/clock.ts).
   */
  clockOffsetMs: number;
}

export class ConfigError extends Error {
  readonly code = 'invalid_config';
}

/** The configuration of this process, from its environment. */
export function loadConfigFromEnvironment(): Config {
  return loadConfig(process.env);
}

export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${issue?.path.join('.') ?? 'environment'}: ${issue?.message ?? 'invalid'}`);
  }
  const e = parsed.data;
  if (e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN) {
    throw new ConfigError(
      'SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)',
    );
  }
  if (e.WEBHOOK_URL && !e.WEBHOOK_SECRET) {
    throw new ConfigError('WEBHOOK_SECRET: required with WEBHOOK_URL, to sign deliveries');
  }
  const webhookKey = e.WEBHOOK_SECRET === undefined ? undefined : parseWebhookSecret(e.WEBHOOK_SECRET);
  if (webhookKey && 'problem' in webhookKey) throw new ConfigError(`WEBHOOK_SECRET: ${webhookKey.problem}`);
  if (e.REDIS_CLUSTER && e.REDIS_URL && /^rediss?:\/\//.test(e.REDIS_URL) === false && !e.REDIS_URL.includes(':')) {
    throw new ConfigError('REDIS_URL: with REDIS_CLUSTER=1, expected host:port seeds');
  }
  if (e.OUTBOX_RETRY_MAX_MS < e.OUTBOX_RETRY_BASE_MS) {
    throw new ConfigError('OUTBOX_RETRY_MAX_MS: must not be below OUTBOX_RETRY_BASE_MS');
  }
  const origins = e.WEBCHAT_ALLOWED_ORIGINS;
  return {
    port: e.PORT,
    host: e.HOST,
    redis: e.REDIS_URL ? { url: e.REDIS_URL, cluster: e.REDIS_CLUSTER } : null,
    redisPrefix: `${e.REDIS_PREFIX ?? 'npsbot'}:`,
    surveyPath: e.NPSBOT_SURVEY,
    adminToken: e.ADMIN_TOKEN,
    metricsToken: e.METRICS_TOKEN,
    trustProxy: blockListOf(e.TRUST_PROXY),
    slack: {
      signingSecret: e.SLACK_SIGNING_SECRET,
      botToken: e.SLACK_BOT_TOKEN,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
    },
    teams: {
      appId: e.MICROSOFT_APP_ID,
      appPassword: e.MICROSOFT_APP_PASSWORD,
      appType: e.MICROSOFT_APP_TYPE,
      tenantId: e.MICROSOFT_APP_TENANT_ID,
      emulatorUrls: e.TEAMS_EMULATOR_URLS ? listOf(e.TEAMS_EMULATOR_URLS) : [],
    },
    webchat: {
      secret: e.WEBCHAT_SECRET,
      allowedOrigins:
        !origins || origins === '*'
          ? '*'
          : origins
              .split(',')
              .map((o) => o.trim())
              .filter(Boolean),
      clientRate: e.WEBCHAT_CLIENT_RATE
        ? { burst: Number(e.WEBCHAT_CLIENT_RATE.split('/')[0]), perSecond: Number(e.WEBCHAT_CLIENT_RATE.split('/')[1]) }
        : undefined,
    },
    webhook: e.WEBHOOK_URL && webhookKey ? { url: e.WEBHOOK_URL, key: webhookKey.key } : null,
    outbox: {
      timeoutMs: e.OUTBOX_TIMEOUT_MS,
      concurrency: e.OUTBOX_CONCURRENCY,
      maxAttempts: e.OUTBOX_MAX_ATTEMPTS,
      maxAgeMs: e.OUTBOX_MAX_AGE_SECONDS * 1000,
      retry: { baseMs: e.OUTBOX_RETRY_BASE_MS, maxMs: e.OUTBOX_RETRY_MAX_MS },
    },
    logLevel: e.LOG_LEVEL,
    clockOffsetMs: e.NPSBOT_CLOCK_OFFSET_MS === undefined ? 0 : Number(e.NPSBOT_CLOCK_OFFSET_MS),
  };
}

function listOf(text: string): string[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** `10.0.0.1`, `10.0.0.0/8`, `::1` or `fd00::/8` as an address family, address and prefix length. */
export function parseAddressRange(entry: string): { family: 'ipv4' | 'ipv6'; address: string; bits: number } | null {
  const [address = '', bitsText, extra] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return null;
  const max = version === 4 ? 32 : 128;
  const bits = bitsText === undefined ? max : /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : Number.NaN;
  if (!(bits >= 0 && bits <= max)) return null;
  return { family: version === 4 ? 'ipv4' : 'ipv6', address, bits };
}

function blockListOf(text: string | undefined): BlockList {
  const list = new BlockList();
  for (const entry of text ? listOf(text) : []) {
    const range = parseAddressRange(entry);
    if (range) list.addSubnet(range.address, range.bits, range.family);
  }
  return list;
}
