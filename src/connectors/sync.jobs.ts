/**
 * Worker side of connector syncs (spec 80 §9): start the run (or confirm the trigger's claim), build the
 * connector with the decrypted credentials, run it, record success or failure on the sync state.
 * Exceptions are recorded and re-thrown so the queue retries (each retry is a new run).
 */
import type { AppServices } from '../app';
import { PermanentJobError, type JobHandlers, type QueuedJob } from '../jobs/queue';
import { ConnectorHttpClient } from './http-client';
import { connectorRegistry } from './registry';
import { claimRun, lastSuccessAt, ownsClaim, recordFailure, recordSuccess, type SyncKey, type SyncType } from './sync-state';
import { loadCredentials } from './vault';
import { sanitizeMessage } from './sanitize';

export const SYNC_JOB = 'connector-sync';
const PUSH_FULFILLMENT_JOB = 'connector-push-fulfillment';

export type JobDeps = Pick<AppServices, 'config' | 'logger' | 'prisma'>;

export interface SyncJobData {
  connectorName: string;
  warehouseId: number;
  syncType: SyncType;
  /** Set when the trigger already moved the state to `running` for this job. */
  claimToken?: string;
}

export interface PushFulfillmentJobData {
  connectorName: string;
  warehouseId: number;
  orderId: string;
  tracking: string;
  carrier: string;
}

export const SYNC_JOB_ATTEMPTS = 4; // the run + 3 retries
export const DEFAULT_RETRY_DELAY_MS = 30_000;
export const DEFAULT_STALE_AFTER_MS = 3_600_000;

export const staleAfterMs = (deps: Pick<JobDeps, 'config'>) => deps.config.connectorSyncStaleAfterMs ?? DEFAULT_STALE_AFTER_MS;

/** Errors that a retry cannot fix. */
const isPermanent = (e: unknown) =>
  ['BlockedDestinationError'].includes((e as Error)?.name) || /SENTRY_ENCRYPTION_KEY/.test(String((e as Error)?.message));

function buildConnector(deps: JobDeps, name: string, credentials: Record<string, string>) {
  const http = new ConnectorHttpClient({ allowLoopback: deps.config.connectorAllowLoopback });
  return connectorRegistry.create(name, credentials, { http });
}

/** Runs `work` inside the state machine frame; returns null when another run holds the state. */
async function inRun<T>(
  deps: JobDeps,
  job: QueuedJob,
  key: SyncKey,
  claimToken: string | undefined,
  work: () => Promise<{ ok: boolean; message?: string; result: T }>,
): Promise<T | { skipped: true }> {
  const mine = claimToken && job.attemptsMade === 0 ? await ownsClaim(deps.prisma, key, claimToken) : (await claimRun(deps.prisma, key, staleAfterMs(deps))).claimed;
  if (!mine) {
    deps.logger.info({ jobId: job.id, ...key }, 'sync already running: job skipped');
    return { skipped: true };
  }
  try {
    const outcome = await work();
    if (outcome.ok) await recordSuccess(deps.prisma, key);
    else await recordFailure(deps.prisma, key, sanitizeMessage(outcome.message ?? 'sync failed'));
    return outcome.result;
  } catch (e) {
    await recordFailure(deps.prisma, key, sanitizeMessage((e as Error)?.message ?? String(e)));
    if (isPermanent(e)) throw new PermanentJobError((e as Error).message);
    throw e;
  }
}

export async function runSyncJob(deps: JobDeps, job: QueuedJob<SyncJobData>) {
  const { connectorName, warehouseId, syncType, claimToken } = job.data;
  const key: SyncKey = { connectorName, warehouseId, syncType };
  return inRun<Record<string, unknown>>(deps, job, key, claimToken, async () => {
    const credentials = await loadCredentials(deps.prisma, deps.config, { connectorName, warehouseId });
    const connector = buildConnector(deps, connectorName, credentials);
    if (syncType === 'fulfillment') {
      // The manual `fulfillment` trigger is a health check of the fulfillment endpoint's connection.
      const r = await connector.testConnection();
      const message = sanitizeMessage(r.message);
      return r.connected ? { ok: true, result: { success: true, message } } : { ok: false, message, result: { success: false, message } };
    }
    const since = await lastSuccessAt(deps.prisma, key);
    const run = { orders: () => connector.syncOrders(since), items: () => connector.syncItems(since), inventory: () => connector.syncInventory(since) }[syncType];
    const r = await run();
    const result = { success: r.success, records_synced: r.recordsSynced };
    return r.success ? { ok: true, result } : { ok: false, message: r.errors.join('; ') || 'sync returned success=False', result };
  });
}

export async function runPushFulfillmentJob(deps: JobDeps, job: QueuedJob<PushFulfillmentJobData>) {
  const { connectorName, warehouseId, orderId, tracking, carrier } = job.data;
  const key: SyncKey = { connectorName, warehouseId, syncType: 'fulfillment' };
  return inRun(deps, job, key, undefined, async () => {
    const credentials = await loadCredentials(deps.prisma, deps.config, { connectorName, warehouseId });
    const r = await buildConnector(deps, connectorName, credentials).pushFulfillment(orderId, tracking, carrier);
    const result = { success: r.success, external_id: r.externalId };
    return r.success ? { ok: true, result } : { ok: false, message: r.error ?? 'push returned success=False', result };
  });
}

export const connectorJobHandlers = (deps: JobDeps): JobHandlers => ({
  [SYNC_JOB]: (job) => runSyncJob(deps, job as QueuedJob<SyncJobData>),
  [PUSH_FULFILLMENT_JOB]: (job) => runPushFulfillmentJob(deps, job as QueuedJob<PushFulfillmentJobData>),
});
