// The item catalog as the dashboard's product screens use it: create, list with first/after, the detail page with
// stock and preferred bins (each row a cache key), a duplicate SKU as a userError, a missing item as null beside
// the list that still answers, and the cost of every answer.
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { seeded } from '../helpers/inbound';
import { startTestServer, type TestServer } from '../helpers/server';
import { expectCacheKey, expectCostReported, signIn, type DashboardClient } from './dashboard';
import { CreateItemDocument, CreatePreferredBinDocument, ItemDetailDocument, ItemListDocument, type ItemDetailQuery } from './generated/graphql';

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

describe('e2e items', () => {
  it('creates an item, gives it a preferred bin and stock, and reads its detail page by cache keys', async () => {
    const { itemCreate } = await client.request(CreateItemDocument, { input: { sku: 'E2E-ITEM-1', itemName: 'Widget', upc: '0001112223334', weightLbs: 2.5 } });
    expectCostReported(client);
    expect(itemCreate.userErrors).toEqual([]);
    const item = itemCreate.item!;
    expect(item).toMatchObject({ __typename: 'Item', sku: 'E2E-ITEM-1', weightLbs: 2.5, isActive: true });
    expect(item.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    await expectCacheKey(client, item);

    const { preferredBinCreate } = await client.request(CreatePreferredBinDocument, { input: { itemId: item.itemId, binId: ids.a0201, priority: 1 } });
    expect(preferredBinCreate.userErrors).toEqual([]);
    expect(preferredBinCreate.preferredBin).toMatchObject({ __typename: 'PreferredBin', priority: 1, binCode: 'A-02-01', item: { __typename: 'Item', id: item.id } });
    await s.app.prisma.inventory.create({ data: { itemId: item.itemId, binId: ids.a0201, warehouseId: ids.warehouseId, quantityOnHand: 7 } });

    const detail = await client.request(ItemDetailDocument, { itemId: item.itemId });
    expectCostReported(client);
    expectTypeOf(detail.item).toEqualTypeOf<ItemDetailQuery['item']>();
    expectTypeOf(detail.item!.weightLbs).toEqualTypeOf<number | null>();
    expect(detail.item).toMatchObject({ id: item.id, sku: 'E2E-ITEM-1', defaultBinCode: 'A-02-01' });
    expect(detail.item!.inventory).toEqual([{ __typename: 'Inventory', id: expect.any(String), binCode: 'A-02-01', quantityOnHand: 7, quantityAvailable: 7 }]);
    await expectCacheKey(client, detail.item!.inventory[0]);
    await expectCacheKey(client, detail.item!.preferredBins[0]);
  });

  it('pages the catalog with first/after until hasNextPage is false', async () => {
    const seen: string[] = [];
    let after: string | null | undefined;
    let total = 0;
    for (let page = 0; page < 50; page++) {
      const { items } = await client.request(ItemListDocument, { first: 3, after });
      expectCostReported(client);
      total = items.totalCount;
      seen.push(...items.edges.map((e) => e.node.id));
      if (!items.pageInfo.hasNextPage) break;
      after = items.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('a duplicate SKU is a userError on input.sku (no top-level error), nothing created', async () => {
    const { itemCreate } = await client.request(CreateItemDocument, { input: { sku: 'TST-001', itemName: 'Clash' } });
    expectCostReported(client);
    expect(itemCreate).toEqual({ item: null, userErrors: [{ field: ['input', 'sku'], code: 'BAD_USER_INPUT', message: 'Duplicate SKU: TST-001' }] });
    expect(await s.app.prisma.item.count({ where: { itemName: 'Clash' } })).toBe(0);
  });

  it('a missing item is null while the list beside it still answers', async () => {
    const data = await client.request(ItemDetailDocument, { itemId: 99_999_999 });
    expectCostReported(client);
    expect(data.item).toBeNull();
    expect(data.items.totalCount).toBeGreaterThan(0);
  });
});
