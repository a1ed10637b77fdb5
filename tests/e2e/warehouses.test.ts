// Warehouses, zones and bins as the dashboard's site setup screens use them: create mutations with their payloads,
// Relay lists paged with first/after, cache keys that node(id:) resolves, userErrors on the form field, null for a
// missing object beside siblings that still answer, and the cost of every answer.
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { expectCacheKey, expectCostReported, signIn, type DashboardClient } from './dashboard';
import {
  BinListDocument,
  CreateBinDocument,
  CreateWarehouseDocument,
  CreateZoneDocument,
  WarehouseListDocument,
  WarehouseZoneBinDocument,
  type BinListQuery,
  type BinType,
  type ErrorCode,
  type ZoneType,
} from './generated/graphql';

let s: TestServer;
let client: DashboardClient;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  client = await signIn(s);
});
afterAll(async () => {
  await s?.close();
});

/** A warehouse with one zone and two bins, created through the API. */
async function site(code: string) {
  const { warehouseCreate } = await client.request(CreateWarehouseDocument, { input: { warehouseCode: code, warehouseName: `Site ${code}` } });
  expectCostReported(client);
  expect(warehouseCreate.userErrors).toEqual([]);
  const warehouse = warehouseCreate.warehouse!;
  expect(warehouse).toMatchObject({ __typename: 'Warehouse', warehouseCode: code, isActive: true });

  const { zoneCreate } = await client.request(CreateZoneDocument, {
    input: { warehouseId: warehouse.warehouseId, zoneCode: 'PK', zoneName: 'Pick faces', zoneType: 'PICKING' },
  });
  expect(zoneCreate.userErrors).toEqual([]);
  const zone = zoneCreate.zone!;
  expectTypeOf(zone.zoneType).toEqualTypeOf<ZoneType>();
  // the nested warehouse is the same cache entry as the one created
  expect(zone.warehouse).toEqual({ __typename: 'Warehouse', id: warehouse.id, warehouseId: warehouse.warehouseId });

  const bins = [];
  for (const [binCode, pickSequence] of [['PK-01', 10], ['PK-02', 20]] as const) {
    const { binCreate } = await client.request(CreateBinDocument, {
      input: { warehouseId: warehouse.warehouseId, zoneId: zone.zoneId, binCode, binBarcode: `${code}-${binCode}`, binType: 'PICKABLE', pickSequence },
    });
    expect(binCreate.userErrors).toEqual([]);
    expect(binCreate.bin).toMatchObject({ __typename: 'Bin', binCode, binType: 'PICKABLE', zoneName: 'Pick faces', pickSequence, zone: { __typename: 'Zone', id: zone.id } });
    bins.push(binCreate.bin!);
  }
  return { warehouse, zone, bins };
}

describe('e2e warehouses, zones and bins', () => {
  it('creates a site; every object carries a global id that node(id:) resolves to the same type', async () => {
    const { warehouse, zone, bins } = await site('E2E1');
    await expectCacheKey(client, warehouse);
    await expectCacheKey(client, zone);
    for (const bin of bins) await expectCacheKey(client, bin);
    // the global ids are distinct across types even where the integer keys are equal
    expect(new Set([warehouse.id, zone.id, ...bins.map((b) => b.id)]).size).toBe(4);
  });

  it('pages the warehouse and bin lists with first/after, totalCount over all pages', async () => {
    await site('E2E2');
    const first = await client.request(WarehouseListDocument, { first: 1 });
    const onePage = expectCostReported(client);
    expect(first.warehouses.totalCount).toBeGreaterThanOrEqual(3);
    expect(first.warehouses.edges).toHaveLength(1);
    expect(first.warehouses.pageInfo.hasNextPage).toBe(true);
    const rest = await client.request(WarehouseListDocument, { first: 50, after: first.warehouses.pageInfo.endCursor });
    // priced from the page size in the variables before running, not from the rows that came back
    expect(expectCostReported(client).requestedQueryCost).toBeGreaterThan(onePage.requestedQueryCost * 10);
    const all = [...first.warehouses.edges, ...rest.warehouses.edges].map((e) => e.node);
    expect(all).toHaveLength(first.warehouses.totalCount);
    expect(new Set(all.map((w) => w.id)).size).toBe(all.length);
    const e2e2 = all.find((w) => w.warehouseCode === 'E2E2')!;
    expect(e2e2.zones).toEqual([{ __typename: 'Zone', id: expect.any(String), zoneCode: 'PK' }]);

    const bins = await client.request(BinListDocument, { first: 2 });
    expectCostReported(client);
    expectTypeOf<BinListQuery['bins']['edges'][number]['node']['binType']>().toEqualTypeOf<BinType>();
    expect(bins.bins.edges).toHaveLength(2);
    expect(bins.bins.totalCount).toBeGreaterThan(2);
    expect(bins.bins.pageInfo.hasNextPage).toBe(true);
  });

  it('a duplicate bin code is a userError on input.binCode with an enum code, nothing created', async () => {
    const { warehouse, zone } = await site('E2E3');
    const before = await s.app.prisma.bin.count({ where: { warehouseId: warehouse.warehouseId } });
    const { binCreate } = await client.request(CreateBinDocument, {
      input: { warehouseId: warehouse.warehouseId, zoneId: zone.zoneId, binCode: 'PK-01', binBarcode: 'E2E3-OTHER', binType: 'PICKABLE' },
    });
    expectCostReported(client);
    expectTypeOf(binCreate.userErrors[0].code).toEqualTypeOf<ErrorCode>();
    expect(binCreate).toEqual({
      bin: null,
      userErrors: [{ field: ['input', 'binCode'], code: 'BAD_USER_INPUT', message: `Duplicate bin_code 'PK-01' in warehouse ${warehouse.warehouseId}` }],
    });
    expect(await s.app.prisma.bin.count({ where: { warehouseId: warehouse.warehouseId } })).toBe(before);

    const { zoneCreate } = await client.request(CreateZoneDocument, { input: { warehouseId: warehouse.warehouseId, zoneCode: '', zoneName: 'x', zoneType: 'STORAGE' } });
    expect(zoneCreate.zone).toBeNull();
    expect(zoneCreate.userErrors).toEqual([{ field: ['input', 'zoneCode'], code: 'BAD_USER_INPUT', message: expect.any(String) }]);
  });

  it('a missing zone is null while the warehouse and bin beside it still answer', async () => {
    const { warehouse, bins } = await site('E2E4');
    const data = await client.request(WarehouseZoneBinDocument, { warehouseId: warehouse.warehouseId, zoneId: 99_999_999, binId: bins[0].binId });
    expectCostReported(client);
    expect(data).toEqual({
      warehouse: { __typename: 'Warehouse', id: warehouse.id, warehouseCode: 'E2E4' },
      zone: null,
      bin: { __typename: 'Bin', id: bins[0].id, binCode: 'PK-01' },
    });
  });
});
