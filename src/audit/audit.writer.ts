import { Prisma } from '../db';
import type { SqlTx } from '../db/tx';
import { outboxInsert, outboxRows, type DomainEvent } from '../events/outbox';
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
 * Writes a transaction's journal (src/db/tx.ts, its only caller) as the transaction's last statement: the
 * `changes` (data-modifying statements), the outbox events, then the audit rows (spec 00 §7). With events or
 * audit rows it is one statement: every change (and the outbox insert, before audit rows) is a CTE that RETURNS
 * one row per row changed, read by the last INSERT's one-time filter, so they have all run to completion before
 * the first audit row (or, without audit rows, outbox row) is inserted. The changes of one statement see the
 * same snapshot: they must not touch the same rows. Changes alone run one after the other. The rows arrive
 * unsealed; the sealer (audit.sealer.ts) chains them after commit, and the database refuses UPDATE/DELETE. The
 * last statement is marked final: on PostgreSQL its COMMIT goes out with it.
 */
export async function writeJournal(tx: SqlTx, changes: Prisma.Sql[], events: DomainEvent[], audits: AuditEntry[]): Promise<void> {
  if (audits.length === 0 && events.length === 0) {
    for (const [i, sql] of changes.entries()) await tx.$executeRaw`${i === changes.length - 1 ? final(sql) : sql}`;
    return;
  }
  const createdAt = new Date();
  const ctes = changes.map((sql, i) => Prisma.sql`${Prisma.raw(`b${i}`)} AS (${sql} RETURNING 1)`);
  const reads = changes.map((_, i) => `(SELECT count(*) FROM b${i})`);
  let last: Prisma.Sql;
  if (audits.length > 0) {
    if (events.length > 0) {
      ctes.push(Prisma.sql`e AS (${outboxInsert(events, createdAt)} RETURNING 1)`);
      reads.push('(SELECT count(*) FROM e)');
    }
    const rows = audits.map(
      (e) =>
        Prisma.sql`(${e.actionType}::text, ${e.entityType}::text, ${e.entityId}::int, ${e.userId}::text, ${e.warehouseId}::int, ${JSON.stringify(e.details)}::jsonb, ${createdAt}::timestamptz)`,
    );
    last = Prisma.sql`
      INSERT INTO audit_log (action_type, entity_type, entity_id, user_id, warehouse_id, details, created_at)
      SELECT v.* FROM (VALUES ${Prisma.join(rows)}) AS v(action_type, entity_type, entity_id, user_id, warehouse_id, details, created_at)`;
  } else {
    last = Prisma.sql`
      INSERT INTO event_outbox (topic, warehouse_id, payload, created_at)
      SELECT v.* FROM (VALUES ${Prisma.join(outboxRows(events, createdAt))}) AS v(topic, warehouse_id, payload, created_at)`;
  }
  if (ctes.length === 0) return void (await tx.$executeRaw`${final(last)}`);
  await tx.$executeRaw`${FINAL_MARK}
    WITH ${Prisma.join(ctes)}
    ${last}
    WHERE ${Prisma.raw(reads.join(' + '))} >= 0`;
}
