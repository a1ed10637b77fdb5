// Relay object identification (issue #16): global ids, node/nodes scoped like the rest, nullable single roots.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInterfaceType, type GraphQLObjectType } from 'graphql';
import { buildSchema } from '../../src/graphql/schema';
import { MAX_NODE_IDS, nodeTypeNames } from '../../src/graphql/nodes';
import { startTestServer, type TestServer } from '../helpers/server';
import { createItem, createOrder, createWarehouse, stock, type OutboundWorld } from '../helpers/outbound';
import { createPo, floorUser, seeded } from '../helpers/inbound';

/** The global id of `type` with integer key `key` (what the server issues). */
const gid = (type: string, key: number | bigint) => Buffer.from(`${type}:${key}`).toString('base64');

let s: TestServer;
let admin: string;
/** A floor user of warehouse B (every function) and one of the seeded warehouse A. */
let userB: string;
let userA: string;
let B: OutboundWorld;
/** The integer key field of every Node type. */
const KEYS: Record<string, string> = {
  Warehouse: 'warehouseId', Zone: 'zoneId', Bin: 'binId', Item: 'itemId', Inventory: 'inventoryId', PreferredBin: 'preferredBinId',
  PurchaseOrder: 'poId', PurchaseOrderLine: 'poLineId', SalesOrder: 'soId', SalesOrderLine: 'soLineId', PickingBatch: 'batchId',
  Receipt: 'receiptId', Shipment: 'fulfillmentId', StockMove: 'transferId', CycleCount: 'countId', User: 'userId',
  AuditLogEntry: 'logId', AppSetting: 'settingId',
};
/** One object of every Node type (in warehouse B where it has a warehouse): type -> key. */
const objects: Record<string, number | bigint> = {};

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  admin = await s.adminToken();
  const db = s.app.prisma;
  const a = await seeded(s.app);
  B = await createWarehouse(s.app);
  const item = await createItem(s.app);
  const inv = await stock(s.app, { warehouseId: B.warehouseId, itemId: item.itemId, binId: B.bins.P10.binId, onHand: 20 });
  const preferred = await db.preferredBin.create({ data: { itemId: item.itemId, binId: B.bins.P20.binId, priority: 1 } });
  const po = await createPo(s.app, { warehouseId: B.warehouseId, lines: [{ itemId: item.itemId, quantity: 5 }] });
  const so = await createOrder(s.app, { warehouseId: B.warehouseId, lines: [{ itemId: item.itemId, qty: 2 }] });
  const shippedSo = await createOrder(s.app, { warehouseId: B.warehouseId, lines: [{ itemId: item.itemId, qty: 1 }], status: 'SHIPPED' });
  const batch = await s.api('POST', '/api/picking/create-batch', { token: admin, body: { so_identifiers: [so.soNumber], warehouse_id: B.warehouseId } });
  expect(batch.status).toBe(200);
  const count = await s.api('POST', '/api/inventory/cycle-count/create', { token: admin, body: { warehouse_id: B.warehouseId, bin_ids: [B.bins.P20.binId] } });
  expect(count.status).toBe(200);
  const receipt = await db.itemReceipt.create({
    data: { poId: po.poId, poLineId: po.lines[0].poLineId, itemId: item.itemId, quantityReceived: 1, binId: B.bins.STG.binId, warehouseId: B.warehouseId, receivedBy: 'admin' },
  });
  const move = await db.binTransfer.create({
    data: { itemId: item.itemId, fromBinId: B.bins.STG.binId, toBinId: B.bins.P10.binId, warehouseId: B.warehouseId, quantity: 1, transferType: 'PUTAWAY' },
  });
  const shipment = await db.itemFulfillment.create({ data: { soId: shippedSo.soId, warehouseId: B.warehouseId, carrier: 'UPS', trackingNumber: 'T-1' } });
  const audit = await db.auditLog.create({ data: { actionType: 'TEST', entityType: 'BIN', entityId: B.bins.P10.binId, warehouseId: B.warehouseId } });
  const setting = await db.appSetting.findFirstOrThrow({ orderBy: { id: 'asc' } });
  const b = await floorUser(s, [B.warehouseId], ['receive', 'putaway', 'pick', 'pack', 'ship', 'count', 'transfer']);
  userB = b.token;
  userA = (await floorUser(s, [a.warehouseId], ['receive', 'putaway', 'pick', 'pack', 'ship', 'count', 'transfer'])).token;
  Object.assign(objects, {
    Warehouse: B.warehouseId,
    Zone: B.zoneId,
    Bin: B.bins.P10.binId,
    Item: item.itemId,
    Inventory: inv.inventoryId,
    PreferredBin: preferred.preferredBinId,
    PurchaseOrder: po.poId,
    PurchaseOrderLine: po.lines[0].poLineId,
    SalesOrder: so.soId,
    SalesOrderLine: so.lines[0].soLineId,
    PickingBatch: batch.body.batch_id,
    Receipt: receipt.receiptId,
    Shipment: shipment.fulfillmentId,
    StockMove: move.transferId,
    CycleCount: count.body.counts[0].count_id,
    User: b.userId,
    AuditLogEntry: audit.logId,
    AppSetting: setting.id,
  });
});
afterAll(async () => {
  await s?.close();
});

/** `nodes(ids:)` selecting `id`, the type name and the integer key of every Node type. */
const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ${Object.entries(KEYS)
  .map(([t, key]) => `... on ${t} { key: ${key} }`)
  .join(' ')} } }`;
const asNode = (type: string) => ({ __typename: type, id: gid(type, objects[type]), key: Number(objects[type]) });
const allIds = () => Object.keys(objects).map((t) => gid(t, objects[t]));

describe('Node types', () => {
  it('every type implementing Node is resolvable by node(id:)', () => {
    const schema = buildSchema();
    const node = schema.getType('Node');
    if (!isInterfaceType(node)) throw new Error('no Node interface');
    const implementations = schema.getImplementations(node).objects.map((t) => t.name).sort();
    expect(implementations).toEqual([...nodeTypeNames()].sort());
    expect(Object.keys(KEYS).sort()).toEqual(implementations);
    // the legacy Int id aliases are gone: `id` is the global id everywhere, the integer key is KEYS[type]
    for (const name of implementations) {
      const fields = (schema.getType(name) as GraphQLObjectType).getFields();
      expect([String(fields.id.type), String(fields[KEYS[name]].type)], name).toEqual(['ID!', 'Int!']);
    }
  });

  it('an admin reads every type back by its global id, in the order asked, duplicates included', async () => {
    const ids = allIds();
    const r = await s.gql(NODES, { ids: [...ids, ids[0]] }, admin);
    expect(r.errors).toBeUndefined();
    const types = Object.keys(objects);
    expect(r.data.nodes).toEqual([...types.map(asNode), asNode(types[0])]);
    const one = await s.gql(`query($id: ID!) { node(id: $id) { id ... on Bin { binCode warehouse { id warehouseId } zone { id } } } }`, { id: gid('Bin', B.bins.P10.binId) }, admin);
    expect(one.data.node).toEqual({
      id: gid('Bin', B.bins.P10.binId),
      binCode: B.bins.P10.binCode,
      warehouse: { id: gid('Warehouse', B.warehouseId), warehouseId: B.warehouseId },
      zone: { id: gid('Zone', B.zoneId) },
    });
  });

  it('the id a list answers reads back the same object', async () => {
    const list = await s.gql(`{ salesOrders(first: 3) { edges { node { id soId soNumber lines { id soLineId } } } } }`, {}, admin);
    const nodes = list.data.salesOrders.edges.map((e: any) => e.node);
    expect(nodes.length).toBeGreaterThan(0);
    const back = await s.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id ... on SalesOrder { soId soNumber lines { id soLineId } } } }`, { ids: nodes.map((n: any) => n.id) }, admin);
    expect(back.data.nodes).toEqual(nodes);
  });

  it('a floor user reads its own warehouse and any item, and gets null for another warehouse and admin-only types', async () => {
    const r = await s.gql(NODES, { ids: allIds() }, userB);
    expect(r.errors).toBeUndefined();
    const adminOnly = ['User', 'AuditLogEntry', 'AppSetting'];
    expect(r.data.nodes).toEqual(Object.keys(objects).map((t) => (adminOnly.includes(t) ? null : asNode(t))));

    // a user of another warehouse: only the (global) item; nothing tells the others apart from missing ids
    const other = await s.gql(NODES, { ids: [...allIds(), gid('Bin', 2147483647), gid('SalesOrder', 99999)] }, userA);
    expect(other.errors).toBeUndefined();
    expect(other.data.nodes).toEqual([...Object.keys(objects).map((t) => (t === 'Item' ? asNode('Item') : null)), null, null]);
    const user = await s.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: gid('User', objects.User) }, userA);
    expect(user).toMatchObject({ data: { node: null } });
    expect(user.errors).toBeUndefined();
  });

  it('malformed ids and ids of unknown types answer null, never an error; more than the cap is refused', async () => {
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    const bad = ['', 'nope', '12', b64('Bin'), b64('Bin:'), b64('Bin:abc'), b64('Bin:0'), b64('Bin:012'), b64('Bin:-1'), b64('Bin:1.5'),
      b64('Bin:99999999999'), b64('Nope:1'), b64('Query:1'), b64('constructor:1'), b64('__proto__:1'), b64('toString:1'), b64(`Bin:${B.bins.P10.binId}:x`), `${gid('Bin', B.bins.P10.binId)}==`, ' '];
    const r = await s.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [...bad, gid('Bin', B.bins.P10.binId)] }, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data.nodes).toEqual([...bad.map(() => null), { id: gid('Bin', B.bins.P10.binId) }]);
    const one = await s.gql(`{ node(id: "not-a-global-id") { id } n: node(id: 7) { id } }`, {}, admin);
    expect(one).toMatchObject({ data: { node: null, n: null } });
    expect(one.errors).toBeUndefined();

    const many = Array.from({ length: MAX_NODE_IDS + 1 }, (_, i) => gid('Item', i + 1));
    const refused = await s.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: many }, admin);
    expect(refused.errors?.[0]).toMatchObject({ message: `At most ${MAX_NODE_IDS} ids per request`, extensions: { code: 'BAD_USER_INPUT', argument: 'ids' } });
    const atCap = await s.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: many.slice(0, MAX_NODE_IDS) }, admin);
    expect(atCap.errors).toBeUndefined();
    expect(atCap.data.nodes).toHaveLength(MAX_NODE_IDS);
  });

  it('prices nodes(ids:) by the number of ids (one object each), with variables applied', async () => {
    const cost = async (ids: string[]) => {
      const res = await fetch(`${s.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
        body: JSON.stringify({ query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Bin { inventory { quantityOnHand } } } }', variables: { ids } }),
      });
      return ((await res.json()) as { extensions: { cost: { requestedQueryCost: number } } }).extensions.cost.requestedQueryCost;
    };
    const bin = gid('Bin', B.bins.P10.binId);
    // each id: the node (1) and its assumed 10 stock rows
    expect(await cost([bin])).toBe(1 * 11);
    expect(await cost(Array.from({ length: 40 }, () => bin))).toBe(40 * 11);
    // fields under a type condition count: a deep walk from many nodes is refused before it runs
    const deep = await s.gql(
      'query($ids: [ID!]!) { nodes(ids: $ids) { ... on Warehouse { bins { inventory { item { sku } } } } } }',
      { ids: Array.from({ length: 100 }, () => gid('Warehouse', B.warehouseId)) },
      admin,
    );
    expect(deep.data).toBeUndefined();
    expect(deep.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: { requestedQueryCost: 100 * (1 + 10 * (1 + 10 * 2)) } });
  });

  it('needs a signed-in caller', async () => {
    const r = await s.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: gid('Item', objects.Item) });
    expect(r.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('nullable single-object roots', () => {
  it('one missing object no longer wipes the query (the query of the issue)', async () => {
    const r = await s.gql(`{ dashboard { openSos } so: salesOrder(soId: 12345) { soNumber } wh: warehouses(first: 5) { totalCount } }`, {}, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data.so).toBeNull();
    expect(r.data.dashboard.openSos).toEqual(expect.any(Number));
    expect(r.data.wh.totalCount).toBeGreaterThanOrEqual(2);
  });

  it("another warehouse's objects are null for a floor user, exactly like missing ones", async () => {
    const batchId = objects.PickingBatch;
    const countId = objects.CycleCount;
    const po = await s.app.prisma.purchaseOrder.findUniqueOrThrow({ where: { poId: Number(objects.PurchaseOrder) } });
    const so = await s.app.prisma.salesOrder.findUniqueOrThrow({ where: { soId: Number(objects.SalesOrder) } });
    const q = (batch: number | bigint, count: number | bigint, poNumber: string, soNumber: string, bin: string) => `{
      pickBatch(batchId: ${batch}) { batchId } pickNextTask(batchId: ${batch}) { message }
      inventoryCount(countId: ${count}) { showExpected } receivingPurchaseOrder(barcode: "${poNumber}") { purchaseOrder { poId } }
      lookupSalesOrder(barcode: "${soNumber}") { soId } lookupBin(barcode: "${bin}") { bin { binId } } packOrder(barcode: "${soNumber}") { totalItems }
      shipOrder(barcode: "${soNumber}") { totalItems } me { userId } }`;
    const foreign = await s.gql(q(batchId, countId, po.poNumber, so.soNumber, B.bins.P10.binCode), {}, userA);
    const missing = await s.gql(q(999999, 999999, 'NO-PO', 'NO-SO', 'NO-BIN'), {}, userA);
    for (const r of [foreign, missing]) {
      expect(r.errors).toBeUndefined();
      expect(r.data).toEqual({
        pickBatch: null, pickNextTask: null, inventoryCount: null, receivingPurchaseOrder: null,
        lookupSalesOrder: null, lookupBin: null, packOrder: null, shipOrder: null, me: { userId: expect.any(Number) },
      });
    }
    // the same reads by a user of warehouse B answer the objects
    const own = await s.gql(`{ pickBatch(batchId: ${batchId}) { batchId } inventoryCount(countId: ${countId}) { cycleCount { countId } }
      receivingPurchaseOrder(barcode: "${po.poNumber}") { purchaseOrder { poId } } lookupSalesOrder(barcode: "${so.soNumber}") { soId } }`, {}, userB);
    expect(own.errors).toBeUndefined();
    expect(own.data).toEqual({
      pickBatch: { batchId }, inventoryCount: { cycleCount: { countId } }, receivingPurchaseOrder: { purchaseOrder: { poId: po.poId } }, lookupSalesOrder: { soId: so.soId },
    });
  });

  it('a route the caller may not use at all stays FORBIDDEN', async () => {
    const r = await s.gql(`{ bin(id: ${B.bins.P10.binId}) { binId } me { userId } }`, {}, userB);
    expect(r.errors?.map((e: any) => [e.path, e.extensions.code])).toEqual([[['bin'], 'FORBIDDEN']]);
    expect(r.data).toEqual({ bin: null, me: { userId: expect.any(Number) } });
  });
});

describe('floor views carry the global ids of what they show', () => {
  it('pick batch, tasks, lookups and count sheets link to nodes', async () => {
    const batchId = objects.PickingBatch;
    const r = await s.gql(`{
      pickBatch(batchId: ${batchId}) { batchNodeId orders { salesOrderNodeId } tasks { salesOrderNodeId binNodeId itemNodeId } }
      pickNextTask(batchId: ${batchId}) { task { binNodeId itemNodeId salesOrderNodeId contributingOrders { salesOrderNodeId } } }
      lookupItem(barcode: "${(await s.app.prisma.item.findUniqueOrThrow({ where: { itemId: Number(objects.Item) } })).sku}") { item { itemNodeId } locations { inventoryNodeId binNodeId itemNodeId } }
      inventoryCount(countId: ${objects.CycleCount}) { cycleCount { countNodeId binNodeId } lines { itemNodeId } }
      me { warehouses { warehouseNodeId } }
    }`, {}, userB);
    expect(r.errors).toBeUndefined();
    const d = r.data;
    const [soId, binId, itemId] = [gid('SalesOrder', objects.SalesOrder), gid('Bin', B.bins.P10.binId), gid('Item', objects.Item)];
    expect(d.pickBatch).toEqual({ batchNodeId: gid('PickingBatch', batchId), orders: [{ salesOrderNodeId: soId }], tasks: [{ salesOrderNodeId: soId, binNodeId: binId, itemNodeId: itemId }] });
    expect(d.pickNextTask.task).toEqual({ binNodeId: binId, itemNodeId: itemId, salesOrderNodeId: soId, contributingOrders: [] });
    expect(d.lookupItem.item.itemNodeId).toBe(itemId);
    expect(d.lookupItem.locations).toEqual([{ inventoryNodeId: gid('Inventory', objects.Inventory), binNodeId: binId, itemNodeId: itemId }]);
    expect(d.inventoryCount.cycleCount).toEqual({ countNodeId: gid('CycleCount', objects.CycleCount), binNodeId: gid('Bin', B.bins.P20.binId) });
    expect(d.me.warehouses).toEqual([{ warehouseNodeId: gid('Warehouse', B.warehouseId) }]);
    // and they read back as those nodes for the same user
    const back = await s.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, { ids: [soId, binId, itemId, d.pickBatch.batchNodeId] }, userB);
    expect(back.data.nodes.map((n: any) => n?.__typename)).toEqual(['SalesOrder', 'Bin', 'Item', 'PickingBatch']);
  });
});
