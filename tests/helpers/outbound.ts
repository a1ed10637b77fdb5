/** Outbound test data, written straight through Prisma (the admin APIs are tested on their own). */
import { Prisma } from '../../src/db';
import type { AppServices } from '../../src/app';

let seq = 0;
const uniq = () => `${process.pid % 1000}${++seq}`;

export interface OutboundWorld {
  warehouseId: number;
  zoneId: number;
  /** Bins by code: P-10 (seq 10), P-20 (seq 20), PS-30 (PickableStaging, seq 30), STG (Staging, seq 0). */
  bins: Record<'P10' | 'P20' | 'PS30' | 'STG', { binId: number; binCode: string }>;
  tag: string;
}

/** A warehouse with one pick zone and four bins along the pick path (a Staging bin first, never allocated). */
export async function createWarehouse(app: AppServices): Promise<OutboundWorld> {
  const db = app.prisma;
  const tag = uniq();
  const wh = await db.warehouse.create({ data: { warehouseCode: `OB${tag}`, warehouseName: `Outbound ${tag}` } });
  const zone = await db.zone.create({ data: { warehouseId: wh.warehouseId, zoneCode: 'PICK', zoneName: 'Pick Zone', zoneType: 'PICKING' } });
  const bin = (code: string, binType: string, pickSequence: number, aisle: string | null) =>
    db.bin.create({
      data: { warehouseId: wh.warehouseId, zoneId: zone.zoneId, binCode: `${code}-${tag}`, binBarcode: `B-${code}-${tag}`, binType, pickSequence, aisle, rowNum: '1', levelNum: '2' },
    });
  const STG = await bin('STG', 'Staging', 0, 'S');
  const P20 = await bin('P20', 'Pickable', 20, 'A');
  const P10 = await bin('P10', 'Pickable', 10, '');
  const PS30 = await bin('PS30', 'PickableStaging', 30, 'C');
  return { warehouseId: wh.warehouseId, zoneId: zone.zoneId, bins: { P10, P20, PS30, STG }, tag };
}

export async function createItem(app: AppServices, opts: { upc?: string | null; aliases?: string[]; weight?: string | null; name?: string } = {}) {
  const tag = uniq();
  return app.prisma.item.create({
    data: {
      sku: `OB-${tag}`,
      itemName: opts.name ?? `Outbound item ${tag}`,
      upc: opts.upc === undefined ? `UPC${tag}` : opts.upc,
      barcodeAliases: opts.aliases ?? Prisma.DbNull,
      weightLbs: opts.weight === undefined ? '0.5' : opts.weight,
    },
  });
}

export async function stock(
  app: AppServices,
  o: { warehouseId: number; itemId: number; binId: number; onHand: number; allocated?: number; lot?: string; updatedAt?: Date },
) {
  return app.prisma.inventory.create({
    data: {
      warehouseId: o.warehouseId,
      itemId: o.itemId,
      binId: o.binId,
      quantityOnHand: o.onHand,
      quantityAllocated: o.allocated ?? 0,
      lotNumber: o.lot ?? null,
      updatedAt: o.updatedAt ?? new Date(),
    },
  });
}

export async function createOrder(
  app: AppServices,
  o: { warehouseId: number; lines: { itemId: number; qty: number }[]; status?: string; barcode?: string | null; soNumber?: string },
) {
  const tag = uniq();
  return app.prisma.salesOrder.create({
    data: {
      soNumber: o.soNumber ?? `SO-OB-${tag}`,
      soBarcode: o.barcode === undefined ? `SOB-${tag}` : o.barcode,
      customerName: `Customer ${tag}`,
      status: o.status ?? 'OPEN',
      warehouseId: o.warehouseId,
      shipMethod: 'GROUND',
      lines: { create: o.lines.map((l, i) => ({ itemId: l.itemId, quantityOrdered: l.qty, lineNumber: i + 1 })) },
    },
    include: { lines: { orderBy: { lineNumber: 'asc' } } },
  });
}

/** on_hand / allocated of an item summed over every row, and per bin. */
export async function stockOf(app: AppServices, itemId: number) {
  const rows = await app.prisma.inventory.findMany({ where: { itemId }, orderBy: { inventoryId: 'asc' } });
  const byBin: Record<number, { onHand: number; allocated: number }> = {};
  for (const r of rows) {
    const b = (byBin[r.binId] ??= { onHand: 0, allocated: 0 });
    b.onHand += r.quantityOnHand;
    b.allocated += r.quantityAllocated;
  }
  return {
    onHand: rows.reduce((s, r) => s + r.quantityOnHand, 0),
    allocated: rows.reduce((s, r) => s + r.quantityAllocated, 0),
    byBin,
  };
}

export async function orderState(app: AppServices, soId: number) {
  const so = await app.prisma.salesOrder.findUniqueOrThrow({ where: { soId }, include: { lines: { orderBy: { lineNumber: 'asc' } } } });
  return {
    status: so.status,
    lines: so.lines.map((l) => ({
      allocated: l.quantityAllocated,
      picked: l.quantityPicked,
      packed: l.quantityPacked,
      shipped: l.quantityShipped,
      status: l.status,
    })),
  };
}

export const setPackingRequired = (app: AppServices, value: 'true' | 'false') =>
  app.prisma.appSetting.upsert({
    where: { key: 'require_packing_before_shipping' },
    create: { key: 'require_packing_before_shipping', value },
    update: { value },
  });
