// Inventory control as the dashboard's stock screens use it: a direct adjustment (an over-removal is a userError on
// input.quantity), a bin move and an inter-warehouse transfer read back from the stock-move list, a cycle count from
// creation to submission read back from the count list; the count sheet's view types carry node ids, an unknown count
// is null beside the list, and every answer reports its cost.
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { makeWarehouse, onHand, stockedBin } from '../helpers/inventory';
import { startTestServer, type TestServer } from '../helpers/server';
import { expectCacheKey, expectCostReported, signIn, type DashboardClient } from './dashboard';
import {
  AdjustStockDocument,
  CountSheetDocument,
  CreateCountDocument,
  MoveStockDocument,
  StockMoveListDocument,
  SubmitCountDocument,
  TransferStockDocument,
  type CycleCountStatus,
  type StockMoveType,
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

describe('e2e inventory: adjustments, moves, transfers, cycle counts', () => {
  it('adjusts stock directly; an over-removal is a userError on input.quantity and changes nothing', async () => {
    const { wh, item, bin } = await stockedBin(s.app, 10);
    const input = { itemId: item.itemId, binId: bin.binId, warehouseId: wh.warehouseId, reason: 'damaged' };
    const removed = await client.request(AdjustStockDocument, { input: { ...input, adjustmentType: 'REMOVE', quantity: 2 } });
    expectCostReported(client);
    expect(removed.inventoryAdjustmentDirect).toEqual({
      adjustment: { adjustmentId: expect.any(Number), adjustmentType: 'REMOVE', quantityChange: -2, status: 'APPROVED', sku: item.sku, binCode: bin.binCode },
      userErrors: [],
    });
    const over = await client.request(AdjustStockDocument, { input: { ...input, adjustmentType: 'REMOVE', quantity: 9 } });
    expectCostReported(client);
    expect(over.inventoryAdjustmentDirect).toEqual({ adjustment: null, userErrors: [{ field: ['input', 'quantity'], code: 'BAD_USER_INPUT', message: 'Insufficient inventory. Available: 8' }] });
    expect(await onHand(s.app, item.itemId, bin.binId)).toBe(8);
  });

  it('moves stock between bins and warehouses; the stock-move list shows both as cache keys', async () => {
    const { wh, item, bin, other } = await stockedBin(s.app, 10);
    const target = await makeWarehouse(s.app, { binCount: 1 });
    const moved = await client.request(MoveStockDocument, { input: { itemId: item.itemId, fromBinId: bin.binId, toBinId: other.binId, quantity: 3, reason: 'slotting' } });
    expectCostReported(client);
    expect(moved.inventoryMove).toEqual({ move: { transferId: expect.any(Number), quantityMoved: 3, fromBin: { binCode: bin.binCode, remainingQuantity: 7 } }, userErrors: [] });
    const transferred = await client.request(TransferStockDocument, {
      input: { itemId: item.itemId, fromWarehouseId: wh.warehouseId, fromBinId: bin.binId, toWarehouseId: target.warehouseId, toBinId: target.bins[0].binId, quantity: 2, reason: 'rebalance' },
    });
    expectCostReported(client);
    expect(transferred.inventoryInterWarehouseTransfer.userErrors).toEqual([]);
    expect(transferred.inventoryInterWarehouseTransfer.completion!.transfer).toMatchObject({ quantity: 2, fromWarehouseId: wh.warehouseId, toWarehouseId: target.warehouseId });

    const wrongSource = await client.request(TransferStockDocument, {
      input: { itemId: item.itemId, fromWarehouseId: target.warehouseId, fromBinId: bin.binId, toWarehouseId: wh.warehouseId, toBinId: other.binId, quantity: 1 },
    });
    expect(wrongSource.inventoryInterWarehouseTransfer).toEqual({
      completion: null,
      userErrors: [{ field: ['input', 'fromBinId'], code: 'NOT_FOUND', message: 'Source bin not found in the specified source warehouse' }],
    });

    const moves = await client.request(StockMoveListDocument, { first: 1, filter: { itemId: item.itemId } });
    expectCostReported(client);
    expectTypeOf(moves.stockMoves.edges[0].node.moveType).toEqualTypeOf<StockMoveType>();
    expect(moves.stockMoves.totalCount).toBe(2);
    expect(moves.stockMoves.pageInfo.hasNextPage).toBe(true);
    const rest = await client.request(StockMoveListDocument, { first: 5, after: moves.stockMoves.pageInfo.endCursor, filter: { itemId: item.itemId } });
    const all = [...moves.stockMoves.edges, ...rest.stockMoves.edges].map((e) => e.node);
    expect(all.map((m) => m.moveType).sort()).toEqual(['INTER_WAREHOUSE', 'MOVE']);
    expect(all.find((m) => m.moveType === 'MOVE')).toMatchObject({ __typename: 'StockMove', quantity: 3, fromBinCode: bin.binCode, toBinCode: other.binCode });
    for (const m of all) await expectCacheKey(client, m);
  });

  it('counts a bin: create, the count sheet with node ids, submit, and the count list', async () => {
    const { wh, item, bin } = await stockedBin(s.app, 5);
    const created = await client.request(CreateCountDocument, { input: { warehouseId: wh.warehouseId, binIds: [bin.binId] } });
    expectCostReported(client);
    expect(created.inventoryCountCreate.userErrors).toEqual([]);
    const { countId } = created.inventoryCountCreate.creation!.counts[0];

    const sheet = await client.request(CountSheetDocument, { countId, warehouseId: wh.warehouseId });
    expectCostReported(client);
    const count = sheet.inventoryCount!;
    expectTypeOf(count.cycleCount.status).toEqualTypeOf<CycleCountStatus>();
    expect(count.lines).toEqual([{ countLineId: expect.any(Number), itemNodeId: expect.any(String), sku: item.sku, expectedQuantity: 5 }]);
    await expectCacheKey(client, { __typename: 'CycleCount', id: count.cycleCount.countNodeId });
    await expectCacheKey(client, { __typename: 'Bin', id: count.cycleCount.binNodeId });
    await expectCacheKey(client, { __typename: 'Item', id: count.lines[0].itemNodeId });
    expect(sheet.cycleCounts.edges.map((e) => e.node)).toEqual([{ __typename: 'CycleCount', id: count.cycleCount.countNodeId, countId, status: 'PENDING', lineCount: 1 }]);

    const bad = await client.request(SubmitCountDocument, { input: { countId, lines: [{ countLineId: count.lines[0].countLineId, countedQuantity: -1 }] } });
    expectCostReported(client);
    expect(bad.inventoryCountSubmit.submission).toBeNull();
    expect(bad.inventoryCountSubmit.userErrors).toEqual([{ field: ['input', 'lines', '0', 'countedQuantity'], code: 'BAD_USER_INPUT', message: expect.any(String) }]);
    const submitted = await client.request(SubmitCountDocument, { input: { countId, lines: [{ countLineId: count.lines[0].countLineId, countedQuantity: 5 }] } });
    expect(submitted.inventoryCountSubmit).toEqual({ submission: { status: 'COMPLETED', summary: { totalLines: 1, linesMatched: 1 } }, userErrors: [] });
  });

  it('an unknown count is null while the count list beside it still answers', async () => {
    const data = await client.request(CountSheetDocument, { countId: 99_999_999 });
    expectCostReported(client);
    expect(data.inventoryCount).toBeNull();
    expect(data.cycleCounts.totalCount).toBeGreaterThanOrEqual(1);
  });
});
