/** GraphQL types of the system area: audit log entries (never their hashes) and app settings. */
import { builder } from '../../graphql/builder';
import { displayDetails, entityName } from './audit-log.service';
import type { AuditChainStatus } from './audit-log.service';
import type { Dashboard, RecentActivity } from './dashboard.service';

export const AuditLogEntryRef = builder.prismaObject('AuditLog', {
  name: 'AuditLogEntry',
  description: 'One append-only audit entry. The hash chain columns are not exposed.',
  fields: (t) => ({
    logId: t.int({ select: { logId: true }, resolve: (r) => Number(r.logId) }),
    actionType: t.exposeString('actionType'),
    entityType: t.exposeString('entityType', { nullable: true }),
    entityId: t.exposeInt('entityId', { nullable: true }),
    username: t.exposeString('userId', { nullable: true, description: 'The stored actor: a username, or a numeric user id as text.' }),
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
    details: t.field({
      type: 'JSON',
      nullable: true,
      description: 'Details for display: ids of bins, items, SOs and POs replaced by their codes.',
      select: { details: true },
      resolve: (r, _a, ctx) => displayDetails(ctx, r.details),
    }),
    rawDetails: t.expose('details', { type: 'JSON', nullable: true, description: 'Details as stored.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    warehouse: t.relation('warehouse', { nullable: true }),
  }),
});

export const AppSettingRef = builder.prismaObject('AppSetting', {
  fields: (t) => ({
    id: t.exposeInt('id'),
    key: t.exposeString('key'),
    value: t.exposeString('value'),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true }),
  }),
});

export const RecentActivityRef = builder.objectRef<RecentActivity>('DashboardActivity').implement({
  fields: (t) => ({
    logId: t.exposeInt('logId'),
    action: t.exposeString('actionType', { description: 'Same as actionType (legacy key).' }),
    actionType: t.exposeString('actionType'),
    entityType: t.exposeString('entityType', { nullable: true }),
    entityId: t.exposeInt('entityId', { nullable: true }),
    user: t.exposeString('user', { nullable: true }),
    detail: t.exposeString('detail', { nullable: true, description: 'The details rendered as the legacy server did.' }),
    time: t.expose('createdAt', { type: 'DateTime', description: 'Same as createdAt (legacy key).' }),
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
