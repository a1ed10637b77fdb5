// Purchase and sales orders as the dashboard's order screens use them: create with lines, both lists in one
// request paged with first/after, order and line cache keys, userErrors that point at the offending line, the
// issue's "one missing order wipes the page" case answering null beside its siblings, and the cost.
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { seeded } from '../helpers/inbound';
import { startTestServer, type TestServer } from '../helpers/server';
import { expectCacheKey, expectCostReported, signIn, type DashboardClient } from './dashboard';
import {
  CreatePurchaseOrderDocument,
  CreateSalesOrderDocument,
  OrderListsDocument,
  OrderPairDocument,
  type PurchaseOrderStatus,
  type SalesOrderStatus,
} from './generated/graphql';

let s: TestServer;
let client: DashboardClient;
let ids: Awaited<ReturnType<typeof seeded>>;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  ids = await seeded(s.app);
  client = await signIn(s);
});
afterAll(async () => {
  await s?.close();
});

describe('e2e orders', () => {
  it('creates a purchase order and a sales order; orders and lines are cache keys', async () => {
    const { purchaseOrderCreate } = await client.request(CreatePurchaseOrderDocument, {
      input: { poNumber: 'E2E-PO-1', warehouseId: ids.warehouseId, expectedDate: '2026-12-24', lines: [{ itemId: ids.item1, quantityOrdered: 12, unitCost: 1.5 }] },
    });
    expectCostReported(client);
    expect(purchaseOrderCreate.userErrors).toEqual([]);
    const po = purchaseOrderCreate.purchaseOrder!;
    expectTypeOf(po.status).toEqualTypeOf<PurchaseOrderStatus>();
    expect(po).toMatchObject({ __typename: 'PurchaseOrder', poNumber: 'E2E-PO-1', status: 'OPEN', expectedDate: '2026-12-24', lineCount: 1 });
    expect(po.lines).toEqual([{ __typename: 'PurchaseOrderLine', id: expect.any(String), sku: 'TST-001', quantityOrdered: 12, quantityReceived: 0, status: 'PENDING' }]);
    await expectCacheKey(client, po);
    await expectCacheKey(client, po.lines[0]);

    const { salesOrderCreate } = await client.request(CreateSalesOrderDocument, {
      input: { soNumber: 'E2E-SO-1', warehouseId: ids.warehouseId, customerName: 'Ada', lines: [{ itemId: ids.item1, quantityOrdered: 2 }, { itemId: ids.item2, quantityOrdered: 1 }] },
    });
    expectCostReported(client);
    expect(salesOrderCreate.userErrors).toEqual([]);
    const so = salesOrderCreate.salesOrder!;
    expectTypeOf(so.status).toEqualTypeOf<SalesOrderStatus>();
    expect(so).toMatchObject({ __typename: 'SalesOrder', soNumber: 'E2E-SO-1', status: 'OPEN', priority: 0 });
    expect(so.orderDate).toMatch(/Z$/);
    expect(so.lines.map((l) => [l.sku, l.quantityOrdered, l.quantityPicked, l.quantityShipped])).toEqual([['TST-001', 2, 0, 0], ['TST-002', 1, 0, 0]]);
    await expectCacheKey(client, so);
    for (const line of so.lines) await expectCacheKey(client, line);
  });

  it('pages both order lists in one request with first/after; the cost is priced from first', async () => {
    const page = await client.request(OrderListsDocument, { first: 2 });
    const cost = expectCostReported(client);
    expect(page.purchaseOrders.edges.length).toBeLessThanOrEqual(2);
    expect(page.salesOrders.edges).toHaveLength(2);
    expect(page.salesOrders.pageInfo.hasNextPage).toBe(page.salesOrders.totalCount > 2);
    for (const edge of page.salesOrders.edges) expect(edge.node.__typename).toBe('SalesOrder');
    const wide = await client.request(OrderListsDocument, { first: 50 });
    expect(expectCostReported(client).requestedQueryCost).toBeGreaterThan(cost.requestedQueryCost);
    expect(wide.salesOrders.edges).toHaveLength(Math.min(50, wide.salesOrders.totalCount));
  });

  it('an unknown item on the second line is a userError pointing at input.lines.1.itemId; nothing created', async () => {
    const { salesOrderCreate } = await client.request(CreateSalesOrderDocument, {
      input: { soNumber: 'E2E-SO-BAD', warehouseId: ids.warehouseId, lines: [{ itemId: ids.item1, quantityOrdered: 1 }, { itemId: 99_999_999, quantityOrdered: 1 }] },
    });
    expectCostReported(client);
    expect(salesOrderCreate).toEqual({ salesOrder: null, userErrors: [{ field: ['input', 'lines', '1', 'itemId'], code: 'BAD_USER_INPUT', message: 'Item 99999999 not found' }] });
    expect(await s.app.prisma.salesOrder.count({ where: { soNumber: 'E2E-SO-BAD' } })).toBe(0);

    const { purchaseOrderCreate } = await client.request(CreatePurchaseOrderDocument, {
      input: { poNumber: 'E2E-PO-Q', warehouseId: ids.warehouseId, lines: [{ itemId: ids.item1, quantityOrdered: 0 }] },
    });
    expect(purchaseOrderCreate.purchaseOrder).toBeNull();
    expect(purchaseOrderCreate.userErrors).toEqual([{ field: ['input', 'lines', '0', 'quantityOrdered'], code: 'BAD_USER_INPUT', message: expect.any(String) }]);
  });

  it('a missing sales order is null; the purchase order and the dashboard beside it still answer', async () => {
    const po = await s.app.prisma.purchaseOrder.findFirstOrThrow({ orderBy: { poId: 'asc' } });
    const data = await client.request(OrderPairDocument, { poId: po.poId, soId: 12345 });
    expectCostReported(client);
    expect(data.salesOrder).toBeNull();
    expect(data.purchaseOrder).toMatchObject({ __typename: 'PurchaseOrder', poNumber: po.poNumber });
    expect(data.dashboard.openSos).toEqual(expect.any(Number));
  });
});
