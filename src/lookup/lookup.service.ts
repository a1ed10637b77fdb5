import type { AuthedContext } from '../context';
import type { Prisma } from '../db';
import { scopedWarehouseIds } from '../auth/scope';
import { notFound } from '../errors';
import { legacyDecimal } from '../shared/format';
import { pyStrip } from '../validation/pydantic';

const SEARCH_LIMIT = 50;

export interface LookupItem {
  itemId: number;
  sku: string;
  itemName: string;
  upc: string | null;
  category: string | null;
  weightLbs: number | null;
}

export interface StockLine {
  binId: number;
  binCode: string;
  binType: string;
  zoneName: string;
  itemId: number;
  sku: string;
  itemName: string;
  upc: string | null;
  quantityOnHand: number;
  quantityAllocated: number;
  quantityAvailable: number;
  lotNumber: string | null;
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

const stockInclude = { bin: { include: { zone: true } }, item: true } as const;
type StockRow = Prisma.InventoryGetPayload<{ include: typeof stockInclude }>;
const stockLine = (r: StockRow): StockLine => ({
  binId: r.binId,
  binCode: r.bin.binCode,
  binType: r.bin.binType,
  zoneName: r.bin.zone.zoneName,
  itemId: r.itemId,
  sku: r.item.sku,
  itemName: r.item.itemName,
  upc: r.item.upc,
  quantityOnHand: r.quantityOnHand,
  quantityAllocated: r.quantityAllocated,
  quantityAvailable: r.quantityOnHand - r.quantityAllocated,
  lotNumber: r.lotNumber,
});

/** GET /lookup/item/{barcode}: by UPC, SKU or barcode alias (exact). Items are global; stock is scoped. */
export async function lookupItem(ctx: AuthedContext, rawBarcode: string): Promise<{ item: LookupItem; locations: StockLine[] }> {
  const barcode = pyStrip(rawBarcode);
  const db = ctx.app.prisma;
  // legacy-difference: the alias match was built as a JSON string (a `"` or `\` in the value was a 500);
  // here the value is a bound parameter.
  const [hit] = await db.$queryRaw<{ item_id: number }[]>`
    SELECT item_id FROM items
    WHERE upc = ${barcode} OR sku = ${barcode} OR barcode_aliases @> jsonb_build_array(${barcode}::text)
    ORDER BY item_id LIMIT 1`;
  if (!hit) throw notFound('Item not found');
  const item = await db.item.findUniqueOrThrow({ where: { itemId: hit.item_id } });
  const scope = scopedWarehouseIds(ctx.user);
  const rows = await db.inventory.findMany({
    where: { itemId: item.itemId, ...(scope ? { warehouseId: { in: scope } } : {}) },
    orderBy: { inventoryId: 'asc' },
    include: stockInclude,
  });
  return { item: itemView(item), locations: rows.map(stockLine) };
}

/** GET /lookup/bin/{barcode}: by bin barcode or code (exact), in the user's warehouses, with its contents. */
export async function lookupBin(ctx: AuthedContext, rawBarcode: string): Promise<{ bin: LookupBin; items: StockLine[] }> {
  const barcode = pyStrip(rawBarcode);
  const db = ctx.app.prisma;
  const scope = scopedWarehouseIds(ctx.user);
  const bin = await db.bin.findFirst({
    where: { OR: [{ binBarcode: barcode }, { binCode: barcode }], ...(scope ? { warehouseId: { in: scope } } : {}) },
    orderBy: { binId: 'asc' },
    include: { zone: true },
  });
  if (!bin) throw notFound('Bin not found');
  const rows = await db.inventory.findMany({ where: { binId: bin.binId }, orderBy: { inventoryId: 'asc' }, include: stockInclude });
  return { bin: binView(bin), items: rows.map(stockLine) };
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
    sku: string;
    itemName: string;
    quantityOrdered: number;
    quantityPicked: number;
    quantityPacked: number;
    quantityShipped: number;
  }[];
}

/** GET /lookup/so/{barcode}: by SO barcode or number, any status, in the user's warehouses. */
export async function lookupSalesOrder(ctx: AuthedContext, rawBarcode: string): Promise<LookupSalesOrder> {
  const barcode = pyStrip(rawBarcode);
  const scope = scopedWarehouseIds(ctx.user);
  const so = await ctx.app.prisma.salesOrder.findFirst({
    where: { OR: [{ soBarcode: barcode }, { soNumber: barcode }], ...(scope ? { warehouseId: { in: scope } } : {}) },
    orderBy: { soId: 'asc' },
    include: { lines: { include: { item: true }, orderBy: [{ lineNumber: 'asc' }, { soLineId: 'asc' }] } },
  });
  if (!so) throw notFound('Sales order not found');
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
  const term = pyStrip(q ?? '');
  if (!term) return [];
  const pattern = containsPattern(term);
  const scope = scopedWarehouseIds(ctx.user);
  const db = ctx.app.prisma;
  const hits = scope
    ? await db.$queryRaw<{ item_id: number }[]>`
        SELECT i.item_id FROM items i
        WHERE (i.sku ILIKE ${pattern} OR i.item_name ILIKE ${pattern} OR i.upc ILIKE ${pattern})
          AND (EXISTS (SELECT 1 FROM inventory v WHERE v.item_id = i.item_id AND v.warehouse_id = ANY(${scope}::int[]))
            OR EXISTS (SELECT 1 FROM preferred_bins p JOIN bins b ON b.bin_id = p.bin_id
                       WHERE p.item_id = i.item_id AND b.warehouse_id = ANY(${scope}::int[])))
        ORDER BY i.item_id LIMIT ${SEARCH_LIMIT}`
    : await db.$queryRaw<{ item_id: number }[]>`
        SELECT i.item_id FROM items i
        WHERE i.sku ILIKE ${pattern} OR i.item_name ILIKE ${pattern} OR i.upc ILIKE ${pattern}
        ORDER BY i.item_id LIMIT ${SEARCH_LIMIT}`;
  const items = await db.item.findMany({ where: { itemId: { in: hits.map((h) => h.item_id) } }, orderBy: { itemId: 'asc' } });
  return items.map(itemView);
}

/**
 * GET /lookup/bin/search?q=: case-insensitive substring of bin code or barcode, max 50; for non-admins the
 * rows outside their warehouses are removed after the limit (legacy: possibly fewer than 50).
 */
export async function searchBins(ctx: AuthedContext, q: string | null | undefined): Promise<LookupBin[]> {
  const term = pyStrip(q ?? '');
  if (!term) return [];
  const pattern = containsPattern(term);
  const db = ctx.app.prisma;
  const hits = await db.$queryRaw<{ bin_id: number }[]>`
    SELECT bin_id FROM bins WHERE bin_code ILIKE ${pattern} OR bin_barcode ILIKE ${pattern}
    ORDER BY bin_id LIMIT ${SEARCH_LIMIT}`;
  const scope = scopedWarehouseIds(ctx.user);
  const bins = await db.bin.findMany({
    where: { binId: { in: hits.map((h) => h.bin_id) }, ...(scope ? { warehouseId: { in: scope } } : {}) },
    orderBy: { binId: 'asc' },
    include: { zone: true },
  });
  return bins.map(binView);
}
