/**
 * Sync state machine (spec 80 §8): one row per (connector, warehouse, sync_type), idle / running / error.
 * Every transition is one SQL statement, so concurrent triggers and workers cannot both start a run.
 * A claim returns a token (the row's updated_at in microseconds) that the job carries, so the worker can
 * tell its own claim from another run's.
 */
import type { PrismaClient } from '../db';

export const SYNC_TYPES = ['orders', 'items', 'inventory', 'fulfillment'] as const;
export type SyncType = (typeof SYNC_TYPES)[number];

/** Consecutive failures at which the state shows `error` instead of `idle`. */
export const ERROR_THRESHOLD = 3;
const MAX_ERROR_MESSAGE = 2000;

export interface SyncKey {
  connectorName: string;
  warehouseId: number;
  syncType: SyncType;
}

export interface SyncStateRow {
  connectorName: string;
  warehouseId: number;
  syncType: string;
  syncStatus: string;
  lastSyncedAt: Date | null;
  lastSuccessAt: Date | null;
  lastErrorAt: Date | null;
  lastErrorMessage: string | null;
  consecutiveErrors: number;
}

export type ClaimResult = { claimed: true; token: string } | { claimed: false; reason: 'running' | 'no_warehouse' };

/**
 * Starts a run: creates the row as `running`, or flips it to `running` unless it already is (a `running`
 * row older than `staleAfterMs` counts as a crashed run and is taken over).
 */
export async function claimRun(prisma: PrismaClient, k: SyncKey, staleAfterMs: number): Promise<ClaimResult> {
  const rows = await prisma.$queryRaw<{ token: string }[]>`
    INSERT INTO sync_state (connector_name, warehouse_id, sync_type, sync_status, created_at, updated_at)
    SELECT ${k.connectorName}, w.warehouse_id, ${k.syncType}, 'running', now(), now()
      FROM warehouses w WHERE w.warehouse_id = ${k.warehouseId}
    ON CONFLICT (connector_name, warehouse_id, sync_type) DO UPDATE
      SET sync_status = 'running', updated_at = now()
      WHERE sync_state.sync_status <> 'running'
         OR sync_state.updated_at < now() - make_interval(secs => ${staleAfterMs / 1000}::double precision)
    RETURNING (extract(epoch FROM updated_at) * 1000000)::bigint::text AS token`;
  if (rows.length) return { claimed: true, token: rows[0].token };
  const wh = await prisma.$queryRaw<{ one: number }[]>`SELECT 1 AS one FROM warehouses WHERE warehouse_id = ${k.warehouseId}`;
  return { claimed: false, reason: wh.length ? 'running' : 'no_warehouse' };
}

/** True when the row is still `running` under this claim (the job that made the claim may proceed). */
export async function ownsClaim(prisma: PrismaClient, k: SyncKey, token: string): Promise<boolean> {
  const rows = await prisma.$queryRaw<{ one: number }[]>`
    SELECT 1 AS one FROM sync_state
     WHERE connector_name = ${k.connectorName} AND warehouse_id = ${k.warehouseId} AND sync_type = ${k.syncType}
       AND sync_status = 'running' AND (extract(epoch FROM updated_at) * 1000000)::bigint = ${token}::bigint`;
  return rows.length > 0;
}

/** Gives a claim back without a run (the job could not be queued): the status the errors imply. */
export async function releaseClaim(prisma: PrismaClient, k: SyncKey, token: string): Promise<void> {
  await prisma.$executeRaw`
    UPDATE sync_state SET sync_status = CASE WHEN consecutive_errors >= ${ERROR_THRESHOLD} THEN 'error' ELSE 'idle' END
     WHERE connector_name = ${k.connectorName} AND warehouse_id = ${k.warehouseId} AND sync_type = ${k.syncType}
       AND sync_status = 'running' AND (extract(epoch FROM updated_at) * 1000000)::bigint = ${token}::bigint`;
}

export async function recordSuccess(prisma: PrismaClient, k: SyncKey): Promise<void> {
  await prisma.$executeRaw`
    UPDATE sync_state
       SET sync_status = 'idle', last_synced_at = now(), last_success_at = now(), consecutive_errors = 0, updated_at = now()
     WHERE connector_name = ${k.connectorName} AND warehouse_id = ${k.warehouseId} AND sync_type = ${k.syncType}`;
}

export async function recordFailure(prisma: PrismaClient, k: SyncKey, message: string): Promise<void> {
  await prisma.$executeRaw`
    UPDATE sync_state
       SET consecutive_errors = consecutive_errors + 1,
           sync_status = CASE WHEN consecutive_errors + 1 >= ${ERROR_THRESHOLD} THEN 'error' ELSE 'idle' END,
           last_synced_at = now(), last_error_at = now(), last_error_message = ${message.slice(0, MAX_ERROR_MESSAGE)},
           updated_at = now()
     WHERE connector_name = ${k.connectorName} AND warehouse_id = ${k.warehouseId} AND sync_type = ${k.syncType}`;
}

/** `since` for a sync: the last success, or the epoch when there was none. */
export async function lastSuccessAt(prisma: PrismaClient, k: SyncKey): Promise<Date> {
  const row = await prisma.syncState.findUnique({
    where: { connectorName_warehouseId_syncType: k },
    select: { lastSuccessAt: true },
  });
  return row?.lastSuccessAt ?? new Date(0);
}

/**
 * One row per sync type (the reference), ordered by sync_type like the stored rows; a type that never ran
 * is `idle` with no history.
 */
export async function listSyncStates(prisma: PrismaClient, scope: { connectorName: string; warehouseId: number }): Promise<SyncStateRow[]> {
  const stored = await prisma.syncState.findMany({
    where: scope,
    select: {
      connectorName: true, warehouseId: true, syncType: true, syncStatus: true, lastSyncedAt: true,
      lastSuccessAt: true, lastErrorAt: true, lastErrorMessage: true, consecutiveErrors: true,
    },
  });
  const never = (syncType: string): SyncStateRow => ({
    ...scope, syncType, syncStatus: 'idle', lastSyncedAt: null, lastSuccessAt: null, lastErrorAt: null, lastErrorMessage: null, consecutiveErrors: 0,
  });
  return [...SYNC_TYPES]
    .sort()
    .map((type) => stored.find((r) => r.syncType === type) ?? never(type));
}
