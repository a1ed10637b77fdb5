import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlockedDestinationError, checkDestination, isBlockedAddress, type Resolver } from '../../src/connectors/ssrf-guard';
import { ConnectorHttpClient } from '../../src/connectors/http-client';
import { sanitizeMessage } from '../../src/connectors/sanitize';
import { json, startStubApi, type StubApi } from '../helpers/connectors';

const BLOCKED = [
  // IPv4: private, loopback, link-local, CGNAT/metadata, reserved, documentation, benchmark, multicast, broadcast
  '0.0.0.0', '0.1.2.3', '10.0.0.1', '10.255.255.255', '127.0.0.1', '127.1.2.3', '169.254.169.254', '172.16.0.1', '172.31.255.255',
  '192.168.1.1', '192.0.0.1', '192.0.0.170', '192.0.2.1', '198.18.0.1', '198.19.255.255', '198.51.100.7', '203.0.113.9',
  '100.64.0.1', '100.100.100.200', '224.0.0.1', '239.255.255.250', '240.0.0.1', '255.255.255.255',
  // IPv4 in other notations (decimal, octal, hex, short forms)
  '2130706433', '017700000001', '0x7f000001', '0x7f.1', '0177.0.0.1', '127.1', '10.1', '0xa9.0xfe.0xa9.0xfe', '3232235777',
  // IPv6: loopback, unspecified, mapped/compatible IPv4 (any address), NAT64, 6to4, Teredo, ULA, link-local, multicast, documentation
  '::1', '::', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '::ffff:8.8.8.8', '::127.0.0.1', '64:ff9b::7f00:1',
  '64:ff9b::808:808', '64:ff9b:1::1', '2002:7f00:1::', '2002:c0a8:101::1', '2001:0:4136:e378:8000:63bf:3fff:fdd2', '2001::1',
  'fc00::1', 'fd12:3456::1', 'fe80::1', 'fe80::1%eth0', 'ff02::1', 'ff05::2', '2001:db8::1', '100::1', '::ffff:169.254.169.254',
  'not-an-ip',
];
const ALLOWED = ['8.8.8.8', '1.1.1.1', '93.184.216.34', '100.63.255.255', '100.128.0.0', '192.0.0.9', '172.32.0.1', '2606:4700:4700::1111', '2001:4860:4860::8888', '2a00:1450:4001::1'];

describe('address classifier', () => {
  it.each(BLOCKED)('blocks %s', (ip) => expect(isBlockedAddress(ip)).toBe(true));
  it.each(ALLOWED)('allows %s', (ip) => expect(isBlockedAddress(ip)).toBe(false));
  it('lets loopback through only with allowLoopback, and nothing else', () => {
    expect(isBlockedAddress('127.0.0.1', { allowLoopback: true })).toBe(false);
    expect(isBlockedAddress('::1', { allowLoopback: true })).toBe(false);
    expect(isBlockedAddress('10.0.0.1', { allowLoopback: true })).toBe(true);
    expect(isBlockedAddress('169.254.169.254', { allowLoopback: true })).toBe(true);
  });
});

const fixed = (map: Record<string, string[]>): Resolver => async (host) => {
  const list = map[host];
  if (!list) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

describe('checkDestination (rules in order)', () => {
  const resolve = fixed({
    'public.test': ['93.184.216.34'],
    'internal.test': ['10.1.2.3'],
    'mixed.test': ['93.184.216.34', '127.0.0.1'],
    'v6.test': ['fe80::1%eth0'],
    'mapped.test': ['::ffff:169.254.169.254'],
  });
  const cases: [string, string][] = [
    ['ftp://public.test/', "Blocked: only http/https URLs are permitted, got scheme 'ftp'"],
    ['file:///etc/passwd', "Blocked: only http/https URLs are permitted, got scheme 'file'"],
    ['gopher://x/', "Blocked: only http/https URLs are permitted, got scheme 'gopher'"],
    ['not a url', "Blocked: only http/https URLs are permitted, got scheme ''"],
    ['http://localhost:5000/', "Blocked: hostname 'localhost' is reserved for internal services"],
    ['http://REDIS/', "Blocked: hostname 'redis' is reserved for internal services"],
    ['http://sentry-db:5432/', "Blocked: hostname 'sentry-db' is reserved for internal services"],
    ['http://celery-worker/', "Blocked: hostname 'celery-worker' is reserved for internal services"],
    ['http://127.0.0.1/', 'Blocked: destination 127.0.0.1 is a private or internal address'],
    ['http://2130706433/', 'Blocked: destination 127.0.0.1 is a private or internal address'],
    ['http://0x7f.1/', 'Blocked: destination 127.0.0.1 is a private or internal address'],
    ['http://0177.0.0.1/', 'Blocked: destination 127.0.0.1 is a private or internal address'],
    ['http://169.254.169.254/latest/meta-data/', 'Blocked: destination 169.254.169.254 is a private or internal address'],
    ['http://[::1]:8080/', 'Blocked: destination ::1 is a private or internal address'],
    ['http://[::ffff:127.0.0.1]/', 'Blocked: destination ::ffff:7f00:1 is a private or internal address'],
    ['http://[64:ff9b::a9fe:a9fe]/', 'Blocked: destination 64:ff9b::a9fe:a9fe is a private or internal address'],
    ['https://internal.test/', "Blocked: 'internal.test' resolves to 10.1.2.3, which is a private or internal address"],
    ['https://mixed.test/', "Blocked: 'mixed.test' resolves to 127.0.0.1, which is a private or internal address"],
    ['https://v6.test/', "Blocked: 'v6.test' resolves to fe80::1, which is a private or internal address"],
    ['https://mapped.test/', "Blocked: 'mapped.test' resolves to ::ffff:169.254.169.254, which is a private or internal address"],
    ['https://nowhere.test/', "Blocked: cannot resolve hostname 'nowhere.test': ENOTFOUND"],
  ];
  it.each(cases)('%s -> %s', async (url, message) => {
    await expect(checkDestination(url, { resolve })).rejects.toThrow(new BlockedDestinationError(message));
  });

  it('returns the checked address of a public name (the one the socket will use)', async () => {
    await expect(checkDestination('https://public.test/x', { resolve })).resolves.toMatchObject({ address: '93.184.216.34', family: 4 });
    await expect(checkDestination('http://8.8.8.8/', { resolve })).resolves.toMatchObject({ address: '8.8.8.8' });
  });
});

describe('connector HTTP client', () => {
  let stub: StubApi;
  beforeAll(async () => {
    stub = await startStubApi();
    stub.route('GET', '/ok', (_q, res) => json(res, 200, { ok: true }));
    stub.route('GET', '/to-metadata', (_q, res) => {
      res.statusCode = 302;
      res.setHeader('location', 'http://169.254.169.254/latest/meta-data/');
      res.end();
    });
    stub.route('GET', '/to-localhost', (_q, res) => {
      res.statusCode = 307;
      res.setHeader('location', 'http://localhost/admin');
      res.end();
    });
    stub.route('GET', '/to-decimal', (_q, res) => {
      res.statusCode = 301;
      res.setHeader('location', 'http://167772161/'); // 10.0.0.1
      res.end();
    });
    stub.route('GET', '/hop', (_q, res) => {
      res.statusCode = 302;
      res.setHeader('location', '/ok');
      res.end();
    });
  });
  afterAll(() => stub.close());

  it('refuses loopback unless allowed, before connecting', async () => {
    const before = stub.requests.length;
    await expect(new ConnectorHttpClient().get(`${stub.url}/ok`)).rejects.toThrow(BlockedDestinationError);
    expect(stub.requests.length).toBe(before);
    const res = await new ConnectorHttpClient({ allowLoopback: true }).get(`${stub.url}/ok`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true });
  });

  it('follows a same-site redirect after checking it again', async () => {
    const res = await new ConnectorHttpClient({ allowLoopback: true }).get(`${stub.url}/hop`);
    expect(res.status).toBe(200);
    expect(res.url).toBe(`${stub.url}/ok`);
  });

  it.each([
    ['/to-metadata', 'Blocked: destination 169.254.169.254 is a private or internal address'],
    ['/to-localhost', "Blocked: hostname 'localhost' is reserved for internal services"],
    ['/to-decimal', 'Blocked: destination 10.0.0.1 is a private or internal address'],
  ])('re-checks the redirect hop %s', async (path, message) => {
    await expect(new ConnectorHttpClient({ allowLoopback: true }).get(`${stub.url}${path}`)).rejects.toThrow(message);
  });

  it('connects to the checked address even when the name would resolve elsewhere later (pinned lookup)', async () => {
    let calls = 0;
    const port = new URL(stub.url).port;
    // First answer passes the guard; any later lookup would say 10.0.0.1. Only one lookup may happen.
    const resolve: Resolver = async () => (calls++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '10.0.0.1', family: 4 }]);
    const res = await new ConnectorHttpClient({ allowLoopback: true, resolve }).get(`http://stub.test:${port}/ok`);
    expect(res.status).toBe(200);
    expect(calls).toBe(1);
    expect(stub.requests.at(-1)?.headers.host).toBe(`stub.test:${port}`);
  });
});

describe('sanitizeMessage', () => {
  it('keeps printable ASCII, tab, LF, CR and drops the rest', () => {
    expect(sanitizeMessage('ok\x1b[31m red\x00\x07 é€ 😀\tline\r\nnext')).toBe('ok[31m red  \tline\r\nnext');
  });
  it('caps at 500 characters (497 + ...)', () => {
    const out = sanitizeMessage('x'.repeat(600));
    expect(out).toHaveLength(500);
    expect(out.endsWith('x...')).toBe(true);
    expect(sanitizeMessage('y'.repeat(500))).toBe('y'.repeat(500));
    expect(sanitizeMessage(null)).toBe('');
  });
});
