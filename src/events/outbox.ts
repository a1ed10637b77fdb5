import { Prisma } from '../db';
import type { Tx } from '../db/tx';

/** What moved, for live dashboards. Topics are `<area>.<what>`, e.g. `receiving.received`. */
export interface DomainEvent {
  topic: string;
  warehouseId: number | null;
  payload: Record<string, unknown>;
}

/**
 * Records events in the same transaction as the change (the outbox), so subscribers only ever see
 * committed work and a reconnecting client can replay what it missed by event id.
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
