import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { floorUser, onHandByBin, secondWarehouse, seeded } from '../helpers/inbound';

let s: TestServer;
let admin: string;
let ids: Awaited<ReturnType<typeof seeded>>;
let worker: { token: string; username: string };

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  admin = await s.adminToken();
  ids = await seeded(s.app);
  worker = await floorUser(s, [ids.warehouseId], ['putaway']);
});
afterAll(async () => {
  await s?.close();
});

describe('GET /api/putaway/pending/{warehouse_id}', () => {
  it('lists on-hand stock of Staging bins only, with the client keys beside the documented ones', async () => {
    const r = await s.api('GET', `/api/putaway/pending/${ids.warehouseId}`, { token: worker.token });
    expect(r.status).toBe(200);
    // seed: TST-006 x12 in STAGE-01 (Staging); TST-001 x15 in PS-01 (PickableStaging) is not listed
    expect(r.body).toEqual({
      pending_items: [
        {
          inventory_id: expect.any(Number), item_id: ids.item6, sku: 'TST-006', item_name: 'Test Cable 2m', upc: '012345678950',
          quantity: 12, quantity_on_hand: 12, bin_id: ids.stageBinId, bin_code: 'STAGE-01', lot_number: null,
          suggested_bin: 'A-02-02', default_bin_code: 'A-02-02',
        },
      ],
    });
  });

  it('answers 403 for another warehouse, [] for an unknown one (admin), HTML 404 for a non-integer', async () => {
    expect(await s.api('GET', '/api/putaway/pending/77', { token: worker.token })).toMatchObject({ status: 403, body: { error: 'Access denied for this warehouse' } });
    expect(await s.api('GET', '/api/putaway/pending/77', { token: admin })).toMatchObject({ status: 200, body: { pending_items: [] } });
    expect(await s.api('GET', '/api/putaway/pending/99999999999', { token: admin })).toMatchObject({ status: 200, body: { pending_items: [] } });
    const html = await s.api('GET', '/api/putaway/pending/abc', { token: admin });
    expect(html.status).toBe(404);
    expect(html.text).toContain('<title>404 Not Found</title>');
  });
});

describe('GET /api/putaway/suggest/{item_id}', () => {
  it('suggests the top preferred bin, else the default bin (priority 1), scoped to the user', async () => {
    const r = await s.api('GET', `/api/putaway/suggest/${ids.item1}`, { token: worker.token });
    const bin = { bin_id: ids.a0101, bin_code: 'A-01-01', bin_barcode: 'BIN-A-01-01', zone_name: 'Storage', priority: 1 };
    expect(r).toMatchObject({ status: 200 });
    expect(r.body).toEqual({ item_id: ids.item1, sku: 'TST-001', item_name: 'Test Widget Small', preferred_bin: bin, suggested_bin: bin });
    const byDefault = await s.api('GET', `/api/putaway/suggest/${ids.item2}`, { token: worker.token });
    expect(byDefault.body.preferred_bin).toEqual({ bin_id: ids.a0102, bin_code: 'A-01-02', bin_barcode: 'BIN-A-01-02', zone_name: 'Storage', priority: 1 });
    const outsider = await floorUser(s, [], []);
    const none = await s.api('GET', `/api/putaway/suggest/${ids.item1}`, { token: outsider.token });
    expect(none.body).toEqual({ item_id: ids.item1, sku: 'TST-001', item_name: 'Test Widget Small', preferred_bin: null, suggested_bin: null });
  });

  it('answers 404 for an unknown item', async () => {
    expect(await s.api('GET', '/api/putaway/suggest/424242', { token: worker.token })).toMatchObject({ status: 404, body: { error: 'Item not found' } });
    expect(await s.api('GET', '/api/putaway/suggest/99999999999', { token: worker.token })).toMatchObject({ status: 404, body: { error: 'Item not found' } });
  });
});

describe('POST /api/putaway/confirm', () => {
  it('moves stock from staging to storage, deletes the emptied row, records the transfer and audits', async () => {
    const before = await onHandByBin(s, admin, 'TST-006');
    expect(before['STAGE-01']).toBe(12);
    const r = await s.api('POST', '/api/putaway/confirm', {
      token: worker.token,
      body: { item_id: ids.item6, from_bin_id: ids.stageBinId, to_bin_id: ids.a0201, quantity: 5, lot_number: null, warehouse_id: ids.warehouseId },
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ message: 'Put-away confirmed', transfer_id: expect.any(Number), item: 'TST-006', from_bin: 'STAGE-01', to_bin: 'A-02-01', quantity: 5 });
    expect(await onHandByBin(s, admin, 'TST-006')).toEqual({ ...before, 'STAGE-01': 7, 'A-02-01': 5 });
    const t = await s.app.prisma.binTransfer.findUniqueOrThrow({ where: { transferId: r.body.transfer_id } });
    expect(t).toMatchObject({ transferType: 'PUTAWAY', reason: null, transferredBy: worker.username, warehouseId: ids.warehouseId, quantity: 5 });
    const audit = await s.app.prisma.auditLog.findFirstOrThrow({ where: { actionType: 'PUTAWAY' }, orderBy: { logId: 'desc' } });
    expect(audit).toMatchObject({ entityType: 'ITEM', entityId: ids.item6, userId: worker.username, warehouseId: ids.warehouseId });
    expect(audit.details).toEqual({ from_bin_id: ids.stageBinId, from_bin_code: 'STAGE-01', to_bin_id: ids.a0201, to_bin_code: 'A-02-01', quantity: 5, transfer_id: r.body.transfer_id });
    expect(await s.app.prisma.eventOutbox.count({ where: { topic: 'putaway.confirmed' } })).toBe(1);

    const rest = await s.api('POST', '/api/putaway/confirm', { token: worker.token, body: { item_id: ids.item6, from_bin_id: ids.stageBinId, to_bin_id: ids.a0201, quantity: 7 } });
    expect(rest.status).toBe(200);
    const after = await onHandByBin(s, admin, 'TST-006');
    expect(after['STAGE-01']).toBeUndefined();
    expect(after['A-02-01']).toBe(12);
    const pending = await s.api('GET', `/api/putaway/pending/${ids.warehouseId}`, { token: worker.token });
    expect(pending.body.pending_items).toEqual([]);
  });

  it('checks in order: item, source bin, destination bin (404), warehouse (403), stock (400)', async () => {
    const other = await secondWarehouse(s.app);
    const base = { item_id: ids.item1, from_bin_id: ids.a0101, to_bin_id: ids.a0102, quantity: 1 };
    const cases: [Record<string, unknown>, number, string][] = [
      [{ item_id: 5555 }, 404, 'Item not found'],
      [{ from_bin_id: 5555 }, 404, 'Source bin not found'],
      [{ to_bin_id: 5555 }, 404, 'Destination bin not found'],
      [{ from_bin_id: other.stageBinId, to_bin_id: other.storageBinId }, 403, 'Access denied for this warehouse'],
      [{ quantity: 51 }, 400, 'Insufficient inventory in source bin. Available: 50'],
      [{ lot_number: 'NO-SUCH-LOT' }, 400, 'Insufficient inventory in source bin. Available: 0'],
      // a destination in a warehouse the worker cannot see reads as an unknown bin
      [{ to_bin_id: other.storageBinId }, 404, 'Destination bin not found'],
    ];
    for (const [patch, status, error] of cases) {
      const r = await s.api('POST', '/api/putaway/confirm', { token: worker.token, body: { ...base, ...patch } });
      expect([r.status, r.body]).toEqual([status, { error }]);
    }
    // the caller may see both warehouses: the cross-warehouse answer
    const cross = await s.api('POST', '/api/putaway/confirm', { token: admin, body: { ...base, to_bin_id: other.storageBinId } });
    expect([cross.status, cross.body]).toEqual([400, { error: 'Cross-warehouse put-away is not allowed. Use the admin inter-warehouse transfer.' }]);
    expect((await onHandByBin(s, admin, 'TST-001'))['A-01-01']).toBe(50);
  });

  it('does not move allocated stock away', async () => {
    await s.app.prisma.inventory.updateMany({ where: { itemId: ids.item3, binId: ids.a0103 }, data: { quantityAllocated: 15 } });
    const r = await s.api('POST', '/api/putaway/confirm', { token: worker.token, body: { item_id: ids.item3, from_bin_id: ids.a0103, to_bin_id: ids.a0102, quantity: 6 } });
    expect(r).toMatchObject({ status: 400, body: { error: 'Insufficient inventory in source bin. Available: 5' } });
    expect((await onHandByBin(s, admin, 'TST-003'))['A-01-03']).toBe(20);
  });

  it('validates the body, including the from != to rule', async () => {
    const same = await s.api('POST', '/api/putaway/confirm', { token: worker.token, body: { item_id: 1, from_bin_id: 2, to_bin_id: 2, quantity: 1 } });
    expect(same).toMatchObject({ status: 400, body: { error: 'validation_error', details: [{ type: 'value_error', loc: [], msg: 'Value error, from_bin_id and to_bin_id must be different' }] } });
    const bad = await s.api('POST', '/api/putaway/confirm', { token: worker.token, body: { item_id: 1, from_bin_id: 2, quantity: 100001 } });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([
      { type: 'missing', loc: ['to_bin_id'], msg: 'Field required' },
      { type: 'less_than_equal', loc: ['quantity'], msg: 'Input should be less than or equal to 100000' },
    ]);
  });

  it('refuses users without the putaway function', async () => {
    const receiver = await floorUser(s, [ids.warehouseId], ['receive']);
    const r = await s.api('POST', '/api/putaway/confirm', { token: receiver.token, body: { item_id: ids.item1, from_bin_id: ids.a0101, to_bin_id: ids.a0102, quantity: 1 } });
    expect(r).toMatchObject({ status: 403, body: { error: 'Function not allowed: putaway' } });
    const p = await s.api('POST', '/api/putaway/update-preferred', { token: receiver.token, body: { item_id: ids.item1, bin_id: ids.a0102 } });
    expect(p).toMatchObject({ status: 403, body: { error: 'Function not allowed: putaway' } });
  });
});

describe('POST /api/putaway/update-preferred', () => {
  it('sets, then changes, the primary bin: priorities shift, default bin follows, audit written', async () => {
    const first = await s.api('POST', '/api/putaway/update-preferred', { token: worker.token, body: { item_id: ids.item2, bin_id: ids.a0201 } });
    expect(first).toMatchObject({ status: 200 });
    expect(first.body).toEqual({ message: 'Preferred bin for TST-002 set to A-02-01', item_id: ids.item2, bin_id: ids.a0201, bin_code: 'A-02-01' });
    const second = await s.api('POST', '/api/putaway/update-preferred', { token: worker.token, body: { item_id: ids.item2, bin_id: ids.a0102, set_as_primary: 'yes' } });
    expect(second.body.message).toBe('Preferred bin for TST-002 changed to A-01-02');
    const rows = await s.app.prisma.preferredBin.findMany({ where: { itemId: ids.item2 }, orderBy: { priority: 'asc' } });
    expect(rows.map((r) => [r.binId, r.priority, r.notes])).toEqual([[ids.a0102, 1, 'Set via put-away'], [ids.a0201, 2, 'Set via put-away']]);
    expect((await s.app.prisma.item.findUniqueOrThrow({ where: { itemId: ids.item2 } })).defaultBinId).toBe(ids.a0102);
    const suggestion = await s.api('GET', `/api/putaway/suggest/${ids.item2}`, { token: worker.token });
    expect(suggestion.body.preferred_bin.bin_code).toBe('A-01-02');

    const noop = await s.api('POST', '/api/putaway/update-preferred', { token: worker.token, body: { item_id: ids.item2, bin_id: ids.a0201, set_as_primary: false } });
    expect(noop.body.message).toBe('Preferred bin for TST-002 changed to A-02-01');
    expect((await s.app.prisma.item.findUniqueOrThrow({ where: { itemId: ids.item2 } })).defaultBinId).toBe(ids.a0102);
    const audits = await s.app.prisma.auditLog.findMany({ where: { actionType: 'PREFERRED_BIN_UPDATE', entityId: ids.item2 }, orderBy: { logId: 'asc' } });
    expect(audits.map((a) => a.details)).toEqual([
      { sku: 'TST-002', old_bin: null, new_bin: 'A-02-01', set_as_primary: true },
      { sku: 'TST-002', old_bin: 'A-02-01', new_bin: 'A-01-02', set_as_primary: true },
      { sku: 'TST-002', old_bin: 'A-01-02', new_bin: 'A-02-01', set_as_primary: false },
    ]);
    expect(await s.app.prisma.eventOutbox.count({ where: { topic: 'putaway.preferred_bin_set' } })).toBe(2);
  });

  it("ranks priorities per warehouse: another warehouse's preferred bins keep their order and are never named", async () => {
    const other = await secondWarehouse(s.app);
    const item = ids.item1;
    const own = await s.app.prisma.preferredBin.findFirst({ where: { itemId: item, priority: 1 }, include: { bin: true } });
    await s.app.prisma.preferredBin.create({ data: { itemId: item, binId: other.storageBinId, priority: 1 } });
    const r = await s.api('POST', '/api/putaway/update-preferred', { token: worker.token, body: { item_id: item, bin_id: ids.a0201 } });
    const verb = own ? 'changed to' : 'set to';
    expect(r).toMatchObject({ status: 200, body: { message: `Preferred bin for TST-001 ${verb} A-02-01`, bin_id: ids.a0201 } });
    const rows = await s.app.prisma.preferredBin.findMany({ where: { itemId: item }, orderBy: { binId: 'asc' } });
    expect(rows.find((p) => p.binId === other.storageBinId)?.priority).toBe(1);
    expect(rows.find((p) => p.binId === ids.a0201)?.priority).toBe(1);
    const audit = await s.app.prisma.auditLog.findFirstOrThrow({ where: { actionType: 'PREFERRED_BIN_UPDATE', entityId: item }, orderBy: { logId: 'desc' } });
    expect(audit.details).toMatchObject({ old_bin: own?.bin.binCode ?? null, new_bin: 'A-02-01' });
  });

  it('answers 404 item / 404 bin / 403 other warehouse, and validates', async () => {
    const other = await secondWarehouse(s.app);
    expect(await s.api('POST', '/api/putaway/update-preferred', { token: worker.token, body: { item_id: 5555, bin_id: ids.a0101 } })).toMatchObject({ status: 404, body: { error: 'Item not found' } });
    expect(await s.api('POST', '/api/putaway/update-preferred', { token: worker.token, body: { item_id: ids.item1, bin_id: 5555 } })).toMatchObject({ status: 404, body: { error: 'Bin not found' } });
    expect(await s.api('POST', '/api/putaway/update-preferred', { token: worker.token, body: { item_id: ids.item1, bin_id: other.storageBinId } })).toMatchObject({ status: 403, body: { error: 'Access denied for this warehouse' } });
    const bad = await s.api('POST', '/api/putaway/update-preferred', { token: worker.token, body: { item_id: ids.item1, bin_id: 1, set_as_primary: 'maybe' } });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: 'validation_error', details: [{ type: 'bool_parsing', loc: ['set_as_primary'], msg: 'Input should be a valid boolean, unable to interpret input' }] });
  });
});
