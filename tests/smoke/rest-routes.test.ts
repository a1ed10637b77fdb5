import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../rest-compat/routes';
import { startTestServer, type TestServer } from '../helpers/server';

/**
 * Smoke pass of every REST path on the demo data (run on PostgreSQL and, in the `pglite` project, on the embedded
 * database): reads as the admin answer 200 with a JSON body, writes with an empty body answer a documented 4xx.
 * Never a 5xx. The floor paths have their full tests on both databases; this covers the rest.
 */
let s: TestServer;
let admin: string;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  admin = await s.adminToken();
});
afterAll(async () => {
  await s?.close();
});

const QUERY: Record<string, string> = {
  '/api/putaway/suggest/:item_id#': '?warehouse_id=1',
  '/api/admin/connectors/:connector_name/credentials': '?warehouse_id=1',
  '/api/admin/connectors/:connector_name/sync-status': '?warehouse_id=1',
};
const urlOf = (path: string) =>
  path
    .replace(/:connector_name/, 'example')
    .replace(/:sync_type/, 'orders')
    .replace(/:entity_type/, 'items')
    .replace(/:key/, 'require_packing_before_shipping')
    .replace(/:barcode/, 'TST-001')
    .replace(/:[a-z_]+#/g, '1') + (QUERY[path] ?? '');

describe('every REST path answers without a 5xx', () => {
  it('GETs as the admin: 200 with JSON (404 where the demo data has no such object)', async () => {
    const gets = routes.filter((r) => r.method === 'GET');
    expect(gets.length).toBeGreaterThan(30);
    const bad: string[] = [];
    for (const r of gets) {
      const res = await s.api('GET', urlOf(r.path), { token: admin });
      if (![200, 404].includes(res.status) || typeof res.body !== 'object') bad.push(`${r.path} -> ${res.status} ${res.text.slice(0, 200)}`);
    }
    expect(bad).toEqual([]);
  });

  it('writes with an empty JSON body: a 4xx in the legacy error format, nothing else', async () => {
    const writes = routes.filter((r) => r.method !== 'GET' && !/^\/api\/auth\/(login|refresh)$/.test(r.path));
    const bad: string[] = [];
    for (const r of writes) {
      const res = await s.api(r.method, urlOf(r.path), { token: admin, body: {} });
      const legacy = typeof res.body === 'object' && res.body !== null && ('error' in res.body || 'detail' in res.body || 'message' in res.body);
      if (res.status >= 500 || (res.status >= 400 && !legacy)) bad.push(`${r.method} ${r.path} -> ${res.status} ${res.text.slice(0, 200)}`);
    }
    expect(bad).toEqual([]);
  });
});
