/** GET /admin/dashboard (spec 70 §12): W = filtered by the warehouse when given, G = always global. */
import type { AuthedContext } from '../../context';
import { Prisma } from '../../db';
import { isPackingRequired } from '../../settings/settings.service';

export interface RecentActivity {
  logId: number;
  actionType: string;
  entityType: string | null;
  entityId: number | null;
  user: string | null;
  /** The audit details as recorded. */
  details: unknown;
  createdAt: Date;
}

export interface Dashboard {
  openPos: number;
  pendingReceipts: number;
  itemsAwaitingPutaway: number;
  openSos: number;
  ordersReadyToPick: number;
  ordersInPicking: number;
  /** null when packing is not required (the legacy omitted the key). */
  readyToPack: number | null;
  ordersPacked: number | null;
  readyToShip: number;
  requirePacking: boolean;
  totalSkus: number;
  totalBins: number;
  lowStockItems: number;
  shortPicks7d: number;
  pendingAdjustments: number;
  recentActivity: RecentActivity[];
}

const num = (v: bigint | number | null | undefined) => Number(v ?? 0);

/** Reads only the database: the live dashboard feed computes the same figures outside any request. */
export async function dashboard(ctx: Pick<AuthedContext, 'app'>, warehouseId?: number | null): Promise<Dashboard> {
  const db = ctx.app.prisma;
  const wid = warehouseId && warehouseId > 0 && warehouseId <= 2147483647 ? warehouseId : undefined;
  const w = wid ? { warehouseId: wid } : {};
  const inWarehouse = (column: string) => (wid ? Prisma.sql`AND ${Prisma.raw(column)} = ${wid}` : Prisma.empty);

  const soCount = (status: string) => db.salesOrder.count({ where: { ...w, status } });
  const [
    requirePacking,
    openPos,
    pendingReceipts,
    awaitingPutaway,
    openSos,
    inPicking,
    picked,
    packed,
    totalSkus,
    totalBins,
    lowStock,
    shortPicks,
    pendingAdjustments,
    recent,
  ] = await Promise.all([
    isPackingRequired(db),
    db.purchaseOrder.count({ where: { ...w, status: { in: ['OPEN', 'PARTIAL'] } } }),
    db.$queryRaw<{ n: bigint | null }[]>`
      SELECT SUM(l.quantity_ordered - l.quantity_received) AS n
      FROM purchase_order_lines l JOIN purchase_orders p ON p.po_id = l.po_id
      WHERE p.status IN ('OPEN', 'PARTIAL') ${inWarehouse('p.warehouse_id')}`,
    db.$queryRaw<{ n: bigint | null }[]>`
      SELECT SUM(i.quantity_on_hand) AS n
      FROM inventory i JOIN bins b ON b.bin_id = i.bin_id
      WHERE b.bin_type = 'Staging' ${inWarehouse('i.warehouse_id')}`,
    soCount('OPEN'),
    soCount('PICKING'),
    soCount('PICKED'),
    soCount('PACKED'),
    db.item.count({ where: { isActive: true } }),
    db.bin.count({ where: { ...w, isActive: true } }),
    db.$queryRaw<{ n: bigint }[]>`
      SELECT COUNT(*) AS n FROM items it
      WHERE it.is_active = true AND it.reorder_point > 0
        AND COALESCE((SELECT SUM(inv.quantity_on_hand) FROM inventory inv WHERE inv.item_id = it.item_id), 0) <= it.reorder_point`,
    db.$queryRaw<{ n: bigint }[]>`
      SELECT COUNT(*) AS n FROM audit_log a
      WHERE a.action_type = 'PICK' AND a.details->>'type' = 'SHORT_PICK'
        AND a.created_at >= now() - interval '7 days' ${inWarehouse('a.warehouse_id')}`,
    db.inventoryAdjustment.count({ where: { status: 'PENDING' } }),
    db.auditLog.findMany({
      where: w,
      orderBy: [{ createdAt: 'desc' }, { logId: 'desc' }],
      take: 10,
      select: { logId: true, actionType: true, entityType: true, entityId: true, userId: true, details: true, createdAt: true },
    }),
  ]);

  return {
    openPos,
    pendingReceipts: num(pendingReceipts[0]?.n),
    itemsAwaitingPutaway: num(awaitingPutaway[0]?.n),
    openSos,
    ordersReadyToPick: openSos,
    ordersInPicking: inPicking,
    readyToPack: requirePacking ? picked : null,
    ordersPacked: requirePacking ? packed : null,
    readyToShip: requirePacking ? packed : picked + packed,
    requirePacking,
    totalSkus,
    totalBins,
    lowStockItems: num(lowStock[0]?.n),
    shortPicks7d: num(shortPicks[0]?.n),
    pendingAdjustments,
    recentActivity: recent.map((r) => ({
      logId: Number(r.logId),
      actionType: r.actionType,
      entityType: r.entityType,
      entityId: r.entityId,
      user: r.userId,
      details: r.details ?? null,
      createdAt: r.createdAt,
    })),
  };
}
