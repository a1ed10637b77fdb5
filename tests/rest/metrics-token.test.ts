// METRICS_TOKEN (issue 19): /metrics open by default, bearer-protected when the variable is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';
import { startTestServer, type TestServer } from '../helpers/server';

const TOKEN = 'metrics-scraper-token-0123456789';
let open: TestServer;
let locked: TestServer;

beforeAll(async () => {
  [open, locked] = await Promise.all([startTestServer(), startTestServer({ env: { METRICS_TOKEN: TOKEN } })]);
});
afterAll(async () => {
  await Promise.all([open?.close(), locked?.close()]);
});

const scrape = (srv: TestServer, authorization?: string) =>
  srv.api('GET', '/metrics', { headers: authorization ? { authorization } : {} });

describe('GET /metrics', () => {
  it('without METRICS_TOKEN answers anyone (as before)', async () => {
    const r = await scrape(open);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/plain');
    expect(r.text).toContain('wms_http_request_duration_seconds');
  });

  it('with METRICS_TOKEN refuses a missing, wrong or non-bearer credential with 401 and no figures', async () => {
    for (const auth of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`, TOKEN, 'Bearer ']) {
      const r = await scrape(locked, auth);
      expect({ auth, status: r.status, body: r.body }).toEqual({ auth, status: 401, body: { error: 'Unauthorized' } });
      expect(r.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect(r.text).not.toContain('wms_');
    }
  });

  it('with METRICS_TOKEN answers the exact bearer token', async () => {
    const r = await scrape(locked, `Bearer ${TOKEN}`);
    expect(r.status).toBe(200);
    expect(r.text).toContain('wms_http_request_duration_seconds');
    expect(r.text).toMatch(/^wms_database_up 1$/m);
    expect((await scrape(locked, `bearer   ${TOKEN}`)).status).toBe(200);
  });

  it('a token shorter than 16 characters stops the start with a message naming the variable', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: at least 16 characters/);
    expect(loadConfig({ METRICS_TOKEN: TOKEN }).metricsToken).toBe(TOKEN);
  });
});
