import { Prisma } from '../db';
import type { Tx } from '../db/tx';
import { outboxInsert, type DomainEvent } from '../events/outbox';
import { FINAL_STATEMENT } from '../db/pg-client';

const FINAL_MARK = Prisma.raw(FINAL_STATEMENT);
/** The transaction's last statement: on PostgreSQL its COMMIT goes out with it (src/db/pg-client.ts). */
const final = (sql: Prisma.Sql) => Prisma.sql`${FINAL_MARK} ${sql}`;

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
 * Writes a transaction's journal (src/db/tx.ts, its only caller): the `changes` (data-modifying statements, in
 * order), the outbox events, then the audit rows (spec 00 §7), in one statement when there are events and audit
 * rows. Every change and the outbox insert are CTEs that RETURN one row per row changed, read by the audit
 * INSERT's one-time filter, so they have all run to completion before the first audit row is inserted. The rows
 * arrive unsealed; the sealer (audit.sealer.ts) chains them after commit, and the database refuses UPDATE/DELETE.
 * The last statement is marked final: withTransaction sends nothing after it but COMMIT.
 */
export async function writeJournal(tx: Tx, changes: Prisma.Sql[], events: DomainEvent[], audits: AuditEntry[]): Promise<void> {
  const createdAt = new Date();
  const auditRows = audits.map(
    (e) =>
      Prisma.sql`(${e.actionType}::text, ${e.entityType}::text, ${e.entityId}::int, ${e.userId}::text, ${e.warehouseId}::int, ${JSON.stringify(e.details)}::jsonb, ${createdAt}::timestamptz)`,
  );
  if (audits.length === 0 || events.length === 0) {
    const statements = [...changes];
    if (events.length > 0) statements.push(outboxInsert(events));
    if (audits.length > 0) {
      statements.push(Prisma.sql`
        INSERT INTO audit_log (action_type, entity_type, entity_id, user_id, warehouse_id, details, created_at)
        VALUES ${Prisma.join(auditRows)}`);
    }
    for (const [i, sql] of statements.entries()) await tx.$executeRaw`${i === statements.length - 1 ? final(sql) : sql}`;
    return;
  }
  const eventRows = events.map((e) => Prisma.sql`(${e.topic}, ${e.warehouseId}, ${JSON.stringify(e.payload)}::jsonb, ${createdAt}::timestamptz)`);
  const ctes = [
    ...changes.map((sql, i) => Prisma.sql`${Prisma.raw(`b${i}`)} AS (${sql} RETURNING 1)`),
    Prisma.sql`e AS (INSERT INTO event_outbox (topic, warehouse_id, payload, created_at) VALUES ${Prisma.join(eventRows)} RETURNING 1)`,
  ];
  const reads = Prisma.raw([...changes.map((_, i) => `(SELECT count(*) FROM b${i})`), '(SELECT count(*) FROM e)'].join(' + '));
  await tx.$executeRaw`${FINAL_MARK}
    WITH ${Prisma.join(ctes)}
    INSERT INTO audit_log (action_type, entity_type, entity_id, user_id, warehouse_id, details, created_at)
    SELECT v.* FROM (VALUES ${Prisma.join(auditRows)}) AS v(action_type, entity_type, entity_id, user_id, warehouse_id, details, created_at)
    WHERE ${reads} >= 0`;
}
