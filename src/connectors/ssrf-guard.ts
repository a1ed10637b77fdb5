/**
 * SSRF guard for connector HTTP calls (spec 80 §6, tightened): a URL is allowed only when its scheme is
 * http(s), its host is not an internal service name, and every address it resolves to is public.
 * The caller connects to the address checked here (see http-client.ts), so DNS cannot change between
 * the check and the connection, and it re-runs the check on every redirect hop.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

export class BlockedDestinationError extends Error {
  override name = 'BlockedDestinationError';
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/** The deployment's container names (`<p>` = first word of SENTRY_ENCRYPTION_KEY, lower-cased). */
const RESERVED_HOSTNAMES = new Set([
  'localhost', 'redis', 'db', 'api', 'admin', 'celery-worker',
  'sentry-redis', 'sentry-db', 'sentry-api', 'sentry-admin', 'sentry-celery',
]);

// ---------------------------------------------------------------------------------------------------
// Address parsing
// ---------------------------------------------------------------------------------------------------

/**
 * IPv4 in every notation inet_aton accepts (what many resolvers and HTTP clients accept too):
 * 1 to 4 parts, each decimal, octal (leading 0) or hex (0x); the last part fills the remaining bytes.
 * `2130706433`, `0x7f.1`, `0177.0.0.1` are all 127.0.0.1.
 */
export function parseIPv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length > 4 || parts.some((p) => p === '')) return null;
  const values: number[] = [];
  for (const p of parts) {
    let v: number;
    if (/^0x[0-9a-f]*$/i.test(p)) v = p.length === 2 ? 0 : Number.parseInt(p.slice(2), 16);
    else if (/^0[0-7]+$/.test(p)) v = Number.parseInt(p.slice(1), 8);
    else if (/^(0|[1-9][0-9]*)$/.test(p)) v = Number(p);
    else return null;
    if (!Number.isSafeInteger(v)) return null;
    values.push(v);
  }
  const last = values.pop()!;
  if (values.some((v) => v > 255)) return null;
  if (last >= 2 ** (8 * (4 - values.length))) return null;
  let n = 0;
  values.forEach((v, i) => (n += v * 2 ** (8 * (3 - i))));
  return n + last;
}

/** IPv6 (with `::`, an embedded dotted IPv4 tail, an optional `%zone`) as a 128-bit integer. */
export function parseIPv6(text: string): bigint | null {
  let s = text.replace(/^\[|\]$/g, '');
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (isIP(s) !== 6) return null;
  // A dotted IPv4 tail (::ffff:1.2.3.4) becomes its two hex groups.
  const tail4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (tail4) {
    const n = parseIPv4(tail4[1]);
    if (n === null) return null;
    s = s.slice(0, -tail4[1].length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? Number.parseInt(g, 16) : NaN)));
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  const fill = 8 - head.length - rest.length;
  if (halves.length === 1 ? fill !== 0 : fill < 1) return null;
  const groups = [...head, ...Array(halves.length === 2 ? fill : 0).fill(0), ...rest];
  if (groups.length !== 8 || groups.some((g) => Number.isNaN(g))) return null;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

const v4 = (dotted: string, bits: number) => ({ base: parseIPv4(dotted)!, bits });
const inV4 = (n: number, c: { base: number; bits: number }) =>
  c.bits === 0 || Math.floor(n / 2 ** (32 - c.bits)) === Math.floor(c.base / 2 ** (32 - c.bits));

/** Spec 80 §6 table, plus 100.64.0.0/10 (shared address space: cloud metadata services live there). */
const BLOCKED_V4 = [
  v4('0.0.0.0', 8), v4('10.0.0.0', 8), v4('100.64.0.0', 10), v4('127.0.0.0', 8), v4('169.254.0.0', 16),
  v4('172.16.0.0', 12), v4('192.0.0.0', 24), v4('192.0.2.0', 24), v4('192.168.0.0', 16), v4('198.18.0.0', 15),
  v4('198.51.100.0', 24), v4('203.0.113.0', 24), v4('224.0.0.0', 4), v4('240.0.0.0', 4),
];
/** Globally reachable anycast services inside 192.0.0.0/24 (RFC 7723, RFC 8155). */
const ALLOWED_V4 = [v4('192.0.0.9', 32), v4('192.0.0.10', 32)];
const LOOPBACK_V4 = v4('127.0.0.0', 8);

const v6 = (text: string, bits: number) => ({ base: parseIPv6(text)!, bits });
const inV6 = (n: bigint, c: { base: bigint; bits: number }) => n >> BigInt(128 - c.bits) === c.base >> BigInt(128 - c.bits);

/** Only 2000::/3 is global unicast; inside it these are special-purpose (Teredo and the rest of
 *  2001::/23, documentation, 6to4 which tunnels to any IPv4 address). Everything else — IPv4-mapped,
 *  IPv4-compatible, NAT64 64:ff9b::/96 and 64:ff9b:1::/48, ULA fc00::/7, link-local, multicast — is outside 2000::/3. */
const GLOBAL_V6 = v6('2000::', 3);
const BLOCKED_IN_GLOBAL_V6 = [v6('2001::', 23), v6('2001:db8::', 32), v6('2002::', 16), v6('3fff::', 20)];
const ALLOWED_IN_2001_23 = [
  v6('2001:1::1', 128), v6('2001:1::2', 128), v6('2001:3::', 32), v6('2001:4:112::', 48), v6('2001:20::', 28), v6('2001:30::', 28),
];
const LOOPBACK_V6 = v6('::1', 128);

export interface ClassifyOptions {
  /** Test-only escape hatch (CONNECTOR_ALLOW_LOOPBACK): lets 127.0.0.0/8 and ::1 through for local stubs. */
  allowLoopback?: boolean;
}

/** True when an IP literal (any notation) is private, loopback, link-local, multicast, reserved or otherwise internal. */
export function isBlockedAddress(ip: string, opts: ClassifyOptions = {}): boolean {
  const n4 = parseIPv4(ip);
  if (n4 !== null) {
    if (opts.allowLoopback && inV4(n4, LOOPBACK_V4)) return false;
    if (ALLOWED_V4.some((c) => inV4(n4, c))) return false;
    return BLOCKED_V4.some((c) => inV4(n4, c));
  }
  const n6 = parseIPv6(ip);
  if (n6 === null) return true; // not an address we understand: never connect to it
  if (opts.allowLoopback && inV6(n6, LOOPBACK_V6)) return false;
  if (!inV6(n6, GLOBAL_V6)) return true;
  if (ALLOWED_IN_2001_23.some((c) => inV6(n6, c))) return false;
  return BLOCKED_IN_GLOBAL_V6.some((c) => inV6(n6, c));
}

const canonicalIPv4 = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

export interface CheckedDestination {
  url: URL;
  /** The checked address the request must connect to. */
  address: string;
  family: 4 | 6;
}

/**
 * Checks one outbound URL (spec 80 §6 rules 1-6, in order) and returns the address to connect to.
 * Throws BlockedDestinationError with the legacy message.
 */
export async function checkDestination(
  target: string | URL,
  opts: ClassifyOptions & { resolve?: Resolver } = {},
): Promise<CheckedDestination> {
  let url: URL;
  try {
    url = typeof target === 'string' ? new URL(target) : target;
  } catch {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(String(target))?.[1]?.toLowerCase() ?? '';
    if (scheme !== 'http' && scheme !== 'https') {
      throw new BlockedDestinationError(`Blocked: only http/https URLs are permitted, got scheme '${scheme}'`);
    }
    throw new BlockedDestinationError('Blocked: URL has no hostname');
  }
  const scheme = url.protocol.replace(/:$/, '').toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    throw new BlockedDestinationError(`Blocked: only http/https URLs are permitted, got scheme '${scheme}'`);
  }
  // WHATWG parsing already turned 0x7f.1 / 2130706433 / 0177.0.0.1 into dotted IPv4 and lower-cased the name.
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (!host) throw new BlockedDestinationError('Blocked: URL has no hostname');
  if (RESERVED_HOSTNAMES.has(host.replace(/\.$/, ''))) {
    throw new BlockedDestinationError(`Blocked: hostname '${host}' is reserved for internal services`);
  }
  const literal4 = isIP(host) === 4 ? parseIPv4(host) : null;
  if (literal4 !== null || isIP(host) === 6) {
    const address = literal4 !== null ? canonicalIPv4(literal4) : host;
    if (isBlockedAddress(address, opts)) {
      throw new BlockedDestinationError(`Blocked: destination ${address} is a private or internal address`);
    }
    return { url, address, family: literal4 !== null ? 4 : 6 };
  }
  let addresses: ResolvedAddress[];
  try {
    addresses = await (opts.resolve ?? systemResolver)(host);
  } catch (e) {
    const reason = (e as { code?: string; message?: string }).code ?? (e as Error).message ?? 'unknown error';
    throw new BlockedDestinationError(`Blocked: cannot resolve hostname '${host}': ${reason}`);
  }
  if (addresses.length === 0) throw new BlockedDestinationError(`Blocked: cannot resolve hostname '${host}': no addresses`);
  for (const a of addresses) {
    const ip = a.address.split('%')[0];
    if (isBlockedAddress(ip, opts)) {
      throw new BlockedDestinationError(`Blocked: '${host}' resolves to ${ip}, which is a private or internal address`);
    }
  }
  return { url, address: addresses[0].address.split('%')[0], family: addresses[0].family };
}
