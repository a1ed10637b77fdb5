/**
 * Statements a receipt and a put-away send to PostgreSQL (issue 17: every statement of a write transaction after
 * its first costs a round trip). Counted at the driver (bench/query-counter.ts wraps pg.Client#query): BEGIN and
 * COMMIT are counted too, although they ride with the first and the final statement (src/db/pg-client.ts), so
 * BEGIN + 2 statements + COMMIT = 4 calls is two round trips.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installQueryCounter, markOwn, statements } from '../../bench/query-counter';
import { startTestServer, type ApiResponse, type TestServer } from '../helpers/server';
import { createPo, floorUser, seeded } from '../helpers/inbound';
import { createItem } from '../helpers/outbound';

installQueryCounter();

let s: TestServer;
let ids: Awaited<ReturnType<typeof seeded>>;
let token: string;

beforeAll(async () => {
  // the audit sealer and the live relay (it reads the outbox after every commit) send statements of their own
  s = await startTestServer({ seed: true, env: { AUDIT_SEAL_INTERVAL_MS: '0' } });
  await s.app.live?.close();
  ids = await seeded(s.app);
  token = (await floorUser(s, [ids.warehouseId], ['receive', 'putaway'])).token;
});
afterAll(async () => s?.close());

/** Statements one request sends; the least of a few runs, so unrelated background work cannot inflate it. */
async function statementsOf(path: string, body: () => Promise<unknown>): Promise<number> {
  let least = Infinity;
  for (let i = 0; i < 4; i++) {
    const b = await body();
    const before = statements();
    const r = await s.api('POST', path, { token, body: b });
    expect(r.status, r.text).toBe(200);
    least = Math.min(least, statements() - before);
  }
  return least;
}

describe('round trips of the inbound writes', () => {
  it('POST /api/receiving/receive: one entry, and two entries (two items, two bins, one of them a new lot row)', async () => {
    const po = await createPo(s.app, { warehouseId: ids.warehouseId, lines: [{ itemId: ids.item1, quantity: 1000 }, { itemId: ids.item2, quantity: 1000 }] });
    const one = await statementsOf('/api/receiving/receive', async () => ({
      po_id: po.poId,
      items: [{ item_id: ids.item1, quantity: 1, bin_id: ids.stageBinId }],
    }));
    let lot = 0;
    const two = await statementsOf('/api/receiving/receive', async () => ({
      po_id: po.poId,
      items: [
        { item_id: ids.item1, quantity: 2, bin_id: ids.stageBinId },
        { item_id: ids.item2, quantity: 3, bin_id: ids.a0201, lot_number: `RT-${++lot}` },
      ],
    }));
    expect({ one, two }).toEqual({ one: 4, two: 4 });
  });

  it('the receivingReceive and putawayConfirm mutations: the same', async () => {
    const po = await createPo(s.app, { warehouseId: ids.warehouseId, lines: [{ itemId: ids.item1, quantity: 1000 }, { itemId: ids.item2, quantity: 1000 }] });
    const receive = `mutation($i: ReceivingReceiveInput!) { receivingReceive(input: $i) { submission { receiptIds } userErrors { message } } }`;
    const confirm = `mutation($i: PutawayConfirmInput!) { putawayConfirm(input: $i) { confirmation { transferId } userErrors { message } } }`;
    const counts: number[] = [];
    for (const [query, i, field] of [
      [receive, { poId: po.poId, items: [{ itemId: ids.item1, quantity: 1, binId: ids.stageBinId }, { itemId: ids.item2, quantity: 1, binId: ids.a0201 }] }, 'receivingReceive'],
      [confirm, { itemId: ids.item1, fromBinId: ids.stageBinId, toBinId: ids.a0101, quantity: 1 }, 'putawayConfirm'],
    ] as const) {
      let least = Infinity;
      for (let n = 0; n < 4; n++) {
        const before = statements();
        const r = await s.gql(query, { i }, token);
        expect(r.data?.[field]?.userErrors, JSON.stringify(r)).toEqual([]);
        least = Math.min(least, statements() - before);
      }
      counts.push(least);
    }
    expect(counts).toEqual([4, 4]);
  });

  it('POST /api/putaway/confirm: the move out of the staging bin', async () => {
    const n = await statementsOf('/api/putaway/confirm', async () => ({
      item_id: ids.item6,
      from_bin_id: ids.stageBinId,
      to_bin_id: ids.a0201,
      quantity: 1,
    }));
    expect(n).toBe(4);
  });
});

describe('the writes moved into the last statement keep their effects', () => {
  it('a receipt of several entries into one (item, bin, lot) row: one row with the sum, one receipt per entry in entry order', async () => {
    const item = await createItem(s.app);
    const po = await createPo(s.app, { warehouseId: ids.warehouseId, lines: [{ itemId: item.itemId, quantity: 100 }] });
    await s.app.prisma.inventory.create({ data: { itemId: item.itemId, binId: ids.a0201, warehouseId: ids.warehouseId, quantityOnHand: 4 } });
    const entries = [
      { item_id: item.itemId, quantity: 2, bin_id: ids.stageBinId, lot_number: 'L1' },
      { item_id: item.itemId, quantity: 3, bin_id: ids.stageBinId, lot_number: 'L1' },
      { item_id: item.itemId, quantity: 5, bin_id: ids.a0201 },
      { item_id: item.itemId, quantity: 7, bin_id: ids.stageBinId },
      { item_id: item.itemId, quantity: 1, bin_id: ids.a0201 },
    ];
    const r = await s.api('POST', '/api/receiving/receive', { token, body: { po_id: po.poId, items: entries } });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ po_status: 'PARTIAL', warnings: [] });
    const receiptIds: number[] = r.body.receipt_ids;
    expect(receiptIds).toHaveLength(5);
    expect([...receiptIds].sort((a, b) => a - b)).toEqual(receiptIds);
    const receipts = await s.app.prisma.itemReceipt.findMany({ where: { poId: po.poId }, orderBy: { receiptId: 'asc' } });
    expect(receipts.map((x) => [x.receiptId, x.binId, x.lotNumber, x.quantityReceived])).toEqual(
      entries.map((e, i) => [receiptIds[i], e.bin_id, e.lot_number ?? null, e.quantity]),
    );
    const rows = await s.app.prisma.inventory.findMany({ where: { itemId: item.itemId }, orderBy: { inventoryId: 'asc' } });
    expect(rows.map((x) => [x.binId, x.lotNumber, x.quantityOnHand, x.quantityAllocated])).toEqual([
      [ids.a0201, null, 10, 0],
      [ids.stageBinId, 'L1', 5, 0],
      [ids.stageBinId, null, 7, 0],
    ]);
    const line = await s.app.prisma.purchaseOrderLine.findFirstOrThrow({ where: { poId: po.poId } });
    expect([line.quantityReceived, line.status]).toEqual([18, 'PARTIAL']);
    const audits = await s.app.prisma.auditLog.findMany({ where: { actionType: 'RECEIVE', entityId: po.poId }, orderBy: { logId: 'asc' } });
    expect(audits.map((a) => a.details)).toEqual(entries.map((e, i) => ({ item_id: e.item_id, quantity: e.quantity, bin_id: e.bin_id, receipt_id: receiptIds[i] })));
  });

  /**
   * Runs `request` while another transaction holds the positions of `itemId` in `binIds` and inserts `rows` there; that
   * transaction commits once the request waits for the positions. Returns the request's answer.
   */
  async function whileInserting(itemId: number, binIds: number[], rows: { binId: number; onHand: number }[], request: () => Promise<ApiResponse>) {
    const other = new pg.Client({ connectionString: s.app.config.databaseUrl });
    markOwn(other, 'test');
    await other.connect();
    try {
      await other.query('BEGIN');
      // the positions' locks in lockStockPositions' order, then the rows, as a receipt into those bins would
      for (const bin of [...binIds].sort((a, b) => a - b)) await other.query('SELECT pg_advisory_xact_lock($1::int, $2::int)', [itemId, bin]);
      for (const row of rows) {
        await other.query('INSERT INTO inventory (item_id, bin_id, warehouse_id, quantity_on_hand, quantity_allocated) VALUES ($1, $2, $3, $4, 0)', [
          itemId, row.binId, ids.warehouseId, row.onHand,
        ]);
      }
      const answer = request();
      for (let i = 0; ; i++) {
        const { rows: waiting } = await other.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND pid <> pg_backend_pid()`);
        if (waiting[0].n > 0) break;
        if (i > 200) throw new Error('the request never waited for the positions');
        await new Promise((r) => setTimeout(r, 25));
      }
      await other.query('COMMIT');
      return await answer;
    } finally {
      await other.end();
    }
  }

  const onHandOf = async (itemId: number) =>
    Object.fromEntries((await s.app.prisma.inventory.findMany({ where: { itemId } })).map((x) => [`${x.binId}/${x.lotNumber}`, x.quantityOnHand]));

  it('a receipt waiting on its position adds to the row its holder inserted', async () => {
    const item = await createItem(s.app);
    const po = await createPo(s.app, { warehouseId: ids.warehouseId, lines: [{ itemId: item.itemId, quantity: 100 }] });
    const r = await whileInserting(item.itemId, [ids.stageBinId], [{ binId: ids.stageBinId, onHand: 5 }], () =>
      s.api('POST', '/api/receiving/receive', { token, body: { po_id: po.poId, items: [{ item_id: item.itemId, quantity: 3, bin_id: ids.stageBinId }] } }),
    );
    expect(r.status, r.text).toBe(200);
    expect(await onHandOf(item.itemId)).toEqual({ [`${ids.stageBinId}/null`]: 8 });
  });

  it('a put-away waiting on its positions sees the source and destination rows their holder inserted', async () => {
    const item = await createItem(s.app);
    const r = await whileInserting(
      item.itemId,
      [ids.stageBinId, ids.a0201],
      [{ binId: ids.stageBinId, onHand: 5 }, { binId: ids.a0201, onHand: 2 }],
      () => s.api('POST', '/api/putaway/confirm', { token, body: { item_id: item.itemId, from_bin_id: ids.stageBinId, to_bin_id: ids.a0201, quantity: 3 } }),
    );
    expect(r.status, r.text).toBe(200);
    const transfer = await s.app.prisma.binTransfer.findUniqueOrThrow({ where: { transferId: r.body.transfer_id } });
    expect([transfer.itemId, transfer.fromBinId, transfer.toBinId, transfer.quantity, transfer.transferType]).toEqual([item.itemId, ids.stageBinId, ids.a0201, 3, 'PUTAWAY']);
    expect(await onHandOf(item.itemId)).toEqual({ [`${ids.stageBinId}/null`]: 2, [`${ids.a0201}/null`]: 5 });
  });
});
