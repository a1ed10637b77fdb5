import type { AppServices } from '../../src/app';

/** Seeded ids by code/sku (the demo data set of startTestServer({ seed: true })). */
export async function seedIds(app: AppServices) {
  const items = await app.prisma.item.findMany({ select: { itemId: true, sku: true } });
  const bins = await app.prisma.bin.findMany({ select: { binId: true, binCode: true } });
  const wh = await app.prisma.warehouse.findFirstOrThrow({ select: { warehouseId: true } });
  return {
    warehouseId: wh.warehouseId,
    item: (sku: string) => items.find((i) => i.sku === sku)!.itemId,
    bin: (code: string) => bins.find((b) => b.binCode === code)!.binId,
  };
}

/**
 * Puts an SO in PICKING the way create-batch does (spec 30 §1.3): for each task, inventory allocated +=
 * qty, line allocated += qty, one PENDING task. Returns the batch id.
 */
export async function allocateForPicking(
  app: AppServices,
  soId: number,
  tasks: { soLineId: number; itemId: number; binId: number; quantity: number; status?: string }[],
) {
  const so = await app.prisma.salesOrder.findUniqueOrThrow({ where: { soId } });
  const batch = await app.prisma.pickBatch.create({
    data: { batchNumber: `BATCH-T-${soId}-${Date.now()}`, warehouseId: so.warehouseId, status: 'OPEN', assignedTo: 'admin' },
  });
  await app.prisma.pickBatchOrder.create({ data: { batchId: batch.batchId, soId, toteNumber: 'TOTE-1' } });
  for (const t of tasks) {
    await app.prisma.inventory.updateMany({
      where: { itemId: t.itemId, binId: t.binId },
      data: { quantityAllocated: { increment: t.quantity } },
    });
    await app.prisma.salesOrderLine.update({ where: { soLineId: t.soLineId }, data: { quantityAllocated: { increment: t.quantity } } });
    await app.prisma.pickTask.create({
      data: {
        batchId: batch.batchId, soId, soLineId: t.soLineId, itemId: t.itemId, binId: t.binId,
        quantityToPick: t.quantity, status: t.status ?? 'PENDING', toteNumber: 'TOTE-1',
      },
    });
  }
  await app.prisma.salesOrder.update({ where: { soId }, data: { status: 'PICKING' } });
  return batch.batchId;
}

export const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?\+00:00$/;
