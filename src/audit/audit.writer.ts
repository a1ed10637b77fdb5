import { Prisma } from '../db';
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
  // One raw INSERT (what the ORM's createMany sent, without its per-call cost); created_at from the
  // application clock like Prisma's @default(now()).
  const createdAt = new Date();
  const rows = entries.map(
    (e) =>
      Prisma.sql`(${e.actionType}, ${e.entityType}, ${e.entityId}, ${e.userId}, ${e.warehouseId}, ${JSON.stringify(e.details)}::jsonb, ${createdAt}::timestamptz)`,
  );
  await tx.$executeRaw`
    INSERT INTO audit_log (action_type, entity_type, entity_id, user_id, warehouse_id, details, created_at)
    VALUES ${Prisma.join(rows)}`;
}
