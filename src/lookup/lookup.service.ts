import type { AuthedContext } from '../context';
import { Prisma } from '../db';
import { scopedWarehouseIds } from '../auth/scope';
import { legacyDecimal } from '../shared/format';
import { stripSpace } from '../shared/text';
import { findBinWithStock, findItemWithStock, searchBinIds, searchItemIds, type StockLine } from './lookup.repo';

export type { StockLine } from './lookup.repo';

const SEARCH_LIMIT = 50;

export interface LookupItem {
  itemId: number;
  sku: string;
  itemName: string;
  upc: string | null;
  category: string | null;
  weightLbs: number | null;
}

export interface LookupBin {
  binId: number;
  binCode: string;
  binBarcode: string;
  binType: string;
  zoneName: string;
  aisle: string | null;
  rowNum: string | null;
  levelNum: string | null;
}

const itemView = (i: { itemId: number; sku: string; itemName: string; upc: string | null; category: string | null; weightLbs: Prisma.Decimal | null }): LookupItem => ({
  itemId: i.itemId,
  sku: i.sku,
  itemName: i.itemName,
  upc: i.upc,
  category: i.category,
  weightLbs: legacyDecimal(i.weightLbs),
});

const binView = (b: { binId: number; binCode: string; binBarcode: string; binType: string; aisle: string | null; rowNum: string | null; levelNum: string | null; zone: { zoneName: string } }): LookupBin => ({
  binId: b.binId,
  binCode: b.binCode,
  binBarcode: b.binBarcode,
  binType: b.binType,
  zoneName: b.zone.zoneName,
  aisle: b.aisle,
  rowNum: b.rowNum,
  levelNum: b.levelNum,
});

/** GET /lookup/item/{barcode}: by UPC, SKU or barcode alias (exact); null when none. Items are global; stock is scoped. */
export async function lookupItem(ctx: AuthedContext, rawBarcode: string): Promise<{ item: LookupItem; locations: StockLine[] } | null> {
  const barcode = stripSpace(rawBarcode);
  const scope = scopedWarehouseIds(ctx.user) ?? null;
  // legacy-difference: the alias match was built as a JSON string (a `"` or `\` in the value was a 500);
  // here the value is a bound parameter. The item and its (scoped) stock rows in one statement, on the driver.
  const hit = await findItemWithStock(ctx.app.db, barcode, scope);
  if (!hit) return null;
  const item: LookupItem = {
    itemId: hit.itemId,
    sku: hit.sku,
    itemName: hit.itemName,
    upc: hit.upc,
    category: hit.category,
    weightLbs: legacyDecimal(hit.weightLbs),
  };
  return { item, locations: hit.locations };
}

/** GET /lookup/bin/{barcode}: by bin barcode or code (exact), in the user's warehouses, with its contents; null when none. */
export async function lookupBin(ctx: AuthedContext, rawBarcode: string): Promise<{ bin: LookupBin; items: StockLine[] } | null> {
  const barcode = stripSpace(rawBarcode);
  const scope = scopedWarehouseIds(ctx.user) ?? null;
  // The bin, its zone and its stock rows in one statement, on the driver.
  const hit = await findBinWithStock(ctx.app.db, barcode, scope);
  if (!hit) return null;
  const { items, ...bin } = hit;
  return { bin, items };
}

export interface LookupSalesOrder {
  soId: number;
  soNumber: string;
  soBarcode: string | null;
  customerName: string | null;
  customerPhone: string | null;
  customerAddress: string | null;
  shipAddress: string | null;
  status: string;
  warehouseId: number;
  lines: {
    soLineId: number;
    itemId: number;
    sku: string;
    itemName: string;
    quantityOrdered: number;
    quantityPicked: number;
    quantityPacked: number;
    quantityShipped: number;
  }[];
}

/** GET /lookup/so/{barcode}: by SO barcode or number, any status, in the user's warehouses; null when none. */
export async function lookupSalesOrder(ctx: AuthedContext, rawBarcode: string): Promise<LookupSalesOrder | null> {
  const barcode = stripSpace(rawBarcode);
  const scope = scopedWarehouseIds(ctx.user);
  const so = await ctx.app.prisma.salesOrder.findFirst({
    where: { OR: [{ soBarcode: barcode }, { soNumber: barcode }], ...(scope ? { warehouseId: { in: scope } } : {}) },
    orderBy: { soId: 'asc' },
    include: { lines: { include: { item: true }, orderBy: [{ lineNumber: 'asc' }, { soLineId: 'asc' }] } },
  });
  if (!so) return null;
  return {
    soId: so.soId,
    soNumber: so.soNumber,
    soBarcode: so.soBarcode,
    customerName: so.customerName,
    customerPhone: so.customerPhone,
    customerAddress: so.customerAddress,
    shipAddress: so.shipAddress,
    status: so.status,
    warehouseId: so.warehouseId,
    lines: so.lines.map((l) => ({
      soLineId: l.soLineId,
      itemId: l.itemId,
      sku: l.item.sku,
      itemName: l.item.itemName,
      quantityOrdered: l.quantityOrdered,
      quantityPicked: l.quantityPicked,
      quantityPacked: l.quantityPacked,
      quantityShipped: l.quantityShipped,
    })),
  };
}

/** ILIKE pattern of the legacy search: `%` and `_` in q keep acting as wildcards (as the legacy did). */
const containsPattern = (q: string) => `%${q}%`;

/**
 * GET /lookup/item/search?q=: case-insensitive substring of sku, name or UPC, max 50, inactive included.
 * Non-admins only see items stocked, or with a preferred bin, in their warehouses.
 */
export async function searchItems(ctx: AuthedContext, q: string | null | undefined): Promise<LookupItem[]> {
  const term = stripSpace(q ?? '');
  if (!term) return [];
  const pattern = containsPattern(term);
  const scope = scopedWarehouseIds(ctx.user);
  const db = ctx.app.prisma;
  const ids = await searchItemIds(db, pattern, scope ?? null, SEARCH_LIMIT);
  const items = await db.item.findMany({ where: { itemId: { in: ids } }, orderBy: { itemId: 'asc' } });
  return items.map(itemView);
}

/**
 * GET /lookup/bin/search?q=: case-insensitive substring of bin code or barcode, max 50; for non-admins the
 * rows outside their warehouses are removed after the limit (legacy: possibly fewer than 50).
 */
export async function searchBins(ctx: AuthedContext, q: string | null | undefined): Promise<LookupBin[]> {
  const term = stripSpace(q ?? '');
  if (!term) return [];
  const pattern = containsPattern(term);
  const db = ctx.app.prisma;
  const ids = await searchBinIds(db, pattern, SEARCH_LIMIT);
  const scope = scopedWarehouseIds(ctx.user);
  const bins = await db.bin.findMany({
    where: { binId: { in: ids }, ...(scope ? { warehouseId: { in: scope } } : {}) },
    orderBy: { binId: 'asc' },
    include: { zone: true },
  });
  return bins.map(binView);
}
