/** Test data of the inventory-control tests, written straight through Prisma. */
import type { AppServices } from '../../src/app';

let seq = 0;
const uniq = () => `${Date.now() % 100000}${++seq}`;

/** The seeded WH1: its id, bin ids by code and item ids by SKU. */
export async function seedIds(app: AppServices) {
  const wh = await app.prisma.warehouse.findUniqueOrThrow({ where: { warehouseCode: 'WH1' } });
  const bins = await app.prisma.bin.findMany({ where: { warehouseId: wh.warehouseId } });
  const items = await app.prisma.item.findMany();
  return {
    warehouseId: wh.warehouseId,
    bin: Object.fromEntries(bins.map((b) => [b.binCode, b.binId])) as Record<string, number>,
    item: Object.fromEntries(items.map((i) => [i.sku, i.itemId])) as Record<string, number>,
  };
}

/** A warehouse with one storage zone and `binCount` bins (codes `<code>-B1`, ...). */
export async function makeWarehouse(app: AppServices, opts: { name?: string; binCount?: number } = {}) {
  const code = `W${uniq()}`;
  const wh = await app.prisma.warehouse.create({ data: { warehouseCode: code, warehouseName: opts.name ?? `Warehouse ${code}` } });
  const zone = await app.prisma.zone.create({
    data: { warehouseId: wh.warehouseId, zoneCode: 'STOR', zoneName: 'Storage', zoneType: 'STORAGE' },
  });
  const bins: { binId: number; binCode: string }[] = [];
  for (let i = 1; i <= (opts.binCount ?? 3); i++) {
    const b = await app.prisma.bin.create({
      data: { warehouseId: wh.warehouseId, zoneId: zone.zoneId, binCode: `${code}-B${i}`, binBarcode: `BC-${code}-B${i}` },
    });
    bins.push({ binId: b.binId, binCode: b.binCode });
  }
  return { warehouseId: wh.warehouseId, code, name: wh.warehouseName, zoneId: zone.zoneId, bins };
}

export async function makeItem(app: AppServices, opts: { sku?: string; name?: string; upc?: string } = {}) {
  const sku = opts.sku ?? `INV-${uniq()}`;
  const item = await app.prisma.item.create({ data: { sku, itemName: opts.name ?? `Item ${sku}`, upc: opts.upc ?? null } });
  return { itemId: item.itemId, sku, itemName: item.itemName };
}

/** Inserts one inventory row. */
export async function putStock(
  app: AppServices,
  s: { itemId: number; binId: number; warehouseId: number; quantity: number; allocated?: number; lot?: string | null },
) {
  return app.prisma.inventory.create({
    data: {
      itemId: s.itemId,
      binId: s.binId,
      warehouseId: s.warehouseId,
      quantityOnHand: s.quantity,
      quantityAllocated: s.allocated ?? 0,
      lotNumber: s.lot ?? null,
    },
  });
}

/** Total on-hand of an item in a bin (every lot), 0 when there is no row. */
export async function onHand(app: AppServices, itemId: number, binId: number): Promise<number> {
  const rows = await app.prisma.inventory.findMany({ where: { itemId, binId } });
  return rows.reduce((s, r) => s + r.quantityOnHand, 0);
}

/** The inventory rows of an item in a bin. */
export const stockRows = (app: AppServices, itemId: number, binId: number) =>
  app.prisma.inventory.findMany({ where: { itemId, binId }, orderBy: { inventoryId: 'asc' } });

export async function setSetting(app: AppServices, key: string, value: string) {
  await app.prisma.appSetting.upsert({ where: { key }, create: { key, value }, update: { value } });
}

/** A bin with one item in stock, in a fresh warehouse: the usual starting point. */
export async function stockedBin(app: AppServices, quantity: number, opts: { binCount?: number; allocated?: number } = {}) {
  const wh = await makeWarehouse(app, { binCount: opts.binCount ?? 3 });
  const item = await makeItem(app);
  await putStock(app, { itemId: item.itemId, binId: wh.bins[0].binId, warehouseId: wh.warehouseId, quantity, allocated: opts.allocated });
  return { wh, item, bin: wh.bins[0], other: wh.bins[1] };
}

export const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?\+00:00$/;
