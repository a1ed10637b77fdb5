import type { TestServer } from './server';
import { createUser } from './fixtures';

/** Tokens of the bootstrap admin and of a floor user with every function in warehouse 1. */
export async function adminAndUser(s: TestServer) {
  const admin = await s.adminToken();
  const u = await createUser(s.app, { warehouseIds: [1], allowedFunctions: ['receive', 'putaway', 'pick', 'pack', 'ship', 'count', 'transfer'] });
  const user = await s.login(u.username, u.password);
  return { admin, user };
}

/** Ids of the demo data set (src/db/seed.ts) by code, read from the database. */
export async function seedIds(s: TestServer) {
  const p = s.app.prisma;
  const wh = await p.warehouse.findUniqueOrThrow({ where: { warehouseCode: 'WH1' } });
  const zones = Object.fromEntries((await p.zone.findMany()).map((z) => [z.zoneCode, z.zoneId]));
  const bins = Object.fromEntries((await p.bin.findMany()).map((b) => [b.binCode, b.binId]));
  const items = Object.fromEntries((await p.item.findMany()).map((i) => [i.sku, i.itemId]));
  return { warehouseId: wh.warehouseId, zones, bins, items };
}

export const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?\+00:00$/;

/** A fresh warehouse (and optionally a zone and bin in it) straight in the database. */
export async function makeWarehouse(s: TestServer, code: string, opts: { zone?: boolean; bin?: boolean } = {}) {
  const p = s.app.prisma;
  const wh = await p.warehouse.create({ data: { warehouseCode: code, warehouseName: `${code} name` } });
  let zoneId: number | undefined;
  let binId: number | undefined;
  if (opts.zone || opts.bin) {
    zoneId = (await p.zone.create({ data: { warehouseId: wh.warehouseId, zoneCode: 'Z', zoneName: 'Zone', zoneType: 'STORAGE' } })).zoneId;
  }
  if (opts.bin) {
    binId = (await p.bin.create({ data: { warehouseId: wh.warehouseId, zoneId: zoneId!, binCode: `${code}-B`, binBarcode: `${code}-B` } })).binId;
  }
  return { warehouseId: wh.warehouseId, zoneId, binId };
}
