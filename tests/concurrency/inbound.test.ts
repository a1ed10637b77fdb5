import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { createPo, floorUser, onHandByBin, seeded, setSetting } from '../helpers/inbound';

let s: TestServer;
let admin: string;
let ids: Awaited<ReturnType<typeof seeded>>;
let worker: { token: string };

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  admin = await s.adminToken();
  ids = await seeded(s.app);
  worker = await floorUser(s, [ids.warehouseId], ['receive', 'putaway']);
  await setSetting(s.app, 'allow_over_receiving', 'false');
});
afterAll(async () => {
  await s?.close();
});

describe('concurrent inbound requests', () => {
  it('12 scanners receiving the same PO line at once never exceed the ordered quantity', async () => {
    const po = await createPo(s.app, { warehouseId: ids.warehouseId, lines: [{ itemId: ids.item3, quantity: 10 }] });
    const before = (await onHandByBin(s, admin, 'TST-003'))['STAGE-01'] ?? 0;
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        s.api('POST', '/api/receiving/receive', { token: worker.token, body: { po_id: po.poId, items: [{ item_id: ids.item3, quantity: 3, bin_id: ids.stageBinId }] } }),
      ),
    );
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(3); // 3 x 3 = 9 of 10; a 4th would exceed
    for (const r of results.filter((x) => x.status !== 200)) {
      expect(r.status).toBe(400);
      expect(r.body.error).toMatch(/^Over-receipt not allowed on line 1: requested 3 but only 1 remaining/);
    }
    const line = await s.app.prisma.purchaseOrderLine.findFirstOrThrow({ where: { poId: po.poId } });
    expect(line.quantityReceived).toBe(9);
    expect(await s.app.prisma.itemReceipt.count({ where: { poId: po.poId } })).toBe(3);
    // one no-lot row, incremented (never a duplicate row)
    expect(await s.app.prisma.inventory.count({ where: { itemId: ids.item3, binId: ids.stageBinId, lotNumber: null } })).toBe(1);
    expect((await onHandByBin(s, admin, 'TST-003'))['STAGE-01']).toBe(before + 9);
  });

  it('15 put-aways of the same staging stock never move more than exists', async () => {
    // TST-006: 12 in STAGE-01 (seed)
    const results = await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        s.api('POST', '/api/putaway/confirm', {
          token: worker.token,
          body: { item_id: ids.item6, from_bin_id: ids.stageBinId, to_bin_id: i % 2 ? ids.a0201 : ids.a0102, quantity: 2 },
        }),
      ),
    );
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(6);
    for (const r of results.filter((x) => x.status !== 200)) {
      expect(r.status).toBe(400);
      expect(r.body.error).toMatch(/^Insufficient inventory in source bin\. Available: [01]$/);
    }
    const stock = await onHandByBin(s, admin, 'TST-006');
    expect(stock['STAGE-01']).toBeUndefined();
    expect((stock['A-02-01'] ?? 0) + (stock['A-01-02'] ?? 0) + (stock['A-02-02'] ?? 0)).toBe(12);
    expect(await s.app.prisma.binTransfer.count({ where: { itemId: ids.item6, transferType: 'PUTAWAY' } })).toBe(6);
  });

  it('cancelling the same receipts in parallel reverses them once', async () => {
    const po = await createPo(s.app, { warehouseId: ids.warehouseId, lines: [{ itemId: ids.item2, quantity: 8 }] });
    const before = (await onHandByBin(s, admin, 'TST-002'))['STAGE-01'] ?? 0;
    const rec = await s.api('POST', '/api/receiving/receive', {
      token: worker.token,
      body: { po_id: po.poId, items: [{ item_id: ids.item2, quantity: 5, bin_id: ids.stageBinId }, { item_id: ids.item2, quantity: 3, bin_id: ids.stageBinId }] },
    });
    expect(rec.status).toBe(200);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => s.api('POST', '/api/receiving/cancel', { token: worker.token, body: { receipt_ids: rec.body.receipt_ids, po_id: po.poId } })),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.reduce((n, r) => n + r.body.reversed, 0)).toBe(2);
    expect((await onHandByBin(s, admin, 'TST-002'))['STAGE-01']).toBe(before);
    const line = await s.app.prisma.purchaseOrderLine.findFirstOrThrow({ where: { poId: po.poId } });
    expect([line.quantityReceived, line.status]).toEqual([0, 'PENDING']);
    expect((await s.app.prisma.purchaseOrder.findUniqueOrThrow({ where: { poId: po.poId } })).status).toBe('OPEN');
  });
});
