import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../src/db/tx';
import type { AuditEntry } from '../../src/audit/audit.writer';
import { startTestServer, type TestServer, expectAnswer, answered } from '../helpers/server';
import { adminAndUser, ISO, seedIds } from '../helpers/admin-catalog';

let s: TestServer;
let admin: string;
let ids: Awaited<ReturnType<typeof seedIds>>;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  ({ admin } = await adminAndUser(s));
  ids = await seedIds(s);
});
afterAll(async () => {
  await s?.close();
});

const audit = (...entries: AuditEntry[]) => withTransaction(s.app.prisma, async (_tx, journal) => journal.audit(...entries));

describe('settings', () => {
  it('GET lists stored settings by key; GET /{key} answers key/value or 404', async () => {
    const r = await s.api('GET', '/api/admin/settings', { token: admin });
    expect(r.status).toBe(200);
    const rows = await s.app.prisma.appSetting.findMany({ orderBy: { key: 'asc' } });
    expect(r.body).toEqual({ settings: rows.map((x) => ({ id: x.id, key: x.key, value: x.value, updated_at: expect.stringMatching(ISO) })) });
    expect(r.body.settings.map((x: any) => x.key)).toEqual([
      'allow_over_receiving', 'count_show_expected', 'default_receiving_bin', 'require_packing_before_shipping', 'session_timeout_hours',
    ]);
    const one = await s.api('GET', '/api/admin/settings/require_packing_before_shipping', { token: admin });
    expect(one.body).toEqual({ key: 'require_packing_before_shipping', value: 'true' });
    const missing = await s.api('GET', '/api/admin/settings/require_count_approval_separation', { token: admin });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: 'Setting not found' });
  });

  it('PUT upserts every pair (the panel body), unknown keys included', async () => {
    const r = await s.api('PUT', '/api/admin/settings', {
      token: admin,
      body: { settings: { count_show_expected: 'false', require_packing_before_shipping: 'true', allow_over_receiving: 'false', default_receiving_bin: '', require_count_approval_separation: 'true', custom_key: 'anything' } },
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ message: 'Settings updated' });
    const map = Object.fromEntries((await s.app.prisma.appSetting.findMany()).map((x) => [x.key, x.value]));
    expect(map).toMatchObject({ count_show_expected: 'false', allow_over_receiving: 'false', default_receiving_bin: '', require_count_approval_separation: 'true', custom_key: 'anything' });
    expect((await s.api('GET', '/api/admin/settings/custom_key', { token: admin })).body).toEqual({ key: 'custom_key', value: 'anything' });
  });

  it('PUT validates the map and the known keys; nothing is saved on error', async () => {
    const notStr = await s.api('PUT', '/api/admin/settings', { token: admin, body: { settings: { count_show_expected: false, session_timeout_hours: 5 } } });
    expect(notStr.status).toBe(400);
    expect(notStr.body).toEqual({
      error: 'validation_error',
      details: [
        { type: 'string_type', loc: ['settings', 'count_show_expected'], msg: 'Input should be a valid string' },
        { type: 'string_type', loc: ['settings', 'session_timeout_hours'], msg: 'Input should be a valid string' },
      ],
    });
    // a key over the column's length whose value is no string: both, the key's first (as pydantic checks them)
    const longKey = 'k'.repeat(101);
    expect(answered(await s.api('PUT', '/api/admin/settings', { token: admin, body: { settings: { [longKey]: 1, ok: 'v' } } }), 400).body.details).toEqual([
      { type: 'string_too_long', loc: ['settings', longKey, '[key]'], msg: 'String should have at most 100 characters' },
      { type: 'string_type', loc: ['settings', longKey], msg: 'Input should be a valid string' },
    ]);
    expect(answered(await s.api('PUT', '/api/admin/settings', { token: admin, body: { settings: {} } }), 400).body.details).toEqual([
      { type: 'too_short', loc: ['settings'], msg: 'Dictionary should have at least 1 item after validation, not 0' },
    ]);
    const typed = await s.api('PUT', '/api/admin/settings', {
      token: admin,
      body: { settings: { count_show_expected: 'yes', session_timeout_hours: '0', default_receiving_bin: '4242', custom: 'ok' } },
    });
    expect(typed.status).toBe(400);
    expect(typed.body).toEqual({
      error: 'validation_error',
      details: [
        { type: 'value_error', loc: ['settings', 'count_show_expected'], msg: "Value error, count_show_expected must be 'true' or 'false'" },
        { type: 'value_error', loc: ['settings', 'session_timeout_hours'], msg: 'Value error, session_timeout_hours must be a positive integer' },
        { type: 'value_error', loc: ['settings', 'default_receiving_bin'], msg: "Value error, default_receiving_bin must be the id of an existing bin, got '4242'" },
      ],
    });
    expect(await s.app.prisma.appSetting.count({ where: { key: 'custom' } })).toBe(0);
    const ok = await s.api('PUT', '/api/admin/settings', { token: admin, body: { settings: { session_timeout_hours: '12', default_receiving_bin: String(ids.bins['STAGE-01']) } } });
    expect(ok.status).toBe(200);
    const long = await s.api('PUT', '/api/admin/settings', { token: admin, body: { settings: { ['k'.repeat(101)]: 'v' } } });
    expect(long.status).toBe(400);
    expect(long.body.details[0]).toMatchObject({ type: 'string_too_long' });
  });

  it('PUT refuses to disable packing while PACKED orders exist (singular/plural), nothing saved', async () => {
    const so = await s.app.prisma.salesOrder.create({ data: { soNumber: 'SO-PK1', status: 'PACKED', warehouseId: 1 } });
    const body = { settings: { require_packing_before_shipping: 'false', count_show_expected: 'true' } };
    const one = await s.api('PUT', '/api/admin/settings', { token: admin, body });
    expect(one.status).toBe(400);
    expect(one.body).toEqual({ error: 'Cannot disable packing. 1 order in PACKED status. Ship them before disabling.' });
    await s.app.prisma.salesOrder.create({ data: { soNumber: 'SO-PK2', status: 'PACKED', warehouseId: 1 } });
    expectAnswer(await s.api('PUT', '/api/admin/settings', { token: admin, body }), 400, { error: 'Cannot disable packing. 2 orders in PACKED status. Ship them before disabling.' });
    const map = Object.fromEntries((await s.app.prisma.appSetting.findMany()).map((x) => [x.key, x.value]));
    expect(map.require_packing_before_shipping).toBe('true');
    expect(map.count_show_expected).toBe('false'); // unchanged from the earlier test
    await s.app.prisma.salesOrder.updateMany({ where: { soNumber: { in: ['SO-PK1', 'SO-PK2'] } }, data: { status: 'SHIPPED' } });
    expect((await s.api('PUT', '/api/admin/settings', { token: admin, body })).status).toBe(200);
    expect((await s.api('GET', '/api/admin/settings/require_packing_before_shipping', { token: admin })).body.value).toBe('false');
    expect(so.soId).toBeGreaterThan(0);
  });
});

describe('dashboard', () => {
  it('computes the counters (W filtered / G global), adds the panel keys and drops packing keys when not required', async () => {
    const p = s.app.prisma;
    await p.appSetting.update({ where: { key: 'require_packing_before_shipping' }, data: { value: 'true' } });
    const wh2 = await p.warehouse.create({ data: { warehouseCode: 'WH-DB', warehouseName: 'Dash' } });
    await p.salesOrder.createMany({
      data: [
        { soNumber: 'D-1', status: 'PICKED', warehouseId: 1 }, { soNumber: 'D-2', status: 'PACKED', warehouseId: 1 },
        { soNumber: 'D-3', status: 'PICKING', warehouseId: 1 }, { soNumber: 'D-4', status: 'OPEN', warehouseId: wh2.warehouseId },
      ],
    });
    await p.item.update({ where: { sku: 'TST-004' }, data: { reorderPoint: 10 } }); // on hand 10 -> low
    await audit(
      { actionType: 'PICK', entityType: 'SO', entityId: 1, userId: 'picker', warehouseId: 1, details: { type: 'SHORT_PICK', shortage: 1, bin_id: 2 } },
      { actionType: 'ADJUST', entityType: 'ITEM', entityId: 1, userId: '1', warehouseId: wh2.warehouseId, details: { reason: "it's", flag: true, none: null, ratio: 1.5 } },
    );
    await p.inventoryAdjustment.create({ data: { itemId: 1, binId: 2, warehouseId: 1, quantityChange: 1, reasonCode: 'CYCLE_COUNT' } });

    const r = await s.api('GET', '/api/admin/dashboard?warehouse_id=1', { token: admin });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      open_pos: 1, pending_receipts: 34, items_awaiting_putaway: 12, pending_putaway: 12,
      open_sos: 2, orders_ready_to_pick: 2, orders_to_pick: 2, orders_in_picking: 1,
      ready_to_pack: 1, orders_to_pack: 1, orders_packed: 1, ready_to_ship: 1, orders_to_ship: 1, require_packing: true,
      total_skus: 6, total_bins: 7, low_stock_items: 1, short_picks_7d: 1, pending_adjustments: 1,
      recent_activity: [{
        action: 'PICK', action_type: 'PICK', entity_type: 'SO', user: 'picker',
        detail: "{'type': 'SHORT_PICK', 'bin_id': 2, 'shortage': 1}",
        time: expect.stringMatching(ISO), created_at: expect.stringMatching(ISO),
      }],
    });
    const all = await s.api('GET', '/api/admin/dashboard?warehouse_id=abc', { token: admin });
    expect(all.body).toMatchObject({ open_sos: 3, total_bins: 7, total_skus: 6, low_stock_items: 1 });
    expect(all.body.recent_activity.map((a: any) => a.action)).toEqual(['ADJUST', 'PICK']);
    expect(all.body.recent_activity[0].detail).toBe(`{'flag': True, 'none': None, 'ratio': 1.5, 'reason': "it's"}`);
    expect((await s.api('GET', `/api/admin/dashboard?warehouse_id=${wh2.warehouseId}`, { token: admin })).body).toMatchObject({ open_sos: 1, short_picks_7d: 0, total_bins: 0, total_skus: 6 });

    await p.appSetting.update({ where: { key: 'require_packing_before_shipping' }, data: { value: 'false' } });
    const noPack = (await s.api('GET', '/api/admin/dashboard?warehouse_id=1', { token: admin })).body;
    expect(noPack.require_packing).toBe(false);
    expect(noPack.ready_to_ship).toBe(2);
    expect(noPack.orders_to_ship).toBe(2);
    for (const k of ['ready_to_pack', 'orders_packed', 'orders_to_pack']) expect(noPack).not.toHaveProperty(k);
    await p.appSetting.update({ where: { key: 'require_packing_before_shipping' }, data: { value: 'true' } });
  });
});

describe('audit log', () => {
  it('lists entries newest first with entity names, rewritten details, filters and pagination', async () => {
    const p = s.app.prisma;
    const po = await p.purchaseOrder.findFirstOrThrow({ where: { poNumber: 'PO-1001' } });
    await audit({ actionType: 'RECEIVE', entityType: 'PO', entityId: po.poId, userId: 'recv1', warehouseId: 1, details: { item_id: ids.items['TST-001'], quantity: 5, bin_id: ids.bins['STAGE-01'], receipt_id: 77 } });
    const so = await p.salesOrder.findFirstOrThrow({ where: { soNumber: 'SO-1001' } });
    const tst4 = ids.items['TST-004'];
    await audit({
      actionType: 'TRANSFER', entityType: 'ITEM', entityId: ids.items['TST-002'], userId: '1', warehouseId: 1,
      details: { from_bin_id: ids.bins['A-01-01'], to_bin_id: 4242, so_count: so.soId, total_items: tst4, po_line_id: po.poId, so_id: so.soId, batch_id: 3 },
    });
    await audit({ actionType: 'PICK', entityType: 'BATCH', entityId: 3, userId: 'recv1', warehouseId: null, details: { batch_number: 'B-1' } });

    const r = await s.api('GET', '/api/admin/audit-log', { token: admin });
    expect(r.status).toBe(200);
    const total = await p.auditLog.count();
    expect(r.body).toMatchObject({ total, page: 1, per_page: 50, pages: 1 });
    const [batch, transfer, receive] = r.body.entries;
    expect(batch).toEqual({
      log_id: expect.any(Number), action_type: 'PICK', entity_type: 'BATCH', entity_id: 3, entity_name: null, username: 'recv1',
      device_id: null, warehouse_id: null, warehouse_code: null, details: { batch_number: 'B-1' }, created_at: expect.stringMatching(ISO),
    });
    expect(transfer).toMatchObject({
      entity_name: 'TST-002', username: '1', warehouse_code: 'WH1',
      // legacy-difference: only id keys are rewritten (the legacy showed so_count: 'SO-1001', total_items: 'TST-004')
      details: { from_bin: 'A-01-01', to_bin_id: 4242, so_count: so.soId, total_items: tst4, po_line_id: po.poId, so: 'SO-1001', batch_id: 3 },
    });
    expect(receive).toMatchObject({
      entity_name: 'PO-1001', details: { item: 'TST-001', quantity: 5, bin: 'STAGE-01', receipt_id: 77 },
    });
    expect(r.body.entries.map((e: any) => e.log_id)).toEqual([...r.body.entries.map((e: any) => e.log_id)].sort((a, b) => b - a));

    const byAction = (await s.api('GET', '/api/admin/audit-log?action_type=RECEIVE', { token: admin })).body;
    expect(byAction.entries.map((e: any) => e.action_type)).toEqual(['RECEIVE']);
    expect(byAction.total).toBe(1);
    expect((await s.api('GET', '/api/admin/audit-log?user_id=recv1', { token: admin })).body.total).toBe(2);
    expect((await s.api('GET', '/api/admin/audit-log?user_id=1', { token: admin })).body.entries.map((e: any) => e.action_type)).toEqual(['TRANSFER', 'ADJUST']);
    const future = (await s.api('GET', '/api/admin/audit-log?start_date=2999-01-01', { token: admin })).body;
    expect(future.total).toBe(0);
    const window = (await s.api('GET', `/api/admin/audit-log?start_date=2000-01-01&end_date=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, { token: admin })).body;
    expect(window.total).toBe(total);
    expect((await s.api('GET', '/api/admin/audit-log?end_date=2000-01-01', { token: admin })).body.total).toBe(0);
    // legacy-difference: an unparsable date was a 500
    const bad = await s.api('GET', '/api/admin/audit-log?start_date=yesterday-ish', { token: admin });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: 'Invalid start_date: yesterday-ish' });
    // text PostgreSQL reads as a time no filter can hold (infinity, a BC year, past 9999): the same 400, not a 500
    for (const [key, text] of [['start_date', 'infinity'], ['start_date', '0001-01-01 00:00:00 BC'], ['end_date', '12000-01-01 00:00:00']]) {
      const r = await s.api('GET', `/api/admin/audit-log?${key}=${encodeURIComponent(text)}`, { token: admin });
      expect([r.status, r.body], text).toEqual([400, { error: `Invalid ${key}: ${text}` }]);
    }
    const paged = (await s.api('GET', '/api/admin/audit-log?per_page=2&page=2', { token: admin })).body;
    expect(paged).toMatchObject({ page: 2, per_page: 2, total, pages: Math.ceil(total / 2) });
    expect(paged.entries.map((e: any) => e.log_id)).toEqual(r.body.entries.slice(2, 4).map((e: any) => e.log_id));
  });

  it('is append-only at the database level: UPDATE and DELETE fail and the chain still verifies', async () => {
    await expect(s.app.prisma.$executeRawUnsafe(`UPDATE audit_log SET user_id = 'mallory'`)).rejects.toThrow(/append-only/);
    await expect(s.app.prisma.$executeRawUnsafe('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    expect(await s.app.prisma.auditLog.count({ where: { userId: 'mallory' } })).toBe(0);
    const v = await s.gql('{ auditLogVerify }', {}, admin);
    expect(v).toMatchObject({ data: { auditLogVerify: null } });
  });
});

describe('audit log dates (the admin panel sends YYYY-MM-DD)', () => {
  it('a date-only end_date includes that whole day (UTC); bounds with a time and start_date are unchanged', async () => {
    for (const at of ['2026-03-10T00:00:00Z', '2026-03-10T12:00:00Z', '2026-03-10T23:59:59.999Z', '2026-03-11T00:00:00Z']) {
      await s.app.prisma.$executeRaw`
        INSERT INTO audit_log (action_type, entity_type, user_id, details, created_at) VALUES ('DATE_TEST', 'ITEM', 'admin', '{}'::jsonb, ${at}::timestamptz)`;
    }
    const days = async (query: string) => {
      const r = await s.api('GET', `/api/admin/audit-log?action_type=DATE_TEST&${query}`, { token: admin });
      expect(r.status, query).toBe(200);
      return r.body.entries.map((e: any) => e.created_at);
    };
    expect(await days('end_date=2026-03-10')).toEqual(['2026-03-10T23:59:59.999000+00:00', '2026-03-10T12:00:00+00:00', '2026-03-10T00:00:00+00:00']);
    expect(await days('start_date=2026-03-10&end_date=2026-03-10')).toHaveLength(3);
    expect(await days('end_date=2026-03-09')).toEqual([]);
    expect(await days('end_date=2026-03-10T12:00:00Z')).toEqual(['2026-03-10T12:00:00+00:00', '2026-03-10T00:00:00+00:00']);
    expect(await days('end_date=2026-03-10%2000:00:00')).toEqual(['2026-03-10T00:00:00+00:00']);
    expect(await days('start_date=2026-03-10T12:00:00Z')).toHaveLength(3);
    expect(await days('start_date=2026-03-11')).toEqual(['2026-03-11T00:00:00+00:00']);
    expect(await days('start_date=2026-03-11&end_date=2026-03-11')).toEqual(['2026-03-11T00:00:00+00:00']);
    // "to today" shows today's entries
    await audit({ actionType: 'DATE_TEST', entityType: 'ITEM', entityId: 1, userId: 'admin', warehouseId: null, details: {} });
    const today = (await s.app.prisma.auditLog.findFirstOrThrow({ where: { actionType: 'DATE_TEST' }, orderBy: { logId: 'desc' } })).createdAt!.toISOString().slice(0, 10);
    expect(await days(`start_date=${today}&end_date=${today}`)).toHaveLength(1);
    // an impossible date is still a 400, not a 500
    expect(await s.api('GET', '/api/admin/audit-log?end_date=2026-02-30', { token: admin })).toMatchObject({ status: 400, body: { error: 'Invalid end_date: 2026-02-30' } });
    // GraphQL reads the same filter
    const g = await s.gql(`{ auditLog(filter: { actionType: "DATE_TEST", endDate: "2026-03-10" }) { totalCount } }`, {}, admin);
    expect(g.data.auditLog.totalCount).toBe(3);
  });
});
