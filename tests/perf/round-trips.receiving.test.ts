/**
 * Statements a receipt and a put-away send to PostgreSQL (issue 17: every statement of a write transaction after
 * its first costs a round trip). Counted at the driver (bench/query-counter.ts wraps pg.Client#query): BEGIN and
 * COMMIT are counted too, although they ride with the first and the final statement (src/db/pg-client.ts), so
 * BEGIN + 2 statements + COMMIT = 4 calls is two round trips.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installQueryCounter, statements } from '../../bench/query-counter';
import { startTestServer, type TestServer } from '../helpers/server';
import { createPo, floorUser, seeded } from '../helpers/inbound';

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
