/**
 * The one request-body reader of every route that takes a body (docs/security.md, "Request
 * bodies"). It reads the raw bytes itself, up to the route's cap, and hands back text of a
 * media type the route named; nothing is parsed into files, nothing is inflated.
 *
 * - Only the media types a route lists are read; anything else (multipart, text/plain, XML,
 *   a charset other than UTF-8) is a 415 before a byte of the body is read.
 * - A `Content-Encoding` other than `identity` is a 415 too: no client of ours compresses
 *   requests (Slack, the Bot Framework, browsers), so a gzip or deflate body can only be an
 *   attempt to make a small request large. The cap is therefore on the bytes the route sees.
 * - Over the cap (a `Content-Length` that says so, or the bytes as they arrive) is a 413; the
 *   rest of the body is never read and the connection is closed after the answer.
 * - The bytes must be UTF-8 (400 otherwise); JSON that does not parse is a 400.
 */
import type restify from 'restify';
import { RequestError } from './errors.js';

export type MediaType = 'application/json' | 'application/x-www-form-urlencoded' | 'text/csv';

export interface BodyPolicy {
  /** The most bytes the route reads. */
  maxBytes: number;
  /** The media types the route reads; a body of any other is refused. */
  accept: readonly MediaType[];
}

/** A body as received: its media type (undefined when the request had no body) and its text. */
export interface ReceivedBody {
  type: MediaType | undefined;
  text: string;
}

/** How long a refused client has to read its answer before its connection is dropped. */
const LINGER_MS = 1_000;

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Reads the request's body under the route's policy, or throws the `RequestError` to answer. */
export async function readBody(req: restify.Request, res: restify.Response, policy: BodyPolicy): Promise<ReceivedBody> {
  if (!hasBody(req)) return { type: undefined, text: '' };
  const refuse = (error: RequestError): RequestError => {
    stopReading(req, res);
    return error;
  };
  const encoding = (req.header('content-encoding') ?? '').trim().toLowerCase();
  if (encoding !== '' && encoding !== 'identity') {
    res.header('Accept-Encoding', 'identity');
    throw refuse(
      new RequestError('unsupported_media_type', `Content-Encoding "${encoding}" is not accepted; send the body as is`),
    );
  }
  const type = mediaTypeOf(req.header('content-type') ?? '', policy.accept);
  if (!type) {
    throw refuse(
      new RequestError(
        'unsupported_media_type',
        `expected a body of type ${policy.accept.join(' or ')} (UTF-8), not "${req.header('content-type') ?? ''}"`,
      ),
    );
  }
  // Made only when needed: an error captures a stack trace, a cost every accepted body paid.
  const tooLarge = () => new RequestError('payload_too_large', `the body is over ${describeBytes(policy.maxBytes)}`);
  const declared = Number(req.header('content-length') ?? Number.NaN);
  if (declared > policy.maxBytes) throw refuse(tooLarge());
  const bytes = await collect(req, policy.maxBytes);
  if (bytes === 'too_large') throw refuse(tooLarge());
  try {
    return { type, text: UTF8.decode(bytes) };
  } catch {
    throw new RequestError('bad_request', 'the body is not valid UTF-8');
  }
}

/** Reads a JSON body (undefined when there is none). */
export async function readJson(req: restify.Request, res: restify.Response, maxBytes: number): Promise<unknown> {
  const { text } = await readBody(req, res, { maxBytes, accept: ['application/json'] });
  return text === '' ? undefined : parseJson(text);
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RequestError('bad_json', 'the body is not valid JSON');
  }
}

function hasBody(req: restify.Request): boolean {
  const length = req.header('content-length');
  if (length !== undefined) return length.trim() !== '0';
  return req.header('transfer-encoding') !== undefined;
}

/** The listed media type a `Content-Type` header names, if its charset (when given) is UTF-8. */
function mediaTypeOf(header: string, accept: readonly MediaType[]): MediaType | undefined {
  const [essence = '', ...parameters] = header.toLowerCase().split(';');
  const type = accept.find((candidate) => candidate === essence.trim());
  if (!type) return undefined;
  for (const parameter of parameters) {
    const [name = '', value = ''] = parameter.split('=').map((part) => part.trim().replace(/^"|"$/g, ''));
    if (name === 'charset' && value !== 'utf-8' && value !== 'utf8' && value !== 'us-ascii') return undefined;
  }
  return type;
}

/** The body's bytes, or 'too_large' as soon as more than `maxBytes` have arrived (the rest is left unread). */
function collect(req: restify.Request, maxBytes: number): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onFailure);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        done();
        resolve('too_large');
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks, size));
    };
    const onFailure = () => {
      done();
      reject(new RequestError('bad_request', 'the body did not arrive whole'));
    };
    const onClose = () => {
      if (!req.complete) onFailure();
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onFailure);
    req.on('close', onClose);
  });
}

/**
 * Leaves the rest of the body unread: the request stops flowing and the answer says
 * `Connection: close`. Node would then close the socket the moment the answer is written; with
 * the client still sending, closing over unread bytes sends a reset that can reach the client
 * before it has read the answer. So the socket is half-closed instead (the client gets the
 * answer and then the end of the stream, and stops) and only destroyed a moment later.
 */
function stopReading(req: restify.Request, res: restify.Response): void {
  req.pause();
  if (res.headersSent) return;
  res.setHeader('Connection', 'close');
  const socket = req.socket;
  // Node calls `destroySoon` on a socket whose answer said `Connection: close`.
  Object.defineProperty(socket, 'destroySoon', {
    configurable: true,
    value: () => {
      socket.end();
      setTimeout(() => socket.destroy(), LINGER_MS).unref();
    },
  });
}

function describeBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
