import type { AppServices } from '../../src/app';
import type { TestServer } from './server';
import { createUser } from './fixtures';

let seq = 0;

/** Ids of the seeded demo warehouse (WH1) the inbound tests use. */
export async function seeded(app: AppServices) {
  const p = app.prisma;
  const wh = await p.warehouse.findUniqueOrThrow({ where: { warehouseCode: 'WH1' } });
  const bin = async (code: string) => (await p.bin.findFirstOrThrow({ where: { warehouseId: wh.warehouseId, binCode: code } })).binId;
  const item = async (sku: string) => (await p.item.findUniqueOrThrow({ where: { sku } })).itemId;
  return {
    warehouseId: wh.warehouseId,
    stageBinId: await bin('STAGE-01'),
    a0101: await bin('A-01-01'),
    a0102: await bin('A-01-02'),
    a0103: await bin('A-01-03'),
    a0201: await bin('A-02-01'),
    ps01: await bin('PS-01'),
    item1: await item('TST-001'),
    item2: await item('TST-002'),
    item3: await item('TST-003'),
    item6: await item('TST-006'),
  };
}

/** A second warehouse with a receiving zone, one Staging bin and one storage bin. */
export async function secondWarehouse(app: AppServices) {
  const p = app.prisma;
  const n = ++seq;
  const wh = await p.warehouse.create({ data: { warehouseCode: `WH2-${n}`, warehouseName: `Second ${n}` } });
  const zone = await p.zone.create({ data: { warehouseId: wh.warehouseId, zoneCode: 'RECV', zoneName: 'Dock', zoneType: 'RECEIVING' } });
  const stage = await p.bin.create({
    data: { warehouseId: wh.warehouseId, zoneId: zone.zoneId, binCode: `W2-STAGE-${n}`, binBarcode: `W2-STAGE-${n}`, binType: 'Staging' },
  });
  const storage = await p.bin.create({
    data: { warehouseId: wh.warehouseId, zoneId: zone.zoneId, binCode: `W2-A-${n}`, binBarcode: `W2-A-${n}`, binType: 'Pickable' },
  });
  return { warehouseId: wh.warehouseId, stageBinId: stage.binId, storageBinId: storage.binId, stageCode: stage.binCode, storageCode: storage.binCode };
}

/** A purchase order with the given lines (line numbers 1..n). */
export async function createPo(
  app: AppServices,
  opts: { warehouseId: number; lines: { itemId: number; quantity: number }[]; status?: string; number?: string },
) {
  const poNumber = opts.number ?? `PO-T-${Date.now() % 1_000_000}-${++seq}`;
  const po = await app.prisma.purchaseOrder.create({
    data: {
      poNumber,
      poBarcode: `BC-${poNumber}`,
      vendorName: 'Test Vendor',
      status: opts.status ?? 'OPEN',
      warehouseId: opts.warehouseId,
      lines: { create: opts.lines.map((l, i) => ({ itemId: l.itemId, quantityOrdered: l.quantity, lineNumber: i + 1 })) },
    },
    include: { lines: { orderBy: { lineNumber: 'asc' } } },
  });
  return po;
}

/** A floor user of the given warehouses and functions, signed in. */
export async function floorUser(s: TestServer, warehouseIds: number[], allowedFunctions: string[]) {
  const u = await createUser(s.app, { warehouseIds, allowedFunctions });
  return { ...u, token: await s.login(u.username, u.password) };
}

/** On-hand quantity of an item per bin code, as the item lookup (admin) reports it. */
export async function onHandByBin(s: TestServer, token: string, sku: string): Promise<Record<string, number>> {
  const r = await s.api('GET', `/api/lookup/item/${encodeURIComponent(sku)}`, { token });
  if (r.status !== 200) throw new Error(`lookup ${sku}: ${r.status} ${r.text}`);
  const out: Record<string, number> = {};
  for (const l of r.body.locations) {
    const key = l.lot_number ? `${l.bin_code}#${l.lot_number}` : l.bin_code;
    out[key] = (out[key] ?? 0) + l.quantity_on_hand;
  }
  return out;
}

export async function setSetting(app: AppServices, key: string, value: string) {
  await app.prisma.appSetting.upsert({ where: { key }, update: { value }, create: { key, value } });
}
