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
    entityId: t.exposeInt('entityId', { description: 'Integer key of the entity (binId, itemId, soId or poId by entityType).' }),
    name: t.exposeString('name', { description: 'Bin code, sku, SO number or PO number.' }),
  }),
});

export const AuditLogEntryRef = builder.prismaNode('AuditLog', {
  name: 'AuditLogEntry',
  id: { field: 'logId' },
  description: 'One append-only audit entry. The hash chain columns are not exposed.',
  fields: (t) => ({
    logId: t.int({ description: 'Integer key of the entry (REST `log_id`), increasing with time.', select: { logId: true }, resolve: (r) => Number(r.logId) }),
    actionType: t.exposeString('actionType', { description: 'What was done: RECEIVE, RECEIVE_CANCEL, PUTAWAY, PREFERRED_BIN_UPDATE, PICK, PACK, SHIP, TRANSFER, COUNT, ADJUST, ... (an open set: String, not an enum).' }),
    entityType: t.exposeString('entityType', { nullable: true, description: 'Kind of the entity acted on (ITEM, BIN, SO, PO, BATCH, ADJUSTMENT, ...); null when the entry names none.' }),
    entityId: t.exposeInt('entityId', { nullable: true, description: 'Integer key of that entity; null when there is none.' }),
    username: t.exposeString('userId', { nullable: true, description: 'The stored actor: a username (rows carried over from the legacy server may hold a numeric user id).' }),
    deviceId: t.exposeString('deviceId', { nullable: true, description: 'Device the action came from: kept for rows carried over from the legacy server; always null on new entries.' }),
    warehouseId: t.exposeInt('warehouseId', { nullable: true, description: 'The warehouse the action happened in; null for actions outside any warehouse.' }),
    warehouseCode: t.string({
      nullable: true,
      description: 'Code of that warehouse; null when there is none.',
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
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the action was committed (entries of one request share it).' }),
    warehouse: t.relation('warehouse', { nullable: true, description: 'The warehouse the action happened in; null for actions outside any warehouse.' }),
  }),
});

builder.prismaNode('AppSetting', {
  description: 'One stored setting as a key and a string value (typed values: `configuration`).',
  id: { field: 'id' },
  fields: (t) => ({
    settingId: t.exposeInt('id', { description: 'Integer key of the stored setting.' }),
    key: t.exposeString('key', { description: 'Setting name in snake_case (e.g. `require_packing_before_shipping`).' }),
    value: t.exposeString('value', { description: 'The value as stored: flags are the strings "true" and "false", numbers are decimal strings.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true, description: 'When the value was last written; null on rows carried over without it.' }),
  }),
});

export const RecentActivityRef = builder.objectRef<RecentActivity>('DashboardActivity').implement({
  description: 'One of the latest audit entries, as the dashboard activity list shows it.',
  fields: (t) => ({
    logId: t.exposeInt('logId', { description: 'Integer key of the audit entry.' }),
    auditLogEntryNodeId: t.globalID({ description: 'Global id of the AuditLogEntry (admins read it).', resolve: (a) => ({ type: 'AuditLogEntry', id: a.logId }) }),
    actionType: t.exposeString('actionType', { description: 'What was done (RECEIVE, PICK, SHIP, ...).' }),
    entityType: t.exposeString('entityType', { nullable: true, description: 'Kind of the entity acted on; null when none.' }),
    entityId: t.exposeInt('entityId', { nullable: true, description: 'Integer key of that entity; null when none.' }),
    user: t.exposeString('user', { nullable: true, description: 'The stored actor: a username (entries carried over from the legacy server may hold a numeric user id); null when none.' }),
    details: t.field({ type: 'JSON', nullable: true, description: 'The audit details as recorded.', resolve: (a) => a.details }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the action was committed (entries of one request share it).' }),
  }),
});

export const DashboardRef = builder.objectRef<Dashboard>('Dashboard').implement({
  description:
    'The figures of the dashboard home page, for one warehouse or all. Counts marked global ignore the warehouse: totalSkus, lowStockItems and pendingAdjustments.',
  fields: (t) => ({
    openPos: t.exposeInt('openPos', { description: 'Purchase orders still to receive (OPEN or PARTIAL).' }),
    pendingReceipts: t.exposeInt('pendingReceipts', { description: 'Units still to receive on those orders (ordered − received, summed over their lines).' }),
    itemsAwaitingPutaway: t.exposeInt('itemsAwaitingPutaway', { description: 'Units on hand in Staging bins, waiting to be put away.' }),
    openSos: t.exposeInt('openSos', { description: 'Sales orders in status OPEN.' }),
    ordersReadyToPick: t.exposeInt('ordersReadyToPick', { description: 'Sales orders ready to pick: the OPEN ones (same figure as openSos).' }),
    ordersInPicking: t.exposeInt('ordersInPicking', { description: 'Sales orders in status PICKING.' }),
    readyToPack: t.exposeInt('readyToPack', { nullable: true, description: 'null when packing is not required.' }),
    ordersPacked: t.exposeInt('ordersPacked', { nullable: true, description: 'null when packing is not required.' }),
    readyToShip: t.exposeInt('readyToShip', { description: 'Sales orders that may ship now: PACKED ones when packing is required, else PICKED and PACKED ones.' }),
    requirePacking: t.exposeBoolean('requirePacking', { description: 'Whether orders must be packed before they ship (setting require_packing_before_shipping).' }),
    totalSkus: t.exposeInt('totalSkus', { description: 'Active items in the catalog (global).' }),
    totalBins: t.exposeInt('totalBins', { description: 'Active bins.' }),
    lowStockItems: t.exposeInt('lowStockItems', { description: 'Active items with a reorder point whose stock on hand over every warehouse is at or below it (global).' }),
    shortPicks7d: t.exposeInt('shortPicks7d', { description: 'Short picks recorded in the last 7 days.' }),
    pendingAdjustments: t.exposeInt('pendingAdjustments', { description: 'Inventory adjustments waiting for approval (global).' }),
    recentActivity: t.field({ type: [RecentActivityRef], description: 'The 10 latest audit entries, newest first.', resolve: (d) => d.recentActivity }),
  }),
});

export const AuditChainStatusRef = builder.objectRef<AuditChainStatus>('AuditChainStatus').implement({
  description: 'The audit hash chain: rows are sealed into it in the background, seconds after they commit.',
  fields: (t) => ({
    firstBrokenId: t.exposeInt('firstBrokenId', { nullable: true, description: 'First sealed log id that does not verify (changed or deleted, or the one after a deleted chain row); null when every sealed row verifies.' }),
    sealedRows: t.exposeInt('sealedRows', { description: 'Rows linked into the hash chain so far.' }),
    unsealedRows: t.exposeInt('unsealedRows', { description: 'Committed rows not linked yet (the tail the chain does not cover yet).' }),
    oldestUnsealedAt: t.expose('oldestUnsealedAt', { type: 'DateTime', nullable: true, description: 'Commit time of the oldest row not sealed yet; null when every row is sealed.' }),
  }),
});
