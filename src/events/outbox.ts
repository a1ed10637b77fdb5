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
  await tx.eventOutbox.createMany({
    data: events.map((e) => ({ topic: e.topic, warehouseId: e.warehouseId, payload: e.payload as object })),
  });
}
