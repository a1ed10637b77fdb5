import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../rest-compat/routes';
import { ALL_FUNCTIONS } from '../../src/auth/scope';
import { startTestServer, type TestServer } from '../helpers/server';
import { createItem, createOrder, createWarehouse, stock, type OutboundWorld } from '../helpers/outbound';
import { createPo, floorUser, seeded } from '../helpers/inbound';
import { dbChecksum } from '../property/db-checksum';

/**
 * Cross-warehouse IDOR: a USER of warehouse A with every floor function asks for, or acts on, objects of
 * warehouse B through every floor path. Expected: 403 or 404 (never 2xx), none of B's identifiers in the
 * body, and the database unchanged.
 */
let s: TestServer;
let admin: string;
let userA: { token: string; userId: number };
let B: OutboundWorld;
let b: {
  itemId: number; sku: string; poId: number; poNumber: string; poBarcode: string; receiptId: number; soId: number; soNumber: string;
  soBarcode: string; batchId: number; taskId: number; countId: number; countLineId: number; binBarcode: string;
};

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  admin = await s.adminToken();
  const a = await seeded(s.app);
  userA = await floorUser(s, [a.warehouseId], [...ALL_FUNCTIONS]);
  B = await createWarehouse(s.app);
  const item = await createItem(s.app);
  await stock(s.app, { warehouseId: B.warehouseId, itemId: item.itemId, binId: B.bins.P10.binId, onHand: 50 });
  await stock(s.app, { warehouseId: B.warehouseId, itemId: item.itemId, binId: B.bins.P20.binId, onHand: 50 });
  const po = await createPo(s.app, { warehouseId: B.warehouseId, lines: [{ itemId: item.itemId, quantity: 10 }] });
  const rec = await s.api('POST', '/api/receiving/receive', { token: admin, body: { po_id: po.poId, items: [{ item_id: item.itemId, quantity: 2, bin_id: B.bins.STG.binId }] } });
  expect(rec.status).toBe(200);
  const so = await createOrder(s.app, { warehouseId: B.warehouseId, lines: [{ itemId: item.itemId, qty: 2 }] });
  const so2 = await createOrder(s.app, { warehouseId: B.warehouseId, lines: [{ itemId: item.itemId, qty: 1 }] });
  const batch = await s.api('POST', '/api/picking/create-batch', { token: admin, body: { so_identifiers: [so.soNumber], warehouse_id: B.warehouseId } });
  expect(batch.status).toBe(200);
  const task = await s.app.prisma.pickTask.findFirstOrThrow({ where: { batchId: batch.body.batch_id } });
  const count = await s.api('POST', '/api/inventory/cycle-count/create', { token: admin, body: { warehouse_id: B.warehouseId, bin_ids: [B.bins.P20.binId] } });
  expect(count.status).toBe(200);
  const countId = count.body.counts[0].count_id;
  const line = await s.app.prisma.cycleCountLine.findFirstOrThrow({ where: { countId } });
  b = {
    itemId: item.itemId, sku: item.sku, poId: po.poId, poNumber: po.poNumber, poBarcode: po.poBarcode!, receiptId: rec.body.receipt_ids[0],
    soId: so2.soId, soNumber: so.soNumber, soBarcode: so.soBarcode!, batchId: batch.body.batch_id, taskId: task.pickTaskId, countId,
    countLineId: line.countLineId, binBarcode: B.bins.P10.binCode,
  };
});
afterAll(async () => {
  await s?.close();
});

/** `skipped`: the legacy answer for another warehouse's objects is a 200 that skips them (spec), checked exactly. */
type Case = { method: string; path: string; url: () => string; body?: () => unknown; skipped?: unknown };
const bins = () => B.bins;

/** Every floor route that takes an id of a warehouse-scoped object, with B's ids filled in. */
const cases: Case[] = [
  { method: 'GET', path: '/api/receiving/po/:barcode', url: () => `/api/receiving/po/${b.poBarcode}` },
  { method: 'POST', path: '/api/receiving/receive', url: () => '/api/receiving/receive', body: () => ({ po_id: b.poId, items: [{ item_id: b.itemId, quantity: 1, bin_id: bins().STG.binId }] }) },
  { method: 'POST', path: '/api/receiving/cancel', url: () => '/api/receiving/cancel', body: () => ({ receipt_ids: [b.receiptId], po_id: b.poId }), skipped: { message: 'Cancelled 0 receipt(s)', reversed: 0 } },
  { method: 'GET', path: '/api/putaway/pending/:warehouse_id#', url: () => `/api/putaway/pending/${B.warehouseId}` },
  { method: 'GET', path: '/api/putaway/suggest/:item_id#', url: () => `/api/putaway/suggest/${b.itemId}?warehouse_id=${B.warehouseId}` },
  { method: 'POST', path: '/api/putaway/confirm', url: () => '/api/putaway/confirm', body: () => ({ item_id: b.itemId, from_bin_id: bins().STG.binId, to_bin_id: bins().P10.binId, quantity: 1 }) },
  { method: 'POST', path: '/api/putaway/update-preferred', url: () => '/api/putaway/update-preferred', body: () => ({ item_id: b.itemId, bin_id: bins().P20.binId }) },
  { method: 'GET', path: '/api/lookup/bin/:barcode', url: () => `/api/lookup/bin/${bins().P10.binCode}` },
  { method: 'GET', path: '/api/lookup/so/:barcode', url: () => `/api/lookup/so/${b.soNumber}` },
  { method: 'POST', path: '/api/picking/wave-validate', url: () => '/api/picking/wave-validate', body: () => ({ so_barcode: b.soNumber, warehouse_id: B.warehouseId }) },
  { method: 'POST', path: '/api/picking/wave-create', url: () => '/api/picking/wave-create', body: () => ({ so_ids: [b.soId], warehouse_id: B.warehouseId }) },
  { method: 'POST', path: '/api/picking/create-batch', url: () => '/api/picking/create-batch', body: () => ({ so_identifiers: [String(b.soId)], warehouse_id: B.warehouseId }) },
  { method: 'GET', path: '/api/picking/batch/:batch_id#', url: () => `/api/picking/batch/${b.batchId}` },
  { method: 'GET', path: '/api/picking/batch/:batch_id#/next', url: () => `/api/picking/batch/${b.batchId}/next` },
  { method: 'POST', path: '/api/picking/confirm', url: () => '/api/picking/confirm', body: () => ({ pick_task_id: b.taskId, scanned_barcode: bins().P10.binCode, quantity_picked: 1 }) },
  { method: 'POST', path: '/api/picking/short', url: () => '/api/picking/short', body: () => ({ pick_task_id: b.taskId, quantity_available: 0 }) },
  { method: 'POST', path: '/api/picking/complete-batch', url: () => '/api/picking/complete-batch', body: () => ({ batch_id: b.batchId }) },
  { method: 'POST', path: '/api/picking/cancel-batch', url: () => '/api/picking/cancel-batch', body: () => ({ batch_id: b.batchId }) },
  { method: 'GET', path: '/api/packing/order/:barcode', url: () => `/api/packing/order/${b.soNumber}` },
  { method: 'POST', path: '/api/packing/verify', url: () => '/api/packing/verify', body: () => ({ so_id: b.soId, scanned_barcode: b.sku, quantity: 1 }) },
  { method: 'POST', path: '/api/packing/complete', url: () => '/api/packing/complete', body: () => ({ so_id: b.soId }) },
  { method: 'GET', path: '/api/shipping/order/:barcode', url: () => `/api/shipping/order/${b.soNumber}` },
  { method: 'POST', path: '/api/shipping/fulfill', url: () => '/api/shipping/fulfill', body: () => ({ so_id: b.soId, tracking_number: 'T1', carrier: 'UPS' }) },
  { method: 'POST', path: '/api/inventory/cycle-count/create', url: () => '/api/inventory/cycle-count/create', body: () => ({ warehouse_id: B.warehouseId, bin_ids: [bins().P10.binId] }) },
  { method: 'GET', path: '/api/inventory/cycle-count/:count_id#', url: () => `/api/inventory/cycle-count/${b.countId}` },
  { method: 'POST', path: '/api/inventory/cycle-count/submit', url: () => '/api/inventory/cycle-count/submit', body: () => ({ count_id: b.countId, lines: [{ count_line_id: b.countLineId, counted_quantity: 0 }] }) },
  { method: 'POST', path: '/api/transfers/move', url: () => '/api/transfers/move', body: () => ({ item_id: b.itemId, from_bin_id: bins().P10.binId, to_bin_id: bins().P20.binId, quantity: 1 }) },
  { method: 'GET', path: '/api/admin/dashboard', url: () => `/api/admin/dashboard?warehouse_id=${B.warehouseId}` },
  { method: 'GET', path: '/api/admin/bins', url: () => `/api/admin/bins?warehouse_id=${B.warehouseId}` },
];

/** Floor routes without a warehouse-scoped id (their scoping is checked on the results below or elsewhere). */
const withoutObjectId: Record<string, string> = {
  'GET /api/auth/me': 'own user',
  'POST /api/auth/refresh': 'own user',
  'POST /api/auth/change-password': 'own user',
  'GET /api/warehouses/list': 'lists every active warehouse by design (legacy)',
  'GET /api/lookup/item/search': 'items are global; results checked below',
  'GET /api/lookup/bin/search': 'results checked below',
  'GET /api/lookup/item/:barcode': 'items are global; locations checked below',
  'GET /api/picking/active-batch': "the caller's own batch",
  'GET /api/admin/settings/:key': 'global settings; only the four floor keys (tests/rest/floor-user-admin-reads)',
};

describe('cross-warehouse access (IDOR) on every floor path', () => {
  it('the table covers every floor route of the route table', () => {
    const floor = routes.filter((r) => r.auth === 'user').map((r) => `${r.method} ${r.path}`);
    const covered = new Set([...cases.map((c) => `${c.method} ${c.path}`), ...Object.keys(withoutObjectId)]);
    expect(floor.filter((r) => !covered.has(r))).toEqual([]);
  });

  it.each(cases.map((c) => [`${c.method} ${c.path}`, c] as const))('%s with warehouse B ids -> 403/404, no data, nothing changed', async (_name, c) => {
    const before = await dbChecksum(s.app);
    const r = await s.api(c.method, c.url(), { token: userA.token, body: c.body?.() });
    if (c.skipped) expect({ status: r.status, body: r.body }).toEqual({ status: 200, body: c.skipped });
    else expect({ status: r.status, body: r.body }).toEqual({ status: expect.toSatisfy((v: number) => [403, 404].includes(v)), body: { error: expect.any(String) } });
    for (const secret of [b.poNumber, b.soNumber, B.bins.P10.binCode, B.bins.P20.binCode, B.bins.STG.binCode, `Outbound ${B.tag}`]) {
      expect(r.text).not.toContain(secret);
    }
    expect(await dbChecksum(s.app)).toEqual(before);
  });

  it("searches and item lookups never show warehouse B's bins or stock", async () => {
    const item = await s.api('GET', `/api/lookup/item/${b.sku}`, { token: userA.token });
    expect([200, 404]).toContain(item.status);
    expect(item.text).not.toContain(B.bins.P10.binCode);
    const binSearch = await s.api('GET', `/api/lookup/bin/search?q=${B.tag}`, { token: userA.token });
    expect(binSearch.text).not.toContain(B.bins.P10.binCode);
    const itemSearch = await s.api('GET', `/api/lookup/item/search?q=${b.sku}`, { token: userA.token });
    expect(itemSearch.text).not.toContain(B.bins.P10.binCode);
    const active = await s.api('GET', `/api/picking/active-batch?warehouse_id=${B.warehouseId}`, { token: userA.token });
    expect(active.status).toBe(403);
  });

  it('the same requests succeed for an admin (the ids are real)', async () => {
    expect((await s.api('GET', `/api/receiving/po/${b.poBarcode}`, { token: admin })).status).toBe(200);
    expect((await s.api('GET', `/api/picking/batch/${b.batchId}`, { token: admin })).status).toBe(200);
    expect((await s.api('GET', `/api/inventory/cycle-count/${b.countId}`, { token: admin })).status).toBe(200);
    expect((await s.api('GET', `/api/lookup/bin/${B.bins.P10.binCode}`, { token: admin })).status).toBe(200);
  });
});
