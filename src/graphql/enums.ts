/**
 * GraphQL enums of the closed sets stored as strings (spec 00 §2–§3). Each value is named in UPPER_CASE
 * (`PICKABLE_STAGING`, `SYNC_ORDERS`) and its internal value is the stored spelling (`PickableStaging`,
 * `sync_orders`): services read and write the stored spelling, GraphQL shows the name, and the REST adapter
 * renders the legacy spelling (rest-compat/legacy-enums.ts). Where a module already owns the list (zod
 * validation, scope checks), the description map is typed against it, so the enum and the validator cannot
 * drift apart. `values` lists the stored spellings.
 */
import { ROLES } from '../admin/users/users.inputs';
import { BIN_TYPES, CATALOG_ZONE_TYPES } from '../admin/catalog/catalog.inputs';
import { SYNC_TYPES } from '../connectors/sync-state';
import type { Capability } from '../connectors/connector';
import type { IMPORT_ENTITY_TYPES } from '../admin/imports/imports.service';
import type { AuditEntityType } from '../admin/system/audit-log.service';
import type { EnumRef } from '@pothos/core';
import { builder } from './builder';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

type Described<V extends string> = Record<V, string>;

/** `PickableStaging` -> `PICKABLE_STAGING`, `sync_orders` -> `SYNC_ORDERS`, `purchase-orders` -> `PURCHASE_ORDERS`: the GraphQL name of a stored spelling. */
export const enumValueName = (stored: string) => stored.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/-/g, '_').toUpperCase();

function closedSet<const V extends string>(name: string, description: string, values: Described<V>) {
  const keys = Object.keys(values) as V[];
  const ref = builder.enumType(name, {
    description,
    values: Object.fromEntries(keys.map((k) => [enumValueName(k), { value: k, description: values[k] }])) as unknown as {
      [K in V]: { value: K; description: string };
    },
  });
  // Output typed as string: the stored columns are plain strings; inputs arrive narrowed to the values.
  return Object.assign(ref as unknown as EnumRef<Types, string, V>, { values: keys as readonly V[] });
}

/** True when `v` is one of the enum's values (the REST adapter's check before calling GraphQL). */
export const isValueOf = <V extends string>(e: { values: readonly V[] }, v: unknown): v is V =>
  typeof v === 'string' && (e.values as readonly string[]).includes(v);

// --- orders -----------------------------------------------------------------------------------------

export const PurchaseOrderStatus = closedSet('PurchaseOrderStatus', 'Where a purchase order is in receiving.', {
  OPEN: 'Created; nothing received yet. Receivable and editable.',
  PARTIAL: 'Some quantity received, not every line complete. Receivable.',
  RECEIVED: 'Every line received in full.',
  CLOSED: 'Closed by an admin; no longer receivable.',
});

export const PurchaseOrderLineStatus = closedSet('PurchaseOrderLineStatus', 'Receipt progress of one purchase order line.', {
  PENDING: 'Nothing received.',
  PARTIAL: 'Received less than ordered.',
  RECEIVED: 'Received at least the ordered quantity.',
});

export const SalesOrderStatus = closedSet('SalesOrderStatus', 'Where a sales order is in fulfilment.', {
  OPEN: 'Created (or returned by a cancelled batch); can be batched for picking.',
  ALLOCATED: 'Legacy value, never set by this server; still cancellable.',
  PICKING: 'In a pick batch or wave.',
  PICKED: 'Its pick batch was completed.',
  PACKING: 'Legacy value, never set by this server.',
  PACKED: 'Pack verification completed; ready to ship.',
  SHIPPED: 'Fulfilled (carrier and tracking recorded).',
  CANCELLED: 'Cancelled by an admin; its allocations were released.',
});

export const SalesOrderLineStatus = closedSet('SalesOrderLineStatus', 'Fulfilment progress of one sales order line.', {
  PENDING: 'Not yet packed (picking leaves lines PENDING).',
  ALLOCATED: 'Legacy value, never set by this server.',
  PICKED: 'Legacy value, never set by this server.',
  PACKED: 'Packed quantity reached the picked quantity.',
  SHIPPED: 'Shipped with its order.',
});

// --- picking ----------------------------------------------------------------------------------------

export const PickBatchStatus = closedSet('PickBatchStatus', 'State of a pick batch or wave.', {
  OPEN: 'Created; tasks can be picked.',
  IN_PROGRESS: 'Legacy value, never set by this server; treated as active where read.',
  COMPLETED: 'Completed; its orders are PICKED.',
  CANCELLED: 'Cancelled; pending tasks were skipped and allocations released.',
});

export const PickTaskStatus = closedSet('PickTaskStatus', 'State of one pick task.', {
  PENDING: 'Waiting to be picked.',
  PICKED: 'Confirmed by a scan.',
  SHORT: 'Picker reported the bin short.',
  SKIPPED: 'Left unpicked when its batch was cancelled.',
});

// --- inventory --------------------------------------------------------------------------------------

export const CycleCountStatus = closedSet('CycleCountStatus', 'State of a cycle count.', {
  PENDING: 'Created; counts can be submitted.',
  IN_PROGRESS: 'Legacy value, never set by this server; still submittable.',
  COMPLETED: 'Submitted without variance.',
  VARIANCE: 'Submitted with at least one variance (adjustments pending review).',
});

export const InventoryAdjustmentStatus = closedSet('InventoryAdjustmentStatus', 'Review state of an inventory adjustment.', {
  PENDING: 'Awaiting review; not applied to stock.',
  APPROVED: 'Applied to stock (direct adjustments are created APPROVED).',
  REJECTED: 'Rejected on review; not applied.',
});

export const InventoryAdjustmentType = closedSet('InventoryAdjustmentType', 'Direction of a stock adjustment.', {
  ADD: 'Adds stock (positive quantity change).',
  REMOVE: 'Removes stock (negative quantity change).',
});

export const InventoryAdjustmentReason = closedSet('InventoryAdjustmentReason', 'Why an inventory adjustment was recorded.', {
  CYCLE_COUNT: 'A cycle count found a variance (pending review until approved or rejected).',
  DIRECT_ADJUSTMENT: 'An admin added or removed stock directly (applied at once).',
});

export const AdjustmentReviewAction = closedSet('AdjustmentReviewAction', 'Decision on pending adjustments.', {
  approve: 'Apply the adjustments to stock.',
  reject: 'Discard the adjustments.',
});

export const TransferStatus = closedSet('TransferStatus', 'State of an inter-warehouse transfer.', {
  completed: 'Done: transfers move stock immediately.',
});

// --- imports --------------------------------------------------------------------------------------

export const ImportEntityType = closedSet('ImportEntityType', 'What a bulk import creates (spec 70 §14).', {
  items: 'Items (with their default bin and stock).',
  bins: 'Bins, by zone code, name or id.',
  'purchase-orders': 'Purchase order lines (a new PO per number, or lines appended).',
  'sales-orders': 'Sales order lines (a new SO per number).',
} satisfies Described<(typeof IMPORT_ENTITY_TYPES)[number]>);

// --- audit --------------------------------------------------------------------------------------------

export const AuditReferenceEntityType = closedSet('AuditReferenceEntityType', 'Kind of entity an audit entry\'s details name by id.', {
  BIN: 'A bin (shown by its code).',
  ITEM: 'An item (shown by its SKU).',
  SO: 'A sales order (shown by its SO number).',
  PO: 'A purchase order (shown by its PO number).',
} satisfies Described<AuditEntityType>);

// --- catalog and users ------------------------------------------------------------------------------

export const ZoneType = closedSet('ZoneType', 'Purpose of a zone.', {
  RECEIVING: 'Receiving and staging of inbound goods.',
  STORAGE: 'Bulk or reserve storage.',
  PICKING: 'Pick faces.',
  STAGING: 'Outbound staging.',
  SHIPPING: 'Shipping docks.',
  QUALITY: 'Quality inspection and hold.',
  DAMAGE: 'Damaged goods.',
} satisfies Described<(typeof CATALOG_ZONE_TYPES)[number]>);

export const BinType = closedSet('BinType', 'How picking and put-away use a bin.', {
  Staging: 'Receiving staging only: never picked from.',
  PickableStaging: 'Staging that picking may also allocate from.',
  Pickable: 'Regular pick location.',
} satisfies Described<(typeof BIN_TYPES)[number]>);

export const UserRole = closedSet('UserRole', 'What a user may administer.', {
  ADMIN: 'Every warehouse and function, plus the admin surface.',
  USER: 'Floor user: only the granted warehouses and functions.',
} satisfies Described<(typeof ROLES)[number]>);

// --- connectors -------------------------------------------------------------------------------------

export const SyncType = closedSet('SyncType', 'What a connector sync moves.', {
  orders: 'Sales orders from the external system.',
  items: 'Item master data.',
  inventory: 'Stock levels to the external system.',
  fulfillment: 'Shipments to the external system.',
} satisfies Described<(typeof SYNC_TYPES)[number]>);

export const ConnectorCapability = closedSet('ConnectorCapability', 'What a connector can do.', {
  sync_orders: 'Pulls sales orders from the external system.',
  sync_items: 'Pulls item master data.',
  sync_inventory: 'Pushes stock levels to the external system.',
  push_fulfillment: 'Pushes shipments to the external system.',
} satisfies Described<Capability>);

export const ConnectorConfigFieldType = closedSet('ConnectorConfigFieldType', 'The kind of value a connector configuration field holds.', {
  string: 'Text.',
});

export const SyncStatus = closedSet('SyncStatus', 'State of one connector sync (per connector, warehouse and type).', {
  idle: 'Not running; the last run succeeded or failed fewer than three times in a row.',
  running: 'A run is in progress.',
  error: 'Three or more consecutive runs failed.',
});
