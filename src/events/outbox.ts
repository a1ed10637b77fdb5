import { Prisma } from '../db';
import type { Tx } from '../db/tx';

/** What moved, for live dashboards. Topics are `<area>.<what>`, e.g. `receiving.received`. */
export interface DomainEvent {
  topic: string;
  warehouseId: number | null;
  payload: Record<string, unknown>;
}

/**
 * Records events in a transaction of the caller's (tests and tools; services add theirs through the journal of
 * withTransaction, written last). Subscribers only ever see committed events and replay missed ones by event id.
 */
export async function recordEvents(tx: Tx, ...events: DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.$executeRaw`${outboxInsert(events)}`;
}

/** One raw INSERT of the events (what the ORM's createMany sent); created_at from the application clock like @default(now()). */
export function outboxInsert(events: DomainEvent[], createdAt = new Date()): Prisma.Sql {
  return Prisma.sql`INSERT INTO event_outbox (topic, warehouse_id, payload, created_at) VALUES ${Prisma.join(outboxRows(events, createdAt))}`;
}

/** The events as typed VALUES rows (topic, warehouse_id, payload, created_at). */
export function outboxRows(events: DomainEvent[], createdAt: Date): Prisma.Sql[] {
  return events.map((e) => Prisma.sql`(${e.topic}::text, ${e.warehouseId}::int, ${JSON.stringify(e.payload)}::jsonb, ${createdAt}::timestamptz)`);
}
