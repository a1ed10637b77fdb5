/** Short-pick report from the audit log (spec 70 §9). */
import type { AuthedContext } from '../context';

const DAY_MS = 86_400_000;

export async function listShortPicks(ctx: AuthedContext, days: number, warehouseId: number | undefined) {
  const db = ctx.app.prisma;
  // Bounded so that absurd values stay a valid date instead of failing.
  const span = Math.max(-36_500, Math.min(36_500, days));
  const rows = await db.auditLog.findMany({
    where: {
      actionType: 'PICK',
      details: { path: ['type'], equals: 'SHORT_PICK' },
      createdAt: { gte: new Date(Date.now() - span * DAY_MS) },
      ...(warehouseId ? { warehouseId } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { logId: 'desc' }],
    take: 100,
  });
  const detailsOf = (r: (typeof rows)[number]) => (r.details ?? {}) as Record<string, unknown>;
  const asInt = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : null);
  const binIds = [...new Set(rows.map((r) => asInt(detailsOf(r).bin_id)).filter((v): v is number => v !== null))];
  const bins = binIds.length ? await db.bin.findMany({ where: { binId: { in: binIds } }, select: { binId: true, binCode: true } }) : [];
  const binCodes = new Map(bins.map((b) => [b.binId, b.binCode]));
  const shortPicks = rows.map((r) => {
    const d = detailsOf(r);
    const binId = asInt(d.bin_id);
    return {
      logId: Number(r.logId),
      user: r.userId,
      sku: typeof d.sku === 'string' ? d.sku : null,
      qtyExpected: asInt(d.quantity_to_pick),
      qtyPicked: asInt(d.quantity_picked),
      shortage: asInt(d.shortage),
      binCode: binId === null ? null : (binCodes.get(binId) ?? null),
      batchId: d.batch_id === undefined || d.batch_id === null ? null : String(d.batch_id),
      timestamp: r.createdAt,
    };
  });
  return { shortPicks, total: shortPicks.length };
}
