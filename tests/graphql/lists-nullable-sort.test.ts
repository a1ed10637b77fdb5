// Keyset paging over a sort column that may be empty (a purchase order's expected date): every row is listed once,
// empty values after the others ascending and before them descending (PostgreSQL's order), the same pages forward
// and backward, whatever the page size.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';

let s: TestServer;
let admin: string;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  admin = await s.adminToken();
  const warehouseId = (await s.app.prisma.warehouse.findFirstOrThrow()).warehouseId;
  await s.app.prisma.purchaseOrder.createMany({
    data: Array.from({ length: 7 }, (_, i) => ({
      poNumber: `NS-${i}`,
      vendorName: 'Vendor',
      warehouseId,
      expectedDate: i % 3 === 0 ? null : new Date(Date.UTC(2026, 0, 1 + (i % 2))),
    })),
  });
});
afterAll(async () => {
  await s?.close();
});

const FORWARD = `query($after: String, $n: Int, $d: SortDirection!) {
  purchaseOrders(first: $n, after: $after, sortBy: { field: EXPECTED_DATE, direction: $d }) {
    totalCount edges { node { poId expectedDate } } pageInfo { hasNextPage endCursor } } }`;
const BACKWARD = `query($before: String, $n: Int, $d: SortDirection!) {
  purchaseOrders(last: $n, before: $before, sortBy: { field: EXPECTED_DATE, direction: $d }) {
    edges { node { poId expectedDate } } pageInfo { hasPreviousPage startCursor } } }`;

type Row = { poId: number; expectedDate: string | null };

async function pages(dir: 'ASC' | 'DESC', n: number) {
  const forward: Row[] = [];
  let total = 0;
  let after: string | null = null;
  for (let i = 0; i < 50; i++) {
    const r: any = await s.gql(FORWARD, { after, n, d: dir }, admin);
    expect(r.errors).toBeUndefined();
    total = r.data.purchaseOrders.totalCount;
    forward.push(...r.data.purchaseOrders.edges.map((e: any) => e.node));
    if (!r.data.purchaseOrders.pageInfo.hasNextPage) break;
    after = r.data.purchaseOrders.pageInfo.endCursor;
  }
  const backward: Row[] = [];
  let before: string | null = null;
  for (let i = 0; i < 50; i++) {
    const r: any = await s.gql(BACKWARD, { before, n, d: dir }, admin);
    expect(r.errors).toBeUndefined();
    backward.unshift(...r.data.purchaseOrders.edges.map((e: any) => e.node));
    if (!r.data.purchaseOrders.pageInfo.hasPreviousPage) break;
    before = r.data.purchaseOrders.pageInfo.startCursor;
  }
  return { forward, backward, total };
}

describe('paging over a sort column with empty values', () => {
  for (const dir of ['ASC', 'DESC'] as const) {
    it(`${dir}: every order once, empty dates ${dir === 'ASC' ? 'last' : 'first'}, the same pages both ways`, async () => {
      const all = await pages(dir, 250);
      expect(all.total).toBe(8);
      expect(new Set(all.forward.map((r) => r.poId)).size).toBe(8);
      const empty = all.forward.map((r) => r.expectedDate === null);
      expect(empty).toEqual(dir === 'ASC' ? [false, false, false, false, true, true, true, true] : [true, true, true, true, false, false, false, false]);
      for (const n of [1, 2, 3]) {
        const paged = await pages(dir, n);
        expect(paged.forward, `first: ${n}`).toEqual(all.forward);
        expect(paged.backward, `last: ${n}`).toEqual(all.forward);
      }
    });
  }
});
