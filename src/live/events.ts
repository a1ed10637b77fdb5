// The typed live event stream and its reads from the outbox (event_outbox, see src/events/outbox.ts).
//
// Order: outbox ids come from a sequence, so concurrent transactions may commit them out of order (id 5 can be
// visible before id 4). The stream is therefore ordered by (tx_id, id) and a reader only goes up to the horizon
// `pg_snapshot_xmin(pg_current_snapshot())`: every transaction below it has finished, so no row can ever appear
// below the horizon again. Reading "after position P, below the horizon" is final and gap-free; a client resumes
// with the plain id of the last event it saw (afterId), which the server maps back to its position.
import type { SqlRunner } from '../db';
import { badRequest } from '../errors';

/** Topics the modules record (src/events/outbox.ts callers); other strings may appear as modules grow. */
export type LiveTopic =
  | 'receiving.received'
  | 'putaway.confirmed'
  | 'picking.batch_created'
  | 'picking.task_picked'
  | 'picking.task_shorted'
  | 'picking.batch_completed'
  | 'picking.batch_cancelled'
  | 'packing.verified'
  | 'packing.completed'
  | 'shipping.fulfilled'
  | 'inventory.counted'
  | 'inventory.adjusted'
  | 'inventory.moved'
  | 'inventory.transferred'
  | (string & {});

/** One committed outbox row, as subscribers receive it. ids are bigint in the database, strings here. */
export interface LiveEvent {
  id: string;
  /** Writing transaction; with `id` the event's position in the stream. */
  txId: string;
  topic: LiveTopic;
  warehouseId: number | null;
  payload: Record<string, unknown>;
  createdAt: string;
}

export interface Position {
  tx: bigint;
  id: bigint;
}

export const START: Position = { tx: 0n, id: 0n };

export const positionOf = (e: LiveEvent): Position => ({ tx: BigInt(e.txId), id: BigInt(e.id) });

export function comparePositions(a: Position, b: Position): number {
  if (a.tx !== b.tx) return a.tx < b.tx ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

/** Which warehouses' events a reader wants: null = every event (admins without a warehouse filter). */
export type WarehouseFilter = number[] | null;

export function matchesFilter(e: LiveEvent, filter: WarehouseFilter): boolean {
  return filter === null || (e.warehouseId !== null && filter.includes(e.warehouseId));
}

const HORIZON = `(pg_snapshot_xmin(pg_current_snapshot())::text)::bigint`;

interface Row {
  id: string;
  tx_id: string;
  topic: string;
  warehouse_id: number | null;
  payload: unknown;
  created_at: Date | string;
}

function toEvent(r: Row): LiveEvent {
  const payload = typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload;
  return {
    id: String(r.id),
    txId: String(r.tx_id),
    topic: r.topic,
    warehouseId: r.warehouse_id === null ? null : Number(r.warehouse_id),
    payload: (payload ?? {}) as Record<string, unknown>,
    createdAt: r.created_at instanceof Date ? r.created_at.toISOString() : new Date(r.created_at).toISOString(),
  };
}

/** Final events after `after`, in stream order (at most `limit`). */
export async function readAfter(sql: SqlRunner, after: Position, filter: WarehouseFilter, limit: number): Promise<LiveEvent[]> {
  const params: unknown[] = [after.tx.toString(), after.id.toString(), limit];
  let where = '';
  if (filter !== null) {
    params.push(filter);
    where = `AND o.warehouse_id = ANY($4::int[])`;
  }
  const { rows } = await sql.query<Row>(
    // ORDER BY the table's columns: a bare `tx_id, id` would name the text columns of the select list
    `SELECT o.id::text AS id, o.tx_id::text AS tx_id, o.topic, o.warehouse_id, o.payload, o.created_at
       FROM event_outbox o
      WHERE (o.tx_id, o.id) > ($1::bigint, $2::bigint) AND o.tx_id < ${HORIZON} ${where}
      ORDER BY o.tx_id, o.id
      LIMIT $3`,
    params,
  );
  return rows.map(toEvent);
}

/**
 * The relay's read: final events after `after` in stream order (at most `limit`), the horizon the read used
 * (every transaction with a smaller id had ended; see relay.ts for why the relay needs it), and whether committed
 * events wait at or past the horizon (held back behind an older transaction still open).
 */
export async function readFinal(sql: SqlRunner, after: Position, limit: number): Promise<{ events: LiveEvent[]; horizon: bigint; heldBack: boolean }> {
  // held_back from max(tx_id), one index probe: an EXISTS over `tx_id >= horizon` was planned as a scan of the
  // whole outbox (the horizon is unknown when planning), on every poll
  const { rows } = await sql.query<{ horizon: string; held_back: boolean } & ({ id: null } | Row)>(
    `WITH x AS MATERIALIZED (SELECT ${HORIZON} AS horizon),
          h AS MATERIALIZED (SELECT horizon, coalesce((SELECT max(tx_id) FROM event_outbox) >= x.horizon, false) AS held_back FROM x)
     SELECT h.horizon::text AS horizon, h.held_back, e.*
       FROM h
       LEFT JOIN LATERAL (
         SELECT o.id::text AS id, o.tx_id::text AS tx_id, o.topic, o.warehouse_id, o.payload, o.created_at
           FROM event_outbox o
          WHERE (o.tx_id, o.id) > ($1::bigint, $2::bigint) AND o.tx_id < h.horizon
          ORDER BY o.tx_id, o.id
          LIMIT $3) e ON true`,
    [after.tx.toString(), after.id.toString(), limit],
  );
  return {
    events: rows.filter((r): r is { horizon: string; held_back: boolean } & Row => r.id !== null).map(toEvent),
    horizon: BigInt(rows[0].horizon),
    heldBack: rows[0].held_back,
  };
}

/** The position of the last final event (START on an empty outbox): where a fresh relay begins. */
export async function tailPosition(sql: SqlRunner): Promise<Position> {
  const { rows } = await sql.query<{ tx_id: string; id: string }>(
    `SELECT o.tx_id::text AS tx_id, o.id::text AS id FROM event_outbox o WHERE o.tx_id < ${HORIZON} ORDER BY o.tx_id DESC, o.id DESC LIMIT 1`,
  );
  return rows[0] ? { tx: BigInt(rows[0].tx_id), id: BigInt(rows[0].id) } : START;
}

/**
 * Deletes events older than `olderThanHours` that the relay has already published (below `published`), in batches
 * of `batch` rows so no statement holds many row locks for long. Returns how many went. A client resuming from a
 * deleted id gets "Unknown event id (afterId)" and starts again from a fresh snapshot.
 */
export async function purgeOutbox(sql: SqlRunner, olderThanHours: number, published: Position, batch = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const { rows } = await sql.query<{ n: string }>(
      `WITH gone AS (
         DELETE FROM event_outbox
          WHERE id IN (SELECT id FROM event_outbox
                        WHERE created_at < now() - make_interval(hours => $1::int)
                          AND (tx_id, id) <= ($2::bigint, $3::bigint)
                        ORDER BY id LIMIT $4)
         RETURNING 1)
       SELECT count(*)::text AS n FROM gone`,
      [olderThanHours, published.tx.toString(), published.id.toString(), batch],
    );
    const n = Number(rows[0]?.n ?? 0);
    total += n;
    if (n < batch) return total;
  }
}

/** Maps a client's afterId (the id of the last event it saw; "0" = from the beginning) to a stream position. */
export async function resumePosition(sql: SqlRunner, afterId: string, what: 'afterId' | 'Last-Event-ID' = 'afterId'): Promise<Position> {
  if (!/^\d{1,19}$/.test(afterId)) throw badRequest(`${what} must be an event id`);
  if (BigInt(afterId) === 0n) return START;
  const { rows } = await sql.query<{ tx_id: string }>(`SELECT tx_id::text AS tx_id FROM event_outbox WHERE id = $1::bigint`, [afterId]);
  if (!rows[0]) throw badRequest(`Unknown event id (${what})`);
  return { tx: BigInt(rows[0].tx_id), id: BigInt(afterId) };
}

export const encodePosition = (p: Position) => `${p.tx}:${p.id}`;
export function decodePosition(s: string | null): Position | null {
  const m = s ? /^(\d+):(\d+)$/.exec(s) : null;
  return m ? { tx: BigInt(m[1]), id: BigInt(m[2]) } : null;
}
