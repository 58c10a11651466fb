/**
 * Who sent a request, through the reverse proxies the operator trusts (TRUST_PROXY): the
 * connection's peer, or — when that peer is a trusted proxy — the nearest address in
 * `X-Forwarded-For` that is not itself a trusted proxy. Addresses a client wrote further left
 * are never believed: only the hops a trusted proxy appended count.
 */
import { type BlockList, isIP } from 'node:net';
import type restify from 'restify';

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) as `10.0.0.1`. */
function plain(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address;
}

/**
 * Answers already given, per list: `BlockList.check` builds a native SocketAddress each call,
 * a cost every request paid for the same few peers. The list is built once from the
 * configuration and never changed; the cache is emptied when full, so it stays small.
 */
const answered = new WeakMap<BlockList, Map<string, boolean>>();
const ANSWERS_KEPT = 4096;

export function isTrusted(trusted: BlockList, address: string | undefined): boolean {
  if (!address) return false;
  const answers = answered.get(trusted) ?? new Map<string, boolean>();
  answered.set(trusted, answers);
  const known = answers.get(address);
  if (known !== undefined) return known;
  const ip = plain(address);
  const version = isIP(ip);
  const trust = version !== 0 && trusted.check(ip, version === 4 ? 'ipv4' : 'ipv6');
  if (answers.size >= ANSWERS_KEPT) answers.clear();
  answers.set(address, trust);
  return trust;
}

export interface RequestOrigin {
  /** The client's address as far as it can be told. */
  address: string;
  /** Whether the address came from a trusted proxy's forwarding header. */
  forwarded: boolean;
}

export function requestOrigin(req: Pick<restify.Request, 'socket' | 'header'>, trusted: BlockList): RequestOrigin {
  let address = plain(req.socket.remoteAddress ?? 'unknown');
  if (!isTrusted(trusted, address)) return { address, forwarded: false };
  const hops = (req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  let forwarded = false;
  for (const hop of hops.reverse()) {
    if (isIP(plain(hop)) === 0) break;
    address = plain(hop);
    forwarded = true;
    if (!isTrusted(trusted, address)) break;
  }
  return { address, forwarded };
}

/** Whether the client reached us over TLS: directly, or as a trusted proxy's X-Forwarded-Proto says. */
export function cameOverTls(
  req: Pick<restify.Request, 'socket' | 'header'> & { socket: { encrypted?: boolean } },
  trusted: BlockList,
): boolean {
  if (req.socket.encrypted) return true;
  if (!isTrusted(trusted, req.socket.remoteAddress)) return false;
  const proto = (req.header('x-forwarded-proto') ?? '').split(',')[0]?.trim().toLowerCase();
  return proto === 'https';
}
