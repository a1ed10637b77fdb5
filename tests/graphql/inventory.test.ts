import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { createUser } from '../helpers/fixtures';
import { makeItem, makeWarehouse, onHand, setSetting, stockedBin } from '../helpers/inventory';

/** A DateTime as GraphQL answers it (REST keeps the legacy text: tests/rest/). */
const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let s: TestServer;
let admin: string;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  admin = await s.adminToken();
});
afterAll(async () => {
  await s?.close();
});

async function userToken(warehouseIds: number[], allowedFunctions: string[]) {
  const u = await createUser(s.app, { warehouseIds, allowedFunctions });
  return { user: u, token: await s.login(u.username, u.password) };
}

const USER_ERRORS = 'userErrors { field code message }';
const CREATE = `mutation($input: InventoryCountCreateInput!) {
  inventoryCountCreate(input: $input) { creation { message counts { countId binId binCode status lines assignedTo } } ${USER_ERRORS} } }`;
const GET = `query($id: Int!) { inventoryCount(countId: $id) {
  cycleCount { countId binCode warehouseId status assignedTo createdAt }
  showExpected lines { countLineId itemId sku expectedQuantity countedQuantity variance scanned unexpected } } }`;
const SUBMIT = `mutation($input: InventoryCountSubmitInput!) { inventoryCountSubmit(input: $input) { submission {
  message countId binCode status summary { totalLines linesWithVariance linesMatched adjustments { sku expected counted variance adjustmentId unexpected } } } ${USER_ERRORS} } }`;
const PENDING = `query($c: Int) { inventoryAdjustments(filter: { status: [PENDING], cycleCountId: $c }, sortBy: { field: CYCLE_COUNT_ID, direction: ASC }) {
  edges { node { adjustmentId cycleCountId quantityChange status sku binCode adjustedBy } } } }`;
const REVIEW = `mutation($input: InventoryAdjustmentReviewInput!) { inventoryAdjustmentsReview(input: $input) { review { approved rejected } ${USER_ERRORS} } }`;

describe('count -> variance -> review -> stock corrected (GraphQL)', () => {
  it('runs the whole flow with quantities checked after each step', async () => {
    const { wh, item, bin } = await stockedBin(s.app, 40);
    const extra = await makeItem(s.app);
    const counterU = await userToken([wh.warehouseId], ['count']);

    const created = await s.gql(CREATE, { input: { warehouseId: wh.warehouseId, binIds: [bin.binId] } }, counterU.token);
    expect(created.errors).toBeUndefined();
    const countId = created.data.inventoryCountCreate.creation.counts[0].countId;
    expect(created.data.inventoryCountCreate).toEqual({
      creation: {
        message: 'Cycle counts created',
        counts: [{ countId, binId: bin.binId, binCode: bin.binCode, status: 'PENDING', lines: 1, assignedTo: counterU.user.username }],
      },
      userErrors: [],
    });

    const sheet = await s.gql(GET, { id: countId }, counterU.token);
    expect(sheet.data.inventoryCount).toMatchObject({
      cycleCount: { countId, binCode: bin.binCode, warehouseId: wh.warehouseId, status: 'PENDING', createdAt: expect.stringMatching(ISO_Z) },
      showExpected: true,
      lines: [{ itemId: item.itemId, sku: item.sku, expectedQuantity: 40, countedQuantity: null, variance: null, scanned: false, unexpected: false }],
    });
    const lineId = sheet.data.inventoryCount.lines[0].countLineId;

    const submitted = await s.gql(SUBMIT, {
      input: { countId, lines: [{ countLineId: lineId, countedQuantity: 36 }, { unexpected: true, itemId: extra.itemId, sku: extra.sku, countedQuantity: 2 }] },
    }, counterU.token);
    expect(submitted.errors).toBeUndefined();
    const [v1, v2] = submitted.data.inventoryCountSubmit.submission.summary.adjustments;
    expect(submitted.data.inventoryCountSubmit).toEqual({
      submission: {
        message: 'Cycle count submitted', countId, binCode: bin.binCode, status: 'VARIANCE',
        summary: {
          totalLines: 2, linesWithVariance: 2, linesMatched: 0,
          adjustments: [
            { sku: item.sku, expected: 40, counted: 36, variance: -4, adjustmentId: v1.adjustmentId, unexpected: null },
            { sku: extra.sku, expected: 0, counted: 2, variance: 2, adjustmentId: v2.adjustmentId, unexpected: true },
          ],
        },
      },
      userErrors: [],
    });
    // a second submission of the closed count is a userError of no single field; nothing changes
    const again = await s.gql(SUBMIT, { input: { countId, lines: [{ countLineId: lineId, countedQuantity: 40 }] } }, counterU.token);
    expect(again.errors).toBeUndefined();
    expect(again.data.inventoryCountSubmit).toEqual({
      submission: null,
      userErrors: [{ field: null, code: 'BAD_USER_INPUT', message: 'Cycle count status is VARIANCE, cannot submit' }],
    });
    expect(await onHand(s.app, item.itemId, bin.binId)).toBe(40);

    const pending = await s.gql(PENDING, { c: countId }, admin);
    expect(pending.data.inventoryAdjustments.edges.map((e: any) => e.node)).toEqual([
      { adjustmentId: v1.adjustmentId, cycleCountId: countId, quantityChange: -4, status: 'PENDING', sku: item.sku, binCode: bin.binCode, adjustedBy: counterU.user.username },
      { adjustmentId: v2.adjustmentId, cycleCountId: countId, quantityChange: 2, status: 'PENDING', sku: extra.sku, binCode: bin.binCode, adjustedBy: counterU.user.username },
    ]);

    // Separation on: the admin did not submit this count, so approval is allowed.
    await setSetting(s.app, 'require_count_approval_separation', 'true');
    const reviewed = await s.gql(REVIEW, { input: { decisions: [
      { adjustmentId: v1.adjustmentId, action: 'APPROVE' }, { adjustmentId: v2.adjustmentId, action: 'APPROVE' },
    ] } }, admin);
    await setSetting(s.app, 'require_count_approval_separation', 'false');
    expect(reviewed.data.inventoryAdjustmentsReview).toEqual({ review: { approved: 2, rejected: 0 }, userErrors: [] });
    expect(await onHand(s.app, item.itemId, bin.binId)).toBe(36);
    expect(await onHand(s.app, extra.itemId, bin.binId)).toBe(2);

    const list = await s.gql(`{ inventoryCycleCounts { countId status completedAt lines { sku countedQuantity variance } } }`, {}, admin);
    const row = list.data.inventoryCycleCounts.find((c: any) => c.countId === countId);
    expect(row.status).toBe('VARIANCE');
    expect(row.completedAt).toMatch(ISO_Z);
    expect(row.lines).toHaveLength(2);
  });

  it('reports errors with codes: not found, forbidden scope, missing function, validation, self-approval', async () => {
    const { wh, bin } = await stockedBin(s.app, 3);
    const outsider = await userToken([1], ['count']);
    const noFn = await userToken([wh.warehouseId], ['pick']);
    const missing = await s.gql(GET, { id: 987654 }, admin);
    expect(missing).toMatchObject({ data: { inventoryCount: null } });
    expect(missing.errors).toBeUndefined();
    const scoped = await s.gql(CREATE, { input: { warehouseId: wh.warehouseId, binIds: [bin.binId] } }, outsider.token);
    expect(scoped.errors?.[0]).toMatchObject({ message: 'Access denied for this warehouse', extensions: { code: 'FORBIDDEN' } });
    const fn = await s.gql(CREATE, { input: { warehouseId: wh.warehouseId, binIds: [bin.binId] } }, noFn.token);
    expect(fn.errors?.[0]).toMatchObject({ message: 'Function not allowed: count', extensions: { code: 'FORBIDDEN' } });
    // invalid input and an unknown bin are userErrors on the input field; no count is opened
    const invalid = await s.gql(CREATE, { input: { warehouseId: wh.warehouseId, binIds: [] } }, admin);
    expect(invalid.errors).toBeUndefined();
    expect(invalid.data.inventoryCountCreate).toEqual({
      creation: null,
      userErrors: [{ field: ['input', 'binIds'], code: 'BAD_USER_INPUT', message: 'List should have at least 1 item' }],
    });
    const countsBefore = await s.app.prisma.cycleCount.count();
    const unknownBin = await s.gql(CREATE, { input: { warehouseId: wh.warehouseId, binIds: [bin.binId, 987654] } }, admin);
    expect(unknownBin.errors).toBeUndefined();
    expect(unknownBin.data.inventoryCountCreate).toEqual({
      creation: null,
      userErrors: [{ field: ['input', 'binIds', '1'], code: 'NOT_FOUND', message: `Bin 987654 not found in warehouse ${wh.warehouseId}` }],
    });
    expect(await s.app.prisma.cycleCount.count()).toBe(countsBefore);
    const anon = await s.gql(GET, { id: 1 });
    expect(anon.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    const notAdmin = await s.gql(PENDING, {}, outsider.token);
    expect(notAdmin.errors?.[0]).toMatchObject({ message: 'Forbidden', extensions: { code: 'FORBIDDEN' } });

    const created = await s.gql(CREATE, { input: { warehouseId: wh.warehouseId, binIds: [bin.binId] } }, admin);
    const countId = created.data.inventoryCountCreate.creation.counts[0].countId;
    const sheet = await s.gql(GET, { id: countId }, admin);
    const badLine = await s.gql(SUBMIT, { input: { countId, lines: [{ countLineId: sheet.data.inventoryCount.lines[0].countLineId, countedQuantity: 1 }, { unexpected: true, countedQuantity: 1 }] } }, admin);
    expect(badLine.data.inventoryCountSubmit.userErrors).toEqual([{ field: ['input', 'lines', '1', 'itemId'], code: 'BAD_USER_INPUT', message: 'item_id required for unexpected lines' }]);
    const sub = await s.gql(SUBMIT, { input: { countId, lines: [{ countLineId: sheet.data.inventoryCount.lines[0].countLineId, countedQuantity: 1 }] } }, admin);
    await setSetting(s.app, 'require_count_approval_separation', 'true');
    const self = await s.gql(REVIEW, { input: { decisions: [{ adjustmentId: sub.data.inventoryCountSubmit.submission.summary.adjustments[0].adjustmentId, action: 'APPROVE' }] } }, admin);
    await setSetting(s.app, 'require_count_approval_separation', 'false');
    expect(self.errors?.[0]).toMatchObject({ message: 'Cannot approve your own cycle count', extensions: { code: 'FORBIDDEN' } });
    const itemId = (await s.app.prisma.inventory.findFirstOrThrow({ where: { binId: bin.binId } })).itemId;
    expect(await onHand(s.app, itemId, bin.binId)).toBe(3);

    // stock left the bin since the count: the removal (-2) can no longer be applied, a CONFLICT on that decision
    const adjustmentId = sub.data.inventoryCountSubmit.submission.summary.adjustments[0].adjustmentId;
    await s.gql(`mutation($input: InventoryDirectAdjustmentInput!) { inventoryAdjustmentDirect(input: $input) { adjustment { adjustmentId } } }`,
      { input: { itemId, binId: bin.binId, warehouseId: wh.warehouseId, adjustmentType: 'REMOVE', quantity: 2, reason: 'damaged' } }, admin);
    const stale = await s.gql(REVIEW, { input: { decisions: [{ adjustmentId: 987654, action: 'REJECT' }, { adjustmentId, action: 'APPROVE' }] } }, admin);
    expect(stale.errors).toBeUndefined();
    expect(stale.data.inventoryAdjustmentsReview).toEqual({
      review: null,
      userErrors: [{ field: ['input', 'decisions', '1', 'adjustmentId'], code: 'CONFLICT', message: `Insufficient inventory to apply adjustment ${adjustmentId}. Available: 1` }],
    });
    expect(await onHand(s.app, itemId, bin.binId)).toBe(1);
    expect((await s.app.prisma.inventoryAdjustment.findUniqueOrThrow({ where: { adjustmentId } })).status).toBe('PENDING');
  });

  it('hides expected quantities from a counter on a blind count', async () => {
    const { wh, bin } = await stockedBin(s.app, 8);
    const c = await userToken([wh.warehouseId], ['count']);
    const created = await s.gql(CREATE, { input: { warehouseId: wh.warehouseId, binIds: [bin.binId] } }, c.token);
    await setSetting(s.app, 'count_show_expected', 'false');
    const sheet = await s.gql(GET, { id: created.data.inventoryCountCreate.creation.counts[0].countId }, c.token);
    await setSetting(s.app, 'count_show_expected', 'true');
    expect(sheet.data.inventoryCount.showExpected).toBe(false);
    expect(sheet.data.inventoryCount.lines[0].expectedQuantity).toBeNull();
  });
});

describe('adjustments, moves, transfers, reports (GraphQL)', () => {
  it('direct adjustment and history', async () => {
    const { wh, item, bin } = await stockedBin(s.app, 5);
    const r = await s.gql(`mutation($input: InventoryDirectAdjustmentInput!) { inventoryAdjustmentDirect(input: $input) { adjustment {
      adjustmentId sku binCode adjustmentType quantityChange reason status adjustedAt } ${USER_ERRORS} } }`,
    { input: { itemId: item.itemId, binId: bin.binId, warehouseId: wh.warehouseId, adjustmentType: 'REMOVE', quantity: 2, reason: 'broken' } }, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data.inventoryAdjustmentDirect).toEqual({
      adjustment: {
        adjustmentId: expect.any(Number), sku: item.sku, binCode: bin.binCode, adjustmentType: 'REMOVE', quantityChange: -2,
        reason: 'broken', status: 'APPROVED', adjustedAt: expect.stringMatching(ISO_Z),
      },
      userErrors: [],
    });
    expect(await onHand(s.app, item.itemId, bin.binId)).toBe(3);
    const DIRECT = `mutation($input: InventoryDirectAdjustmentInput!) { inventoryAdjustmentDirect(input: $input) { adjustment { adjustmentId } ${USER_ERRORS} } }`;
    const tooMuch = await s.gql(DIRECT, { input: { itemId: item.itemId, binId: bin.binId, warehouseId: wh.warehouseId, adjustmentType: 'REMOVE', quantity: 4, reason: 'x' } }, admin);
    expect(tooMuch.errors).toBeUndefined();
    expect(tooMuch.data.inventoryAdjustmentDirect).toEqual({
      adjustment: null,
      userErrors: [{ field: ['input', 'quantity'], code: 'BAD_USER_INPUT', message: 'Insufficient inventory. Available: 3' }],
    });
    const noReason = await s.gql(DIRECT, { input: { itemId: item.itemId, binId: bin.binId, warehouseId: wh.warehouseId, adjustmentType: 'ADD', quantity: 1, reason: '' } }, admin);
    expect(noReason.data.inventoryAdjustmentDirect.userErrors).toEqual([{ field: ['input', 'reason'], code: 'BAD_USER_INPUT', message: 'String should have at least 1 character' }]);
    const otherWarehouse = await s.gql(DIRECT, { input: { itemId: item.itemId, binId: bin.binId, warehouseId: 1, adjustmentType: 'ADD', quantity: 1, reason: 'x' } }, admin);
    expect(otherWarehouse.data.inventoryAdjustmentDirect.userErrors).toEqual([{ field: ['input', 'binId'], code: 'NOT_FOUND', message: 'Bin not found in the specified warehouse' }]);
    expect(await onHand(s.app, item.itemId, bin.binId)).toBe(3);
    const hist = await s.gql(`query($w: Int) { inventoryAdjustments(filter: { warehouseId: $w }, first: 10) {
      totalCount edges { node { adjustmentType quantity reasonDetail username } } } }`, { w: wh.warehouseId }, admin);
    expect(hist.data.inventoryAdjustments).toEqual({
      totalCount: 1, edges: [{ node: { adjustmentType: 'REMOVE', quantity: 2, reasonDetail: 'broken', username: 'admin' } }],
    });
  });

  it('bin move with the transfer function, refused without it', async () => {
    const { wh, item, bin, other } = await stockedBin(s.app, 10);
    const MOVE = `mutation($input: InventoryMoveInput!) { inventoryMove(input: $input) { move {
      message transferId item { sku } fromBin { binCode remainingQuantity } toBin { binCode newQuantity } quantityMoved } ${USER_ERRORS} } }`;
    const mover = await userToken([wh.warehouseId], ['transfer']);
    const r = await s.gql(MOVE, { input: { itemId: item.itemId, fromBinId: bin.binId, toBinId: other.binId, quantity: 6 } }, mover.token);
    expect(r.errors).toBeUndefined();
    expect(r.data.inventoryMove).toEqual({
      move: {
        message: 'Transfer completed', transferId: expect.any(Number), item: { sku: item.sku },
        fromBin: { binCode: bin.binCode, remainingQuantity: 4 }, toBin: { binCode: other.binCode, newQuantity: 6 }, quantityMoved: 6,
      },
      userErrors: [],
    });
    const over = await s.gql(MOVE, { input: { itemId: item.itemId, fromBinId: bin.binId, toBinId: other.binId, quantity: 5 } }, mover.token);
    expect(over.errors).toBeUndefined();
    expect(over.data.inventoryMove).toEqual({
      move: null,
      userErrors: [{ field: ['input', 'quantity'], code: 'BAD_USER_INPUT', message: 'Insufficient inventory in source bin. Available: 4' }],
    });
    const same = await s.gql(MOVE, { input: { itemId: item.itemId, fromBinId: bin.binId, toBinId: bin.binId, quantity: 1 } }, mover.token);
    expect(same.data.inventoryMove.userErrors).toEqual([{ field: ['input'], code: 'BAD_USER_INPUT', message: 'fromBinId and toBinId must be different' }]);
    const counterU = await userToken([wh.warehouseId], ['count']);
    const denied = await s.gql(MOVE, { input: { itemId: item.itemId, fromBinId: bin.binId, toBinId: other.binId, quantity: 1 } }, counterU.token);
    expect(denied.errors?.[0]).toMatchObject({ message: 'Function not allowed: transfer', extensions: { code: 'FORBIDDEN' } });
    expect(await onHand(s.app, item.itemId, bin.binId)).toBe(4);
    expect(await onHand(s.app, item.itemId, other.binId)).toBe(6);
  });

  it('inter-warehouse transfer and its list; short-pick report', async () => {
    const src = await stockedBin(s.app, 9);
    const dst = await makeWarehouse(s.app, { name: 'GQL Target' });
    const TRANSFER = `mutation($input: InterWarehouseTransferInput!) { inventoryInterWarehouseTransfer(input: $input) { completion {
      message transfer { transferId fromWarehouseId toWarehouseId quantity reason } } ${USER_ERRORS} } }`;
    const wrongSource = await s.gql(TRANSFER, {
      input: { itemId: src.item.itemId, fromBinId: src.bin.binId, fromWarehouseId: dst.warehouseId, toBinId: dst.bins[0].binId, toWarehouseId: dst.warehouseId, quantity: 1 },
    }, admin);
    expect(wrongSource.errors).toBeUndefined();
    expect(wrongSource.data.inventoryInterWarehouseTransfer).toEqual({
      completion: null,
      userErrors: [{ field: ['input', 'fromBinId'], code: 'NOT_FOUND', message: 'Source bin not found in the specified source warehouse' }],
    });
    const r = await s.gql(TRANSFER, {
      input: { itemId: src.item.itemId, fromBinId: src.bin.binId, fromWarehouseId: src.wh.warehouseId, toBinId: dst.bins[0].binId, toWarehouseId: dst.warehouseId, quantity: 9, reason: 'close site' },
    }, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data.inventoryInterWarehouseTransfer).toEqual({
      completion: {
        message: 'Inter-warehouse transfer completed',
        transfer: { transferId: expect.any(Number), fromWarehouseId: src.wh.warehouseId, toWarehouseId: dst.warehouseId, quantity: 9, reason: 'close site' },
      },
      userErrors: [],
    });
    expect(await onHand(s.app, src.item.itemId, src.bin.binId)).toBe(0);
    expect(await onHand(s.app, src.item.itemId, dst.bins[0].binId)).toBe(9);
    const list = await s.gql(`{ inventoryInterWarehouseTransfers(limit: 5) { transferId toWarehouseName notes status } }`, {}, admin);
    expect(list.data.inventoryInterWarehouseTransfers[0]).toEqual({
      transferId: r.data.inventoryInterWarehouseTransfer.completion.transfer.transferId, toWarehouseName: 'GQL Target', notes: 'close site', status: 'COMPLETED',
    });
    const report = await s.gql(`{ inventoryShortPicks(days: 7) { total shortPicks { sku } } }`, {}, admin);
    expect(report.data.inventoryShortPicks).toEqual({ total: 0, shortPicks: [] });
  });
});
