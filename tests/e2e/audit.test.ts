// The audit log as the dashboard's activity screens read it: a stock move appears at the head of the paged log
// with its references and warehouse as cache keys, a refused move (userError on input.quantity) leaves no entry,
// the dashboard's recent activity points at the same entries by node id, an id cached for an object deleted since
// reads null beside the figures that still answer, and every answer reports its cost.
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { stockedBin } from '../helpers/inventory';
import { startTestServer, type TestServer } from '../helpers/server';
import { expectCacheKey, expectCostReported, signIn, type DashboardClient } from './dashboard';
import { ActivityCardDocument, AuditTrailDocument, CreateItemDocument, MoveStockDocument, type AuditTrailQuery } from './generated/graphql';

let s: TestServer;
let client: DashboardClient;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  client = await signIn(s);
});
afterAll(async () => {
  await s?.close();
});

describe('e2e audit log', () => {
  it('a stock move heads the log with its references; a refused one writes no entry', async () => {
    const { item, bin, other } = await stockedBin(s.app, 4);
    const before = await client.request(AuditTrailDocument, { first: 1 });
    expectCostReported(client);

    const refused = await client.request(MoveStockDocument, { input: { itemId: item.itemId, fromBinId: bin.binId, toBinId: other.binId, quantity: 5 } });
    expect(refused.inventoryMove).toEqual({ move: null, userErrors: [{ field: ['input', 'quantity'], code: 'BAD_USER_INPUT', message: 'Insufficient inventory in source bin. Available: 4' }] });
    expect((await client.request(AuditTrailDocument, { first: 1 })).auditLog.totalCount).toBe(before.auditLog.totalCount);

    const moved = await client.request(MoveStockDocument, { input: { itemId: item.itemId, fromBinId: bin.binId, toBinId: other.binId, quantity: 4, reason: 'audit e2e' } });
    expect(moved.inventoryMove.userErrors).toEqual([]);
    const page = await client.request(AuditTrailDocument, { first: 2 });
    expectCostReported(client);
    expectTypeOf<AuditTrailQuery['auditLog']['edges'][number]['node']['createdAt']>().toEqualTypeOf<string>();
    expect(page.auditLog.totalCount).toBe(before.auditLog.totalCount + 1);
    const entry = page.auditLog.edges[0].node;
    expect(entry).toMatchObject({ __typename: 'AuditLogEntry', actionType: 'TRANSFER', entityType: 'ITEM', entityId: item.itemId, entityName: item.sku, username: 'admin' });
    expect(entry.createdAt).toMatch(/Z$/);
    expect(entry.references).toEqual(
      expect.arrayContaining([
        { key: 'from_bin_id', entityType: 'BIN', entityId: bin.binId, name: bin.binCode },
        { key: 'to_bin_id', entityType: 'BIN', entityId: other.binId, name: other.binCode },
      ]),
    );
    await expectCacheKey(client, entry);
    await expectCacheKey(client, entry.warehouse!);

    // the next page continues after the cursor, newest first
    const next = await client.request(AuditTrailDocument, { first: 2, after: page.auditLog.pageInfo.endCursor });
    const logIds = [...page.auditLog.edges, ...next.auditLog.edges].map((e) => e.node.logId);
    expect(logIds).toEqual([...logIds].sort((a, b) => b - a));
  });

  it('the dashboard activity points at audit entries by node id; a cached id of a deleted item is null beside it', async () => {
    const { itemCreate } = await client.request(CreateItemDocument, { input: { sku: 'E2E-GONE', itemName: 'Soon gone' } });
    const staleId = itemCreate.item!.id;
    await s.app.prisma.item.delete({ where: { itemId: itemCreate.item!.itemId } });
    const { item, bin, other } = await stockedBin(s.app, 2);
    await client.request(MoveStockDocument, { input: { itemId: item.itemId, fromBinId: bin.binId, toBinId: other.binId, quantity: 1 } });

    const card = await client.request(ActivityCardDocument, { staleId });
    expectCostReported(client);
    expect(card.node).toBeNull();
    const latest = card.dashboard.recentActivity[0];
    expect(latest).toMatchObject({ actionType: 'TRANSFER', user: 'admin' });
    await expectCacheKey(client, { __typename: 'AuditLogEntry', id: latest.auditLogEntryNodeId });
  });
});
