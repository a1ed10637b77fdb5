import pg from 'pg';
import { afterAll, beforeAll, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server';
import { createPo, floorUser, seeded } from '../../helpers/inbound';
const log: string[] = [];
let on = false;
const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(pg.Client.prototype as any).query = function (...args: any[]) {
  if (on) { const a = args[0]; log.push(String(typeof a === 'string' ? a : a?.text).replace(/\s+/g, ' ').slice(0, 150)); }
  return original.apply(this, args);
};
let s: TestServer; let ids: any; let token: string;
beforeAll(async () => { s = await startTestServer({ seed: true }); ids = await seeded(s.app); token = (await floorUser(s, [ids.warehouseId], ['receive', 'putaway'])).token; });
afterAll(async () => s?.close());
it('dbg', async () => {
  const po = await createPo(s.app, { warehouseId: ids.warehouseId, lines: [{ itemId: ids.item1, quantity: 1000 }, { itemId: ids.item2, quantity: 1000 }] });
  for (let i = 0; i < 2; i++) {
    on = true; log.length = 0;
    const r = await s.api('POST', '/api/receiving/receive', { token, body: { po_id: po.poId, items: [{ item_id: ids.item1, quantity: 1, bin_id: ids.stageBinId }] } });
    on = false; console.log('RECEIVE', r.status, JSON.stringify(r.body), '\n' + log.join('\n'));
    on = true; log.length = 0;
    const p = await s.api('POST', '/api/putaway/confirm', { token, body: { item_id: ids.item6, from_bin_id: ids.stageBinId, to_bin_id: ids.a0201, quantity: 1 } });
    on = false; console.log('PUTAWAY', p.status, JSON.stringify(p.body), '\n' + log.join('\n'));
  }
});
