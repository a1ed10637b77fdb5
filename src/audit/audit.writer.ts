import { Prisma } from '../db';
import type { Tx } from '../db/tx';
import { recordEvents, type DomainEvent } from '../events/outbox';

export interface AuditEntry {
  actionType: string;
  entityType: string;
  entityId: number;
  /** The acting user's username. */
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

/**
 * `before` (data-modifying statements, in order), then `recordEvents(tx, ...events)`, then `writeAudit(tx, ...audits)`,
 * in one statement: every `before` statement and the outbox insert are CTEs that RETURN one row per row changed,
 * read by the main INSERT's one-time filter, so they have all run to completion before the first audit row —
 * whose trigger takes the audit chain's database-wide lock — is inserted (the audit rows stay last).
 */
export async function recordEventsAndAudit(tx: Tx, events: DomainEvent[], audits: AuditEntry[], before: Prisma.Sql[] = []): Promise<void> {
  if (events.length === 0 || audits.length === 0) {
    for (const sql of before) await tx.$executeRaw`${sql}`;
    await recordEvents(tx, ...events);
    await writeAudit(tx, ...audits);
    return;
  }
  const createdAt = new Date();
  const eventRows = events.map((e) => Prisma.sql`(${e.topic}, ${e.warehouseId}, ${JSON.stringify(e.payload)}::jsonb, ${createdAt}::timestamptz)`);
  const auditRows = audits.map(
    (e) =>
      Prisma.sql`(${e.actionType}::text, ${e.entityType}::text, ${e.entityId}::int, ${e.userId}::text, ${e.warehouseId}::int, ${JSON.stringify(e.details)}::jsonb, ${createdAt}::timestamptz)`,
  );
  const ctes = [
    ...before.map((sql, i) => Prisma.sql`${Prisma.raw(`b${i}`)} AS (${sql} RETURNING 1)`),
    Prisma.sql`e AS (INSERT INTO event_outbox (topic, warehouse_id, payload, created_at) VALUES ${Prisma.join(eventRows)} RETURNING 1)`,
  ];
  const reads = Prisma.raw([...before.map((_, i) => `(SELECT count(*) FROM b${i})`), '(SELECT count(*) FROM e)'].join(' + '));
  await tx.$executeRaw`
    WITH ${Prisma.join(ctes)}
    INSERT INTO audit_log (action_type, entity_type, entity_id, user_id, warehouse_id, details, created_at)
    SELECT v.* FROM (VALUES ${Prisma.join(auditRows)}) AS v(action_type, entity_type, entity_id, user_id, warehouse_id, details, created_at)
    WHERE ${reads} >= 0`;
}
