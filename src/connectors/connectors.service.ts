/** Connector administration (spec 80): registry views, credential vault, connection test, sync state and triggers. */
import type { AuthedContext } from '../context';
import { badRequest, conflict, internalError, notFound } from '../errors';

/** `data.reason` of a connection test refused because the base URL reaches an internal address. */
export const BLOCKED_DESTINATION = 'blocked_destination';
import type { Capability, ConfigSchema, ConnectorDefinition } from './connector';
import type { ConnectorCredentialsSaveInput, ConnectorSyncTriggerInput, ConnectorWarehouseInput } from './connectors.inputs';
import { ConnectorHttpClient } from './http-client';
import { connectorRegistry } from './registry';
import { sanitizeMessage } from './sanitize';
import { BlockedDestinationError } from './ssrf-guard';
import { claimRun, listSyncStates, releaseClaim, type SyncKey, type SyncStateRow } from './sync-state';
import { DEFAULT_RETRY_DELAY_MS, staleAfterMs, SYNC_JOB, SYNC_JOB_ATTEMPTS, type SyncJobData } from './sync.jobs';
import * as vault from './vault';

export interface ConnectorView {
  name: string;
  configSchema: ConfigSchema;
  capabilities: Capability[];
}

const view = (d: ConnectorDefinition): ConnectorView => ({ name: d.name, configSchema: d.configSchema, capabilities: [...d.capabilities] });

function connectorOr404(name: string): ConnectorDefinition {
  const def = connectorRegistry.get(name);
  if (!def) throw notFound(`Connector '${name}' not found`);
  return def;
}

async function assertWarehouseExists(ctx: AuthedContext, warehouseId: number) {
  const row = await ctx.app.prisma.warehouse.findUnique({ where: { warehouseId }, select: { warehouseId: true } });
  if (!row) throw notFound('Warehouse not found');
}

export const listConnectors = (): ConnectorView[] => connectorRegistry.list().map(view);

/** The registered connector of this name, or null. */
export const getConnector = (name: string): ConnectorView | null => {
  const def = connectorRegistry.get(name);
  return def ? view(def) : null;
};

/** Encrypts and stores the credentials (upsert by key); answers the keys, never the values. */
export async function saveCredentials(ctx: AuthedContext, input: ConnectorCredentialsSaveInput) {
  const { connectorName, warehouseId, credentials } = input;
  connectorOr404(connectorName);
  // legacy-difference: an unknown warehouse was a foreign-key 500; now 404 Warehouse not found.
  await assertWarehouseExists(ctx, warehouseId);
  await vault.saveCredentials(ctx.app.prisma, ctx.app.config, { connectorName, warehouseId }, credentials);
  return { message: 'Credentials saved', connector: connectorName, warehouseId, keys: Object.keys(credentials) };
}

export async function listCredentials(ctx: AuthedContext, name: string, warehouseId: number) {
  connectorOr404(name);
  const keys = await vault.listCredentialKeys(ctx.app.prisma, { connectorName: name, warehouseId });
  return {
    connector: name,
    warehouseId,
    credentials: keys.map((k) => ({ key: k.key, value: vault.MASK, createdAt: k.createdAt, updatedAt: k.updatedAt })),
  };
}

export async function deleteCredentials(ctx: AuthedContext, { connectorName, warehouseId }: ConnectorWarehouseInput) {
  connectorOr404(connectorName);
  await vault.deleteCredentials(ctx.app.prisma, { connectorName, warehouseId });
  return { message: 'Credentials deleted', connector: connectorName, warehouseId };
}

/** Runs the connector's test_connection with the stored credentials. No transaction: this makes an HTTP call. */
export async function testConnection(ctx: AuthedContext, { connectorName: name, warehouseId }: ConnectorWarehouseInput) {
  connectorOr404(name);
  const credentials = await vault.loadCredentials(ctx.app.prisma, ctx.app.config, { connectorName: name, warehouseId });
  const http = new ConnectorHttpClient({ allowLoopback: ctx.app.config.connectorAllowLoopback });
  try {
    const result = await connectorRegistry.create(name, credentials, { http }).testConnection();
    return { connector: name, warehouseId, connected: result.connected, message: sanitizeMessage(result.message) };
  } catch (e) {
    if (e instanceof BlockedDestinationError) {
      throw badRequest(sanitizeMessage(e.message), { data: { reason: BLOCKED_DESTINATION, connector: name, warehouseId, connected: false } });
    }
    ctx.app.logger.error({ connector: name, warehouseId, err: (e as Error)?.message }, 'connector test failed');
    throw internalError();
  }
}

export async function syncStatus(ctx: AuthedContext, name: string, warehouseId: number): Promise<{ connector: string; warehouseId: number; syncStates: SyncStateRow[] }> {
  connectorOr404(name);
  return { connector: name, warehouseId, syncStates: await listSyncStates(ctx.app.prisma, { connectorName: name, warehouseId }) };
}

/**
 * Queues a manual sync. The state moves to `running` here, in one conditional statement, so of N
 * concurrent triggers exactly one is queued and the others get 409 (the legacy queued them all and let
 * the worker skip the duplicates). The job carries the claim token and runs under it.
 */
export async function triggerSync(ctx: AuthedContext, { connectorName: name, syncType, warehouseId }: ConnectorSyncTriggerInput) {
  connectorOr404(name);
  const key: SyncKey = { connectorName: name, warehouseId, syncType };
  const claim = await claimRun(ctx.app.prisma, key, staleAfterMs(ctx.app));
  if (!claim.claimed) {
    if (claim.reason === 'no_warehouse') throw notFound('Warehouse not found');
    throw conflict('Sync already running', { data: { connector: name, warehouseId, syncType } });
  }
  const data: SyncJobData = { ...key, claimToken: claim.token };
  let taskId: string;
  try {
    taskId = (
      await ctx.app.jobs.add(SYNC_JOB, data, {
        attempts: SYNC_JOB_ATTEMPTS,
        backoffMs: ctx.app.config.connectorSyncRetryDelayMs ?? DEFAULT_RETRY_DELAY_MS,
      })
    ).id;
  } catch (e) {
    await releaseClaim(ctx.app.prisma, key, claim.token);
    ctx.app.logger.error({ ...key, err: (e as Error)?.message }, 'could not queue the sync job');
    throw internalError();
  }
  return { message: 'Sync queued', taskId, connector: name, warehouseId, syncType };
}
