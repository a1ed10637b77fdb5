/**
 * Admin catalog rules (spec 70 §1–§6): warehouses, zones, bins, items, inventory overview, preferred
 * bins. Every write runs in one transaction; unique keys and referenced ids are checked up front so a
 * bad request is a 400, never a database error (spec 90 §8).
 *
 * `query` parameters are the plugin-prisma selections of the GraphQL field being resolved, so the row
 * a mutation returns is read with exactly what the client asked for.
 */
import type { AuthedContext } from '../../context';
import { Prisma } from '../../db';
import { withTransaction, type Tx } from '../../db/tx';
import { badRequest, notFound } from '../../errors';
import { removeEmptyStockRows } from '../../stock/stock';
import type {
  BinCreateInput,
  BinUpdateInput,
  ItemCreateInput,
  ItemIdInput,
  ItemUpdateInput,
  PreferredBinCreateInput,
  PreferredBinDeleteInput,
  PreferredBinUpdateInput,
  WarehouseCreateInput,
  WarehouseDeleteInput,
  WarehouseUpdateInput,
  ZoneCreateInput,
  ZoneUpdateInput,
} from './catalog.inputs';

/** A plugin-prisma selection (`{ select }` or `{ include }`) spread into a Prisma read. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each model's select/include type differs; Prisma checks the spread read
export type Selection = { select?: any; include?: any };

const INT32_MAX = 2147483647;

// ---------------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------------

/** Integer filters are ignored when missing or ≤ 0 (spec 00 §9). */
const idFilter = (v: number | null | undefined) => (v && v > 0 && v <= INT32_MAX ? v : undefined);

/** An update must change something: a field sent (the object's id aside). */
function requireSomeField(changes: Record<string, unknown>) {
  if (Object.values(changes).every((v) => v === undefined)) throw badRequest('No valid fields provided');
}

/** `field` of an error about one field of the mutation's `input` (camelCase, as GraphQL clients send it). */
const inputField = (name: string) => ({ field: ['input', name] });

async function assertWarehouseExists(tx: Tx, warehouseId: number) {
  if (!(await tx.warehouse.findUnique({ where: { warehouseId }, select: { warehouseId: true } }))) {
    throw badRequest(`Warehouse ${warehouseId} not found`, inputField('warehouseId'));
  }
}

async function assertZoneExists(tx: Tx, zoneId: number) {
  if (!(await tx.zone.findUnique({ where: { zoneId }, select: { zoneId: true } }))) {
    throw badRequest(`Zone ${zoneId} not found`, inputField('zoneId'));
  }
}

/** `field`: the input field that names the bin (`binId`, `defaultBinId`). */
async function assertBinExists(tx: Tx, binId: number, field: string) {
  if (!(await tx.bin.findUnique({ where: { binId }, select: { binId: true } }))) {
    throw badRequest(`Bin ${binId} not found`, inputField(field));
  }
}

async function assertItemExists(tx: Tx, itemId: number) {
  if (!(await tx.item.findUnique({ where: { itemId }, select: { itemId: true } }))) {
    throw badRequest(`Item ${itemId} not found`, inputField('itemId'));
  }
}

const validId = (id: number) => Number.isInteger(id) && id > 0 && id <= INT32_MAX;

// ---------------------------------------------------------------------------------------------------
// Warehouses
// ---------------------------------------------------------------------------------------------------

export interface WarehouseFilter {
  isActive?: boolean | null;
  q?: string | null;
}

export function warehouseWhere(f: WarehouseFilter = {}): Prisma.WarehouseWhereInput {
  return {
    ...(f.isActive != null ? { isActive: f.isActive } : {}),
    ...(f.q
      ? {
          OR: [
            { warehouseCode: { contains: f.q, mode: 'insensitive' } },
            { warehouseName: { contains: f.q, mode: 'insensitive' } },
          ],
        }
      : {}),
  };
}

/** The warehouse, or null when there is none. */
export async function getWarehouse(ctx: AuthedContext, query: Selection, id: number) {
  return validId(id) ? ctx.app.prisma.warehouse.findUnique({ ...query, where: { warehouseId: id } }) : null;
}

export async function createWarehouse(ctx: AuthedContext, query: Selection, input: WarehouseCreateInput) {
  return withTransaction(ctx.app.prisma, async (tx) => {
    if (await tx.warehouse.findUnique({ where: { warehouseCode: input.warehouseCode }, select: { warehouseId: true } })) {
      throw badRequest(`Duplicate warehouse_code: ${input.warehouseCode}`, inputField('warehouseCode'));
    }
    const created = await tx.warehouse.create({
      data: { warehouseCode: input.warehouseCode, warehouseName: input.warehouseName, address: input.address ?? null },
    });
    return tx.warehouse.findUniqueOrThrow({ ...query, where: { warehouseId: created.warehouseId } });
  });
}

export async function updateWarehouse(ctx: AuthedContext, query: Selection, { warehouseId: id, ...changes }: WarehouseUpdateInput) {
  return withTransaction(ctx.app.prisma, async (tx) => {
    const current = validId(id)
      ? await tx.warehouse.findUnique({ where: { warehouseId: id }, select: { warehouseId: true } })
      : null;
    if (!current) throw notFound('Warehouse not found', inputField('warehouseId'));
    requireSomeField(changes);
    if (changes.warehouseCode !== undefined) {
      const clash = await tx.warehouse.findFirst({
        where: { warehouseCode: changes.warehouseCode, NOT: { warehouseId: id } },
        select: { warehouseId: true },
      });
      if (clash) throw badRequest(`Duplicate warehouse_code: ${changes.warehouseCode}`, inputField('warehouseCode'));
    }
    await tx.warehouse.update({
      where: { warehouseId: id },
      data: {
        warehouseCode: changes.warehouseCode,
        warehouseName: changes.warehouseName,
        address: changes.address,
        isActive: changes.isActive,
      },
    });
    return tx.warehouse.findUniqueOrThrow({ ...query, where: { warehouseId: id } });
  });
}

/** Tables that still reference a warehouse after its stock, bins and zones are gone (legacy: 500). */
const WAREHOUSE_HISTORY: [label: string, count: (tx: Tx, id: number) => Promise<number>][] = [
  ['purchase orders', (tx, id) => tx.purchaseOrder.count({ where: { warehouseId: id } })],
  ['sales orders', (tx, id) => tx.salesOrder.count({ where: { warehouseId: id } })],
  ['inventory records', (tx, id) => tx.inventory.count({ where: { warehouseId: id } })],
  ['receipts', (tx, id) => tx.itemReceipt.count({ where: { warehouseId: id } })],
  ['transfers', (tx, id) => tx.binTransfer.count({ where: { warehouseId: id } })],
  ['pick batches', (tx, id) => tx.pickBatch.count({ where: { warehouseId: id } })],
  ['fulfillments', (tx, id) => tx.itemFulfillment.count({ where: { warehouseId: id } })],
  ['cycle counts', (tx, id) => tx.cycleCount.count({ where: { warehouseId: id } })],
  ['adjustments', (tx, id) => tx.inventoryAdjustment.count({ where: { warehouseId: id } })],
  ['audit log entries', (tx, id) => tx.auditLog.count({ where: { warehouseId: id } })],
  ['users', (tx, id) => tx.user.count({ where: { warehouseId: id } })],
  ['connector credentials', (tx, id) => tx.connectorCredential.count({ where: { warehouseId: id } })],
  ['sync states', (tx, id) => tx.syncState.count({ where: { warehouseId: id } })],
];

export async function deleteWarehouse(ctx: AuthedContext, { warehouseId: id }: WarehouseDeleteInput) {
  return withTransaction(ctx.app.prisma, async (tx) => {
    // Lock the row so a concurrent bin/zone insert cannot slip in between the checks and the delete.
    const locked = validId(id)
      ? await tx.$queryRaw<{ warehouse_id: number }[]>`SELECT warehouse_id FROM warehouses WHERE warehouse_id = ${id} FOR UPDATE`
      : [];
    if (locked.length === 0) throw notFound('Warehouse not found', inputField('warehouseId'));
    if (await tx.inventory.count({ where: { warehouseId: id, quantityOnHand: { gt: 0 } } })) {
      throw badRequest('Cannot delete warehouse with existing inventory');
    }
    if (await tx.bin.count({ where: { warehouseId: id } })) {
      throw badRequest('Cannot delete warehouse with existing bins. Remove all bins first.');
    }
    if (await tx.zone.count({ where: { warehouseId: id } })) {
      throw badRequest('Cannot delete warehouse with existing zones. Remove all zones first.');
    }
    for (const [label, count] of WAREHOUSE_HISTORY) {
      if (await count(tx, id)) throw badRequest(`Cannot delete warehouse with existing ${label}. Deactivate it instead.`);
    }
    await tx.warehouse.delete({ where: { warehouseId: id } });
    return id;
  });
}

// ---------------------------------------------------------------------------------------------------
// Zones
// ---------------------------------------------------------------------------------------------------

export interface ZoneFilter {
  warehouseId?: number | null;
  zoneType?: string | null;
  isActive?: boolean | null;
}

export function zoneWhere(f: ZoneFilter = {}): Prisma.ZoneWhereInput {
  const wid = idFilter(f.warehouseId);
  return {
    ...(wid ? { warehouseId: wid } : {}),
    ...(f.zoneType ? { zoneType: f.zoneType } : {}),
    ...(f.isActive != null ? { isActive: f.isActive } : {}),
  };
}

/** The zone, or null when there is none. */
export async function getZone(ctx: AuthedContext, query: Selection, id: number) {
  return validId(id) ? ctx.app.prisma.zone.findUnique({ ...query, where: { zoneId: id } }) : null;
}

export async function createZone(ctx: AuthedContext, query: Selection, input: ZoneCreateInput) {
  return withTransaction(ctx.app.prisma, async (tx) => {
    await assertWarehouseExists(tx, input.warehouseId);
    const dup = await tx.zone.findUnique({
      where: { warehouseId_zoneCode: { warehouseId: input.warehouseId, zoneCode: input.zoneCode } },
      select: { zoneId: true },
    });
    if (dup) throw badRequest(`Duplicate zone_code '${input.zoneCode}' in warehouse ${input.warehouseId}`, inputField('zoneCode'));
    const created = await tx.zone.create({
      data: { warehouseId: input.warehouseId, zoneCode: input.zoneCode, zoneName: input.zoneName, zoneType: input.zoneType },
    });
    return tx.zone.findUniqueOrThrow({ ...query, where: { zoneId: created.zoneId } });
  });
}

export async function updateZone(ctx: AuthedContext, query: Selection, { zoneId: id, ...changes }: ZoneUpdateInput) {
  return withTransaction(ctx.app.prisma, async (tx) => {
    const current = validId(id) ? await tx.zone.findUnique({ where: { zoneId: id } }) : null;
    if (!current) throw notFound('Zone not found', inputField('zoneId'));
    requireSomeField(changes);
    if (changes.zoneCode !== undefined && changes.zoneCode !== current.zoneCode) {
      const dup = await tx.zone.findUnique({
        where: { warehouseId_zoneCode: { warehouseId: current.warehouseId, zoneCode: changes.zoneCode } },
        select: { zoneId: true },
      });
      if (dup) throw badRequest(`Duplicate zone_code '${changes.zoneCode}' in warehouse ${current.warehouseId}`, inputField('zoneCode'));
    }
    await tx.zone.update({
      where: { zoneId: id },
      data: { zoneCode: changes.zoneCode, zoneName: changes.zoneName, zoneType: changes.zoneType, isActive: changes.isActive },
    });
    return tx.zone.findUniqueOrThrow({ ...query, where: { zoneId: id } });
  });
}

// ---------------------------------------------------------------------------------------------------
// Bins
// ---------------------------------------------------------------------------------------------------

export interface BinFilter {
  warehouseId?: number | null;
  zoneId?: number | null;
  binType?: string | null;
  isActive?: boolean | null;
  q?: string | null;
}

export function binWhere(f: BinFilter = {}): Prisma.BinWhereInput {
  const wid = idFilter(f.warehouseId);
  const zid = idFilter(f.zoneId);
  return {
    ...(wid ? { warehouseId: wid } : {}),
    ...(zid ? { zoneId: zid } : {}),
    ...(f.binType ? { binType: f.binType } : {}),
    ...(f.isActive != null ? { isActive: f.isActive } : {}),
    ...(f.q
      ? {
          OR: [
            { binCode: { contains: f.q, mode: 'insensitive' } },
            { binBarcode: { contains: f.q, mode: 'insensitive' } },
          ],
        }
      : {}),
  };
}

/** The bin, or null when there is none. */
export async function getBin(ctx: AuthedContext, query: Selection, id: number) {
  return validId(id) ? ctx.app.prisma.bin.findUnique({ ...query, where: { binId: id } }) : null;
}

/** Row/level/position are stored as text of the integer (`"01"` → 1 → `"1"`, spec 00 §2). */
const locationText = (v: number | null | undefined) => (v === null || v === undefined ? null : String(v));

export async function createBin(ctx: AuthedContext, query: Selection, input: BinCreateInput) {
  return withTransaction(ctx.app.prisma, async (tx) => {
    await assertWarehouseExists(tx, input.warehouseId);
    await assertZoneExists(tx, input.zoneId);
    const dup = await tx.bin.findUnique({
      where: { warehouseId_binCode: { warehouseId: input.warehouseId, binCode: input.binCode } },
      select: { binId: true },
    });
    if (dup) throw badRequest(`Duplicate bin_code '${input.binCode}' in warehouse ${input.warehouseId}`, inputField('binCode'));
    const created = await tx.bin.create({
      data: {
        zoneId: input.zoneId,
        warehouseId: input.warehouseId,
        binCode: input.binCode,
        binBarcode: input.binBarcode,
        binType: input.binType,
        aisle: input.aisle ?? null,
        rowNum: locationText(input.rowNum),
        levelNum: locationText(input.levelNum),
        positionNum: locationText(input.positionNum),
        pickSequence: input.pickSequence,
        putawaySequence: input.putawaySequence,
      },
    });
    return tx.bin.findUniqueOrThrow({ ...query, where: { binId: created.binId } });
  });
}

/** A location number to write: undefined leaves it, null clears it. */
const locationChange = (v: number | null | undefined) => (v === undefined ? undefined : locationText(v));

export async function updateBin(ctx: AuthedContext, query: Selection, { binId: id, ...changes }: BinUpdateInput) {
  return withTransaction(ctx.app.prisma, async (tx) => {
    const current = validId(id) ? await tx.bin.findUnique({ where: { binId: id } }) : null;
    if (!current) throw notFound('Bin not found', inputField('binId'));
    requireSomeField(changes);
    if (changes.zoneId !== undefined) await assertZoneExists(tx, changes.zoneId);
    if (changes.binCode !== undefined && changes.binCode !== current.binCode) {
      const dup = await tx.bin.findUnique({
        where: { warehouseId_binCode: { warehouseId: current.warehouseId, binCode: changes.binCode } },
        select: { binId: true },
      });
      if (dup) throw badRequest(`Duplicate bin_code '${changes.binCode}' in warehouse ${current.warehouseId}`, inputField('binCode'));
    }
    await tx.bin.update({
      where: { binId: id },
      data: {
        binCode: changes.binCode,
        binBarcode: changes.binBarcode,
        binType: changes.binType,
        aisle: changes.aisle,
        rowNum: locationChange(changes.rowNum),
        levelNum: locationChange(changes.levelNum),
        positionNum: locationChange(changes.positionNum),
        pickSequence: changes.pickSequence,
        putawaySequence: changes.putawaySequence,
        isActive: changes.isActive,
        zoneId: changes.zoneId,
      },
    });
    return tx.bin.findUniqueOrThrow({ ...query, where: { binId: id } });
  });
}

// ---------------------------------------------------------------------------------------------------
// Items
// ---------------------------------------------------------------------------------------------------

export interface ItemFilter {
  category?: string | null;
  isActive?: boolean | null;
  q?: string | null;
}

export function itemWhere(f: ItemFilter = {}): Prisma.ItemWhereInput {
  return {
    ...(f.category ? { category: f.category } : {}),
    ...(f.isActive != null ? { isActive: f.isActive } : {}),
    ...(f.q
      ? {
          OR: [
            { sku: { contains: f.q, mode: 'insensitive' } },
            { itemName: { contains: f.q, mode: 'insensitive' } },
            { upc: { contains: f.q, mode: 'insensitive' } },
          ],
        }
      : {}),
  };
}

/** The item, or null when there is none. */
export async function getItem(ctx: AuthedContext, query: Selection, id: number) {
  return validId(id) ? ctx.app.prisma.item.findUnique({ ...query, where: { itemId: id } }) : null;
}

const decimalOrNull = (v: number | null | undefined) => (v === null || v === undefined ? null : new Prisma.Decimal(v));

export async function createItem(ctx: AuthedContext, query: Selection, input: ItemCreateInput) {
  return withTransaction(ctx.app.prisma, async (tx) => {
    if (await tx.item.findUnique({ where: { sku: input.sku }, select: { itemId: true } })) {
      throw badRequest(`Duplicate SKU: ${input.sku}`, inputField('sku'));
    }
    if (input.upc && (await tx.item.findFirst({ where: { upc: input.upc }, select: { itemId: true } }))) {
      throw badRequest(`Duplicate UPC: ${input.upc}`, inputField('upc'));
    }
    if (input.defaultBinId != null) await assertBinExists(tx, input.defaultBinId, 'defaultBinId');
    const created = await tx.item.create({
      data: {
        sku: input.sku,
        itemName: input.itemName,
        description: input.description ?? null,
        upc: input.upc ?? null,
        category: input.category ?? null,
        weightLbs: decimalOrNull(input.weightLbs),
        defaultBinId: input.defaultBinId ?? null,
      },
    });
    return tx.item.findUniqueOrThrow({ ...query, where: { itemId: created.itemId } });
  });
}

export async function updateItem(ctx: AuthedContext, query: Selection, { itemId: id, ...changes }: ItemUpdateInput) {
  return withTransaction(ctx.app.prisma, async (tx) => {
    const current = validId(id) ? await tx.item.findUnique({ where: { itemId: id }, select: { itemId: true } }) : null;
    if (!current) throw notFound('Item not found', inputField('itemId'));
    requireSomeField(changes);
    if (changes.sku !== undefined) {
      const clash = await tx.item.findFirst({ where: { sku: changes.sku, NOT: { itemId: id } }, select: { itemId: true } });
      if (clash) throw badRequest(`Duplicate SKU: ${changes.sku}`, inputField('sku'));
    }
    if (changes.defaultBinId != null) await assertBinExists(tx, changes.defaultBinId, 'defaultBinId');
    await tx.item.update({
      where: { itemId: id },
      data: {
        sku: changes.sku,
        itemName: changes.itemName,
        description: changes.description,
        upc: changes.upc,
        category: changes.category,
        weightLbs: changes.weightLbs === undefined ? undefined : decimalOrNull(changes.weightLbs),
        defaultBinId: changes.defaultBinId,
        reorderPoint: changes.reorderPoint,
        reorderQty: changes.reorderQty,
        isActive: changes.isActive,
        updatedAt: new Date(),
      },
    });
    return tx.item.findUniqueOrThrow({ ...query, where: { itemId: id } });
  });
}

/** Returns the item as `query` selects it. */
export async function archiveItem(ctx: AuthedContext, query: Selection, { itemId: id }: ItemIdInput) {
  return withTransaction(ctx.app.prisma, async (tx) => {
    const rows = validId(id)
      ? await tx.$queryRaw<{ is_active: boolean | null }[]>`SELECT is_active FROM items WHERE item_id = ${id} FOR UPDATE`
      : [];
    if (rows.length === 0) throw notFound('Item not found', inputField('itemId'));
    // Toggle; a NULL flag counts as archived (the legacy `not is_active`).
    const isActive = !rows[0].is_active;
    await tx.item.update({ where: { itemId: id }, data: { isActive, updatedAt: new Date() } });
    return tx.item.findUniqueOrThrow({ ...query, where: { itemId: id } });
  });
}

/** References that keep an item's history (legacy: 500 on delete). */
const ITEM_HISTORY: [label: string, count: (tx: Tx, id: number) => Promise<number>][] = [
  ['receipt', (tx, id) => tx.itemReceipt.count({ where: { itemId: id } })],
  ['transfer', (tx, id) => tx.binTransfer.count({ where: { itemId: id } })],
  ['pick', (tx, id) => tx.pickTask.count({ where: { itemId: id } })],
  ['shipment', (tx, id) => tx.itemFulfillmentLine.count({ where: { itemId: id } })],
  ['packing', (tx, id) => tx.packVerification.count({ where: { itemId: id } })],
];

export async function deleteItem(ctx: AuthedContext, { itemId: id }: ItemIdInput) {
  return withTransaction(ctx.app.prisma, async (tx) => {
    const rows = validId(id)
      ? await tx.$queryRaw<{ item_id: number }[]>`SELECT item_id FROM items WHERE item_id = ${id} FOR UPDATE`
      : [];
    if (rows.length === 0) throw notFound('Item not found', inputField('itemId'));
    if (await tx.inventory.count({ where: { itemId: id, quantityOnHand: { gt: 0 } } })) {
      throw badRequest('Cannot delete item with existing inventory');
    }
    if (await tx.salesOrderLine.count({ where: { itemId: id } })) {
      throw badRequest('Cannot delete item with order history. Use archive instead.');
    }
    if (await tx.purchaseOrderLine.count({ where: { itemId: id } })) {
      throw badRequest('Cannot delete item with PO history. Use archive instead.');
    }
    for (const [label, count] of ITEM_HISTORY) {
      if (await count(tx, id)) throw badRequest(`Cannot delete item with ${label} history. Use archive instead.`);
    }
    await tx.preferredBin.deleteMany({ where: { itemId: id } });
    await tx.cycleCountLine.deleteMany({ where: { itemId: id } });
    await tx.inventoryAdjustment.deleteMany({ where: { itemId: id } });
    await removeEmptyStockRows(tx, id);
    await tx.item.delete({ where: { itemId: id } });
    return id;
  });
}

// ---------------------------------------------------------------------------------------------------
// Inventory overview
// ---------------------------------------------------------------------------------------------------

export interface InventoryFilter {
  warehouseId?: number | null;
  itemId?: number | null;
  binId?: number | null;
  q?: string | null;
}

/** Prisma's `contains` is a LIKE pattern: `%`, `_` and `\\` typed in a search box must match themselves. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export function inventoryWhere(f: InventoryFilter = {}): Prisma.InventoryWhereInput {
  const wid = idFilter(f.warehouseId);
  const iid = idFilter(f.itemId);
  const bid = idFilter(f.binId);
  const q = f.q ? likeLiteral(f.q) : null;
  return {
    ...(wid ? { warehouseId: wid } : {}),
    ...(iid ? { itemId: iid } : {}),
    ...(bid ? { binId: bid } : {}),
    ...(q
      ? {
          OR: [
            { item: { sku: { contains: q, mode: 'insensitive' } } },
            { item: { itemName: { contains: q, mode: 'insensitive' } } },
            { bin: { binCode: { contains: q, mode: 'insensitive' } } },
          ],
        }
      : {}),
  };
}

// ---------------------------------------------------------------------------------------------------
// Preferred bins
// ---------------------------------------------------------------------------------------------------

export interface PreferredBinFilter {
  itemId?: number | null;
  binId?: number | null;
  q?: string | null;
}

export function preferredBinWhere(f: PreferredBinFilter = {}): Prisma.PreferredBinWhereInput {
  const iid = idFilter(f.itemId);
  const bid = idFilter(f.binId);
  return {
    ...(iid ? { itemId: iid } : {}),
    ...(bid ? { binId: bid } : {}),
    ...(f.q
      ? {
          OR: [
            { item: { sku: { contains: f.q, mode: 'insensitive' } } },
            { item: { itemName: { contains: f.q, mode: 'insensitive' } } },
          ],
        }
      : {}),
  };
}

/** Upsert on (item, bin): an existing pair gets the new priority; other rows are untouched. Returns the row as `query` selects it. */
export async function savePreferredBin(ctx: AuthedContext, query: Selection, input: PreferredBinCreateInput) {
  return withTransaction(ctx.app.prisma, async (tx) => {
    await assertItemExists(tx, input.itemId);
    await assertBinExists(tx, input.binId, 'binId');
    return tx.preferredBin.upsert({
      ...query,
      where: { itemId_binId: { itemId: input.itemId, binId: input.binId } },
      create: { itemId: input.itemId, binId: input.binId, priority: input.priority },
      update: { priority: input.priority, updatedAt: new Date() },
    });
  });
}

/**
 * The row as `query` selects it, or null when no preferred bin has this id (not an error: the legacy answered 200
 * then, and so does REST).
 */
export async function updatePreferredBinPriority(ctx: AuthedContext, query: Selection, { preferredBinId: id, priority }: PreferredBinUpdateInput) {
  if (!validId(id)) return null;
  return withTransaction(ctx.app.prisma, async (tx) => {
    const { count } = await tx.preferredBin.updateMany({ where: { preferredBinId: id }, data: { priority, updatedAt: new Date() } });
    return count > 0 ? tx.preferredBin.findUniqueOrThrow({ ...query, where: { preferredBinId: id } }) : null;
  });
}

/** The id deleted, or null when no preferred bin had it (not an error, as in the legacy). */
export async function deletePreferredBin(ctx: AuthedContext, { preferredBinId: id }: PreferredBinDeleteInput) {
  if (!validId(id)) return null;
  const { count } = await ctx.app.prisma.preferredBin.deleteMany({ where: { preferredBinId: id } });
  return count > 0 ? id : null;
}
