// openDatabase() without DATABASE_URL: embedded PGlite persisted under dataDir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import { Prisma } from '../../src/db/index';
import { DEFAULT_SETTINGS, ensureAdminUser, seedDemoData } from '../../src/db/seed';

const dataDir = mkdtempSync(join(tmpdir(), 'wms-pglite-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('openDatabase on PGlite', () => {
  it('migrates, seeds, supports transactions/row locks/audit chain, and persists across reopen', async () => {
    const db = await openDatabase({ dataDir });
    let stage1Id: number;
    try {
      expect(db.kind).toBe('pglite');
      expect(await seedDemoData(db.prisma)).toEqual({ seeded: true });
      expect(await seedDemoData(db.prisma)).toEqual({ seeded: false });
      expect(await ensureAdminUser(db.prisma, { username: 'admin', password: 'pw-123456' })).toBe(true);
      expect(await ensureAdminUser(db.prisma, { username: 'admin2', password: 'x' })).toBe(false);

      const settings = await db.prisma.appSetting.findMany();
      expect(Object.fromEntries(settings.map((s) => [s.key, s.value]))).toEqual(DEFAULT_SETTINGS);
      const stage = await db.prisma.bin.findFirstOrThrow({ where: { binCode: 'STAGE-01' } });
      stage1Id = stage.binId;
      expect(stage).toMatchObject({ binId: 1, binBarcode: 'BIN-STAGE-01', binType: 'Staging' });
      const item = await db.prisma.item.findUniqueOrThrow({ where: { sku: 'TST-001' }, include: { inventory: true, defaultBin: true } });
      expect(item.barcodeAliases).toEqual(['ALIAS-TST-001', '0012345678905']);
      expect(item.weightLbs).toBeInstanceOf(Prisma.Decimal);
      expect(item.defaultBin?.binCode).toBe('A-01-01');
      const po = await db.prisma.purchaseOrder.findUniqueOrThrow({ where: { poNumber: 'PO-1001' }, include: { lines: true } });
      expect(po.status).toBe('OPEN');
      expect(po.lines).toHaveLength(2);
      expect(await db.prisma.salesOrder.count({ where: { status: 'OPEN' } })).toBe(2);

      const inv = item.inventory.find((r) => r.binId === item.defaultBinId)!;
      const updated = await db.prisma.$transaction(async (tx) => {
        const rows = await tx.$queryRaw<Array<{ inventory_id: number }>>`
          SELECT inventory_id FROM inventory WHERE inventory_id = ${inv.inventoryId} FOR UPDATE`;
        await tx.auditLog.create({ data: { actionType: 'ADJUST', entityType: 'ITEM', entityId: item.itemId, details: { q: -5 } } });
        return tx.inventory.update({ where: { inventoryId: rows[0]!.inventory_id }, data: { quantityOnHand: { decrement: 5 } } });
      });
      expect(updated.quantityOnHand).toBe(inv.quantityOnHand - 5);
      await expect(
        db.prisma.inventory.update({ where: { inventoryId: inv.inventoryId }, data: { quantityOnHand: -1 } }),
      ).rejects.toThrow();
      await expect(db.sql.exec(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
      // the embedded database seals by position too: every committed row once
      expect(Number((await db.sql.query('SELECT audit_log_seal() AS n')).rows[0].n)).toBeGreaterThan(0);
      expect(Number((await db.sql.query('SELECT audit_log_seal() AS n')).rows[0].n)).toBe(0);
      expect((await db.sql.query('SELECT count(*)::int AS n FROM audit_log_unsealed()')).rows[0].n).toBe(0);
      expect((await db.sql.query('SELECT count(*)::int AS n, count(DISTINCT log_id)::int AS d FROM audit_chain')).rows[0]).toEqual({
        n: await db.prisma.auditLog.count(),
        d: await db.prisma.auditLog.count(),
      });
      await expect(db.sql.exec(`DELETE FROM audit_chain`)).rejects.toThrow(/append-only/);
      expect((await db.sql.query('SELECT audit_log_verify_chain() AS v')).rows[0].v).toBeNull();
    } finally {
      await db.close();
    }

    const again = await openDatabase({ dataDir });
    try {
      expect(await again.prisma.warehouse.count()).toBe(1);
      expect((await again.prisma.bin.findUniqueOrThrow({ where: { binId: stage1Id } })).binCode).toBe('STAGE-01');
      expect(await again.prisma.auditLog.count()).toBe(1);
      expect((await again.prisma.user.findUniqueOrThrow({ where: { username: 'admin' } })).role).toBe('ADMIN');
    } finally {
      await again.close();
    }
  }, 60_000);
});
