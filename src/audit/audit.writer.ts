import type { Tx } from '../db/tx';

export interface AuditEntry {
  actionType: string;
  entityType: string;
  entityId: number;
  /** A username, or (where the legacy server did so) a numeric user id as text. */
  userId: string;
  warehouseId: number | null;
  details: Record<string, unknown>;
}

/**
 * Appends audit rows inside the caller's transaction (spec 00 §7). The database chains their hashes
 * and refuses UPDATE/DELETE, so what is written here cannot be changed afterwards.
 */
export async function writeAudit(tx: Tx, ...entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.auditLog.createMany({
    data: entries.map((e) => ({
      actionType: e.actionType,
      entityType: e.entityType,
      entityId: e.entityId,
      userId: e.userId,
      warehouseId: e.warehouseId,
      details: e.details as object,
    })),
  });
}
