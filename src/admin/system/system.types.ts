/** GraphQL types of the system area: audit log entries (never their hashes) and app settings. */
import { builder } from '../../graphql/builder';
import { AuditReferenceEntityType } from '../../graphql/enums';
import { detailReferences, entityName, type AuditReference } from './audit-log.service';
import type { AuditChainStatus } from './audit-log.service';
import type { Dashboard, RecentActivity } from './dashboard.service';

const AuditReferenceRef = builder.objectRef<AuditReference>('AuditDetailReference').implement({
  description: 'An entity an audit entry\'s details refer to by id.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The details key holding the id.' }),
    entityType: t.expose('entityType', { type: AuditReferenceEntityType, description: 'The kind of entity.' }),
    entityId: t.exposeInt('entityId'),
    name: t.exposeString('name', { description: 'Bin code, sku, SO number or PO number.' }),
  }),
});

export const AuditLogEntryRef = builder.prismaNode('AuditLog', {
  name: 'AuditLogEntry',
  id: { field: 'logId' },
  description: 'One append-only audit entry. The hash chain columns are not exposed.',
  fields: (t) => ({
    logId: t.int({ select: { logId: true }, resolve: (r) => Number(r.logId) }),
    actionType: t.exposeString('actionType'),
    entityType: t.exposeString('entityType', { nullable: true }),
    entityId: t.exposeInt('entityId', { nullable: true }),
    username: t.exposeString('userId', { nullable: true, description: 'The stored actor: a username (rows carried over from the legacy server may hold a numeric user id).' }),
    deviceId: t.exposeString('deviceId', { nullable: true }),
    warehouseId: t.exposeInt('warehouseId', { nullable: true }),
    warehouseCode: t.string({
      nullable: true,
      select: { warehouse: { select: { warehouseCode: true } } },
      resolve: (r) => r.warehouse?.warehouseCode ?? null,
    }),
    entityName: t.string({
      nullable: true,
      description: 'sku, SO/PO number or bin code of the entity, when it still exists.',
      select: { entityType: true, entityId: true },
      resolve: (r, _a, ctx) => entityName(ctx, r.entityType, r.entityId),
    }),
    details: t.expose('details', { type: 'JSON', nullable: true, description: 'Details exactly as recorded.' }),
    references: t.field({
      type: [AuditReferenceRef],
      description: 'The bins, items, SOs and POs that the details name by id (keys `bin_id`, `from_bin_id`, `item_id`, `so_id`, `po_id` ...) and that still exist, with their display names.',
      select: { details: true },
      resolve: (r, _a, ctx) => detailReferences(ctx, r.details),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    warehouse: t.relation('warehouse', { nullable: true }),
  }),
});

builder.prismaNode('AppSetting', {
  id: { field: 'id' },
  fields: (t) => ({
    settingId: t.exposeInt('id', { description: 'Integer key of the stored setting.' }),
    key: t.exposeString('key'),
    value: t.exposeString('value'),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true }),
  }),
});

export const RecentActivityRef = builder.objectRef<RecentActivity>('DashboardActivity').implement({
  fields: (t) => ({
    logId: t.exposeInt('logId'),
    auditLogEntryNodeId: t.globalID({ description: 'Global id of the AuditLogEntry (admins read it).', resolve: (a) => ({ type: 'AuditLogEntry', id: a.logId }) }),
    actionType: t.exposeString('actionType'),
    entityType: t.exposeString('entityType', { nullable: true }),
    entityId: t.exposeInt('entityId', { nullable: true }),
    user: t.exposeString('user', { nullable: true }),
    details: t.field({ type: 'JSON', nullable: true, description: 'The audit details as recorded.', resolve: (a) => a.details }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const DashboardRef = builder.objectRef<Dashboard>('Dashboard').implement({
  fields: (t) => ({
    openPos: t.exposeInt('openPos'),
    pendingReceipts: t.exposeInt('pendingReceipts'),
    itemsAwaitingPutaway: t.exposeInt('itemsAwaitingPutaway'),
    openSos: t.exposeInt('openSos'),
    ordersReadyToPick: t.exposeInt('ordersReadyToPick'),
    ordersInPicking: t.exposeInt('ordersInPicking'),
    readyToPack: t.exposeInt('readyToPack', { nullable: true, description: 'null when packing is not required.' }),
    ordersPacked: t.exposeInt('ordersPacked', { nullable: true, description: 'null when packing is not required.' }),
    readyToShip: t.exposeInt('readyToShip'),
    requirePacking: t.exposeBoolean('requirePacking'),
    totalSkus: t.exposeInt('totalSkus'),
    totalBins: t.exposeInt('totalBins'),
    lowStockItems: t.exposeInt('lowStockItems'),
    shortPicks7d: t.exposeInt('shortPicks7d'),
    pendingAdjustments: t.exposeInt('pendingAdjustments'),
    recentActivity: t.field({ type: [RecentActivityRef], resolve: (d) => d.recentActivity }),
  }),
});

export const AuditChainStatusRef = builder.objectRef<AuditChainStatus>('AuditChainStatus').implement({
  description: 'The audit hash chain: rows are sealed into it in the background, seconds after they commit.',
  fields: (t) => ({
    firstBrokenId: t.exposeInt('firstBrokenId', { nullable: true, description: 'First sealed log id that does not verify (changed, or after a deleted row); null when every sealed row verifies.' }),
    sealedRows: t.exposeInt('sealedRows'),
    unsealedRows: t.exposeInt('unsealedRows', { description: 'Committed rows not linked yet (the tail the chain does not cover yet).' }),
    oldestUnsealedAt: t.expose('oldestUnsealedAt', { type: 'DateTime', nullable: true }),
  }),
});
