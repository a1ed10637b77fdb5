// Demo data and first-admin bootstrap.
import bcrypt from 'bcryptjs';
import { Prisma, type PrismaClient } from '../generated/prisma/client';

/** app_settings rows seeded by the legacy installer (spec 00 §4). */
export const DEFAULT_SETTINGS: Readonly<Record<string, string>> = Object.freeze({
  require_packing_before_shipping: 'true',
  count_show_expected: 'true',
  // the legacy installer seeds this key, but the key actually read is allow_over_receipt
  allow_over_receiving: 'true',
  default_receiving_bin: '1',
  session_timeout_hours: '8',
});

/** Inserts the default settings rows that are missing; never overwrites. */
export async function ensureDefaultSettings(prisma: PrismaClient | Prisma.TransactionClient): Promise<void> {
  await prisma.appSetting.createMany({
    data: Object.entries(DEFAULT_SETTINGS).map(([key, value]) => ({ key, value })),
    skipDuplicates: true,
  });
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';
}

/**
 * Seeds the default settings, and a demo warehouse `WH1` with zones, bins, items,
 * stock, one OPEN purchase order and two OPEN sales orders. The demo data is only
 * created when the database has no warehouse yet. Returns whether it was created.
 */
export async function seedDemoData(prisma: PrismaClient): Promise<{ seeded: boolean }> {
  await ensureDefaultSettings(prisma);
  if ((await prisma.warehouse.count()) > 0) return { seeded: false };
  try {
    await prisma.$transaction(async (tx) => {
      const wh = await tx.warehouse.create({
        data: { warehouseCode: 'WH1', warehouseName: 'Main Warehouse', address: '1 Warehouse Way' },
      });
      const warehouseId = wh.warehouseId;
      const receiving = await tx.zone.create({
        data: { warehouseId, zoneCode: 'RECV', zoneName: 'Receiving / Staging', zoneType: 'RECEIVING' },
      });
      const storage = await tx.zone.create({
        data: { warehouseId, zoneCode: 'STOR', zoneName: 'Storage', zoneType: 'STORAGE' },
      });

      // created first so that it gets bin_id 1 on a fresh database (default_receiving_bin = "1")
      const stage = await tx.bin.create({
        data: {
          warehouseId,
          zoneId: receiving.zoneId,
          binCode: 'STAGE-01',
          binBarcode: 'BIN-STAGE-01',
          binType: 'Staging',
          description: 'Receiving staging',
        },
      });
      const pickableSpecs = [
        { code: 'A-01-01', aisle: 'A', row: '1', level: '1', seq: 10 },
        { code: 'A-01-02', aisle: 'A', row: '1', level: '2', seq: 20 },
        { code: 'A-01-03', aisle: 'A', row: '1', level: '3', seq: 30 },
        { code: 'A-02-01', aisle: 'A', row: '2', level: '1', seq: 40 },
        { code: 'A-02-02', aisle: 'A', row: '2', level: '2', seq: 50 },
      ];
      const bins: Record<string, number> = { 'STAGE-01': stage.binId };
      for (const b of pickableSpecs) {
        const bin = await tx.bin.create({
          data: {
            warehouseId,
            zoneId: storage.zoneId,
            binCode: b.code,
            binBarcode: `BIN-${b.code}`,
            binType: 'Pickable',
            aisle: b.aisle,
            rowNum: b.row,
            levelNum: b.level,
            positionNum: '1',
            pickSequence: b.seq,
            putawaySequence: b.seq,
          },
        });
        bins[b.code] = bin.binId;
      }
      const ps = await tx.bin.create({
        data: {
          warehouseId,
          zoneId: storage.zoneId,
          binCode: 'PS-01',
          binBarcode: 'BIN-PS-01',
          binType: 'PickableStaging',
          pickSequence: 60,
          putawaySequence: 60,
          description: 'Pickable staging',
        },
      });
      bins['PS-01'] = ps.binId;

      const itemSpecs = [
        { sku: 'TST-001', name: 'Test Widget Small', upc: '012345678905', weight: '0.5000', bin: 'A-01-01', category: 'Widgets', aliases: ['ALIAS-TST-001', '0012345678905'] },
        { sku: 'TST-002', name: 'Test Widget Large', upc: '012345678912', weight: '2.2500', bin: 'A-01-02', category: 'Widgets' },
        { sku: 'TST-003', name: 'Test Gadget', upc: '012345678929', weight: '1.1000', bin: 'A-01-03', category: 'Gadgets' },
        { sku: 'TST-004', name: 'Test Gizmo', upc: '012345678936', weight: '0.7500', bin: 'A-02-01', category: 'Gadgets' },
        { sku: 'TST-005', name: 'Test Sprocket', upc: '012345678943', weight: '0.1250', bin: 'A-02-02', category: 'Parts' },
        { sku: 'TST-006', name: 'Test Cable 2m', upc: '012345678950', weight: '0.3000', bin: 'A-02-02', category: 'Parts' },
      ];
      const items: Record<string, number> = {};
      for (const it of itemSpecs) {
        const item = await tx.item.create({
          data: {
            sku: it.sku,
            itemName: it.name,
            description: `${it.name} (demo)`,
            upc: it.upc,
            category: it.category,
            weightLbs: new Prisma.Decimal(it.weight),
            defaultBinId: bins[it.bin],
            reorderPoint: 5,
            reorderQty: 20,
            ...(it.aliases ? { barcodeAliases: it.aliases } : {}),
          },
        });
        items[it.sku] = item.itemId;
      }

      await tx.preferredBin.create({
        data: { itemId: items['TST-001']!, binId: bins['A-01-01']!, priority: 1, notes: 'primary pick face' },
      });

      const stock: Array<[sku: string, bin: string, qty: number]> = [
        ['TST-001', 'A-01-01', 50],
        ['TST-001', 'PS-01', 15],
        ['TST-002', 'A-01-02', 30],
        ['TST-003', 'A-01-03', 20],
        ['TST-004', 'A-02-01', 10],
        ['TST-005', 'A-02-02', 100],
        ['TST-006', 'STAGE-01', 12],
      ];
      await tx.inventory.createMany({
        data: stock.map(([sku, bin, qty]) => ({
          itemId: items[sku]!,
          binId: bins[bin]!,
          warehouseId,
          quantityOnHand: qty,
        })),
      });

      await tx.purchaseOrder.create({
        data: {
          poNumber: 'PO-1001',
          poBarcode: 'PO-1001',
          vendorName: 'Acme Supply Co.',
          status: 'OPEN',
          warehouseId,
          createdBy: 'seed',
          lines: {
            create: [
              { itemId: items['TST-001']!, quantityOrdered: 24, unitCost: new Prisma.Decimal('3.5000'), lineNumber: 1 },
              { itemId: items['TST-006']!, quantityOrdered: 10, unitCost: new Prisma.Decimal('1.2500'), lineNumber: 2 },
            ],
          },
        },
      });

      await tx.salesOrder.create({
        data: {
          soNumber: 'SO-1001',
          soBarcode: 'SO-1001',
          customerName: 'Jane Customer',
          customerPhone: '555-0100',
          shipAddress: '10 Main St, Springfield',
          shipMethod: 'GROUND',
          status: 'OPEN',
          warehouseId,
          createdBy: 'seed',
          lines: {
            create: [
              { itemId: items['TST-001']!, quantityOrdered: 2, lineNumber: 1 },
              { itemId: items['TST-002']!, quantityOrdered: 1, lineNumber: 2 },
            ],
          },
        },
      });
      await tx.salesOrder.create({
        data: {
          soNumber: 'SO-1002',
          soBarcode: 'SO-1002',
          customerName: 'John Buyer',
          customerPhone: '555-0101',
          shipAddress: '20 Oak Ave, Shelbyville',
          shipMethod: 'EXPRESS',
          priority: 5,
          status: 'OPEN',
          warehouseId,
          createdBy: 'seed',
          lines: {
            create: [
              { itemId: items['TST-003']!, quantityOrdered: 3, lineNumber: 1 },
              { itemId: items['TST-004']!, quantityOrdered: 1, lineNumber: 2 },
            ],
          },
        },
      });
    });
  } catch (err) {
    // a concurrent seeder won the race (warehouse_code is unique)
    if (isUniqueViolation(err)) return { seeded: false };
    throw err;
  }
  return { seeded: true };
}

/**
 * Creates the first ADMIN (bcrypt, cost 10) when no user with role ADMIN exists.
 * Returns whether a user was created.
 */
export async function ensureAdminUser(
  prisma: PrismaClient,
  input: { username: string; password: string; fullName?: string },
): Promise<boolean> {
  if ((await prisma.user.count({ where: { role: 'ADMIN' } })) > 0) return false;
  const passwordHash = await bcrypt.hash(input.password, 10);
  try {
    await prisma.user.create({
      data: {
        username: input.username,
        passwordHash,
        fullName: input.fullName ?? 'Administrator',
        role: 'ADMIN',
        warehouseIds: [],
        allowedFunctions: [],
      },
    });
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
  return true;
}
