// GraphQL queries and mutations of the admin catalog (spec 70 §1–§6). Thin resolvers: the service
// owns the rules and the transactions. The lists are in catalog.lists.ts.
import { queryFromInfo } from '@pothos/plugin-prisma';
import type { GraphQLResolveInfo } from 'graphql';
import { builder } from '../../graphql/builder';
import { BinType, ZoneType } from '../../graphql/enums';
import { payloadOf, payloadType } from '../../graphql/payloads';
import { parseInput } from '../../graphql/inputs';
import type { RequestContext } from '../../context';
import * as inputs from './catalog.inputs';
import * as svc from './catalog.service';
import { BinRef, ItemRef, WarehouseRef, ZoneRef } from './catalog.types';
import { admin } from '../../auth/rules';

/** The selection of `field` of the answer (a payload's object), so nested fields load in its query (no N+1). */
const selectionAt = (ctx: RequestContext, info: GraphQLResolveInfo, typeName: string, field: string) =>
  queryFromInfo({ context: ctx, info, typeName, path: [field] }) as svc.Selection;

// ---------------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------------

const WarehouseCreateInput = builder.inputType('WarehouseCreateInput', {
  description: 'A new warehouse (created active).',
  fields: (t) => ({
    warehouseCode: t.string({ required: true, description: 'Short code, unique among warehouses (1–20 characters).' }),
    warehouseName: t.string({ required: true, description: 'Display name.' }),
    address: t.string({ description: 'Postal address as free text.' }),
  }),
});
const WarehouseUpdateInput = builder.inputType('WarehouseUpdateInput', {
  description: 'A warehouse and the fields to change; only the fields sent are written (at least one).',
  fields: (t) => ({
    warehouseId: t.int({ required: true, description: 'The warehouse to change.' }),
    warehouseCode: t.string({ description: 'New code, unique among warehouses.' }),
    warehouseName: t.string({ description: 'New display name.' }),
    address: t.string({ description: 'New postal address.' }),
    isActive: t.boolean({ description: 'false deactivates the warehouse (hidden from the scanner list), true reactivates it.' }),
  }),
});

const ZoneCreateInput = builder.inputType('ZoneCreateInput', {
  description: 'A new zone (created active).',
  fields: (t) => ({
    warehouseId: t.int({ required: true, description: 'The warehouse the zone is in.' }),
    zoneCode: t.string({ required: true, description: 'Short code, unique within the warehouse.' }),
    zoneName: t.string({ required: true, description: 'Display name.' }),
    zoneType: t.field({ type: ZoneType, required: true, description: 'What the zone is used for.' }),
  }),
});
const ZoneUpdateInput = builder.inputType('ZoneUpdateInput', {
  description: 'A zone and the fields to change; only the fields sent are written (at least one).',
  fields: (t) => ({
    zoneId: t.int({ required: true, description: 'The zone to change.' }),
    zoneCode: t.string({ description: 'New code, unique within the warehouse.' }),
    zoneName: t.string({ description: 'New display name.' }),
    zoneType: t.field({ type: ZoneType, description: 'New purpose of the zone.' }),
    isActive: t.boolean({ description: 'false deactivates the zone, true reactivates it.' }),
  }),
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Pothos' input field builder of two input types (no nameable common type)
const binFields = (t: any, create: boolean) => ({
  binCode: t.string({ required: create, description: 'Location code, unique within the warehouse (1–50 characters).' }),
  binBarcode: t.string({
    required: create,
    description: create ? 'The value the scanner reads on the label (1–100 characters).' : 'The value the scanner reads on the label (may be emptied).',
  }),
  binType: t.field({ type: BinType, required: create, description: 'How picking and put-away use the bin.' }),
  aisle: t.string({ description: 'Aisle label (up to 10 characters).' }),
  rowNum: t.int({ description: 'Row of the rack (≥ 0); read back as a string.' }),
  levelNum: t.int({ description: 'Shelf level (≥ 0); read back as a string.' }),
  positionNum: t.int({ description: 'Position on the shelf (≥ 0); read back as a string.' }),
  pickSequence: t.int({ description: 'Rank on the pick path (≥ 0); left out or null: 0 on create, unchanged on update.' }),
  putawaySequence: t.int({ description: 'Rank for put-away (≥ 0); left out or null: 0 on create, unchanged on update.' }),
});
const BinCreateInput = builder.inputType('BinCreateInput', {
  description: 'A new bin (created active).',
  fields: (t) => ({
    zoneId: t.int({ required: true, description: 'The zone of the bin.' }),
    warehouseId: t.int({ required: true, description: 'The warehouse of the bin (that of the zone).' }),
    ...binFields(t, true),
  }),
});
const BinUpdateInput = builder.inputType('BinUpdateInput', {
  description: 'A bin and the fields to change; only the fields sent are written (at least one).',
  fields: (t) => ({
    binId: t.int({ required: true, description: 'The bin to change.' }),
    ...binFields(t, false),
    isActive: t.boolean({ description: 'false deactivates the bin, true reactivates it.' }),
    zoneId: t.int({ description: 'Moves the bin to this zone.' }),
  }),
});

const ItemCreateInput = builder.inputType('ItemCreateInput', {
  description: 'A new item (created active).',
  fields: (t) => ({
    sku: t.string({ required: true, description: 'Unique product code (1–50 characters); a duplicate is a userError on this field.' }),
    itemName: t.string({ required: true, description: 'Display name (1–200 characters).' }),
    description: t.string({ description: 'Longer description (up to 1000 characters).' }),
    upc: t.string({ description: 'Product barcode; a non-empty UPC must be unique.' }),
    category: t.string({ description: 'Free-text category.' }),
    weightLbs: t.float({ description: 'Unit weight in pounds (0–99999).' }),
    defaultBinId: t.int({ description: 'Home bin for put-away when the item has no preferred bin.' }),
  }),
});
const ItemUpdateInput = builder.inputType('ItemUpdateInput', {
  description: 'An item and the fields to change; only the fields sent are written (at least one).',
  fields: (t) => ({
    itemId: t.int({ required: true, description: 'The item to change.' }),
    sku: t.string({ description: 'New product code.' }),
    itemName: t.string({ description: 'New display name.' }),
    description: t.string({ description: 'New longer description.' }),
    upc: t.string({ description: 'New product barcode.' }),
    category: t.string({ description: 'New category.' }),
    weightLbs: t.float({ description: 'New unit weight in pounds.' }),
    defaultBinId: t.int({ description: 'New home bin for put-away.' }),
    reorderPoint: t.int({ description: 'Units on hand at or below which the item is low stock (≥ 0; 0 turns the alert off).' }),
    reorderQty: t.int({ description: 'Units to reorder when low (≥ 0).' }),
    isActive: t.boolean({ description: 'false archives the item, true restores it.' }),
  }),
});


const PreferredBinCreateInput = builder.inputType('PreferredBinCreateInput', {
  description: 'A bin to suggest for an item; an existing (item, bin) pair gets the new priority.',
  fields: (t) => ({
    itemId: t.int({ required: true, description: 'The item.' }),
    binId: t.int({ required: true, description: 'The bin to suggest.' }),
    priority: t.int({ description: 'Rank, 1 to 100 (1 = first choice; default 1).' }),
  }),
});
const PreferredBinUpdateInput = builder.inputType('PreferredBinUpdateInput', {
  description: 'A preferred bin and its new rank.',
  fields: (t) => ({
    preferredBinId: t.int({ required: true, description: 'The preferred bin to change.' }),
    priority: t.int({ required: true, description: 'Rank, 1 to 100 (1 = first choice).' }),
  }),
});
const PreferredBinDeleteInput = builder.inputType('PreferredBinDeleteInput', {
  description: 'A preferred bin to delete.',
  fields: (t) => ({ preferredBinId: t.int({ required: true, description: 'The preferred bin to delete.' }) }),
});
const WarehouseDeleteInput = builder.inputType('WarehouseDeleteInput', {
  description: 'A warehouse to delete.',
  fields: (t) => ({ warehouseId: t.int({ required: true, description: 'The warehouse to delete.' }) }),
});
const ItemArchiveInput = builder.inputType('ItemArchiveInput', {
  description: 'An item whose archived flag to toggle.',
  fields: (t) => ({ itemId: t.int({ required: true, description: 'The item to archive or restore.' }) }),
});
const ItemDeleteInput = builder.inputType('ItemDeleteInput', {
  description: 'An item to delete.',
  fields: (t) => ({ itemId: t.int({ required: true, description: 'The item to delete.' }) }),
});

// ---------------------------------------------------------------------------------------------------
// Payloads
// ---------------------------------------------------------------------------------------------------

/** `<Entity><Verb>Payload { <entity>, userErrors }`: the object as it is after the mutation. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a prisma object ref of any model
const entityPayload = (name: string, resultField: string, resultType: any, what: string) =>
  payloadType<unknown>(name, {
    description: `Result of ${name.replace(/Payload$/, '').replace(/^./, (c) => c.toLowerCase())}.`,
    resultField,
    resultType,
    resultDescription: `The ${what} as saved; null when userErrors is not empty.`,
  });

/** `<Entity>DeletePayload { deleted<Entity>Id, userErrors }`. */
const deletePayload = (name: string, resultField: string, what: string, extra = '') =>
  payloadType<number | null>(name, {
    description: `Result of ${name.replace(/Payload$/, '').replace(/^./, (c) => c.toLowerCase())}.`,
    resultField,
    resultType: 'Int',
    resultDescription: `The id of the deleted ${what}; null when userErrors is not empty${extra}.`,
  });

const WarehouseCreatePayload = entityPayload('WarehouseCreatePayload', 'warehouse', WarehouseRef, 'new warehouse');
const WarehouseUpdatePayload = entityPayload('WarehouseUpdatePayload', 'warehouse', WarehouseRef, 'warehouse');
const WarehouseDeletePayload = deletePayload('WarehouseDeletePayload', 'deletedWarehouseId', 'warehouse');
const ZoneCreatePayload = entityPayload('ZoneCreatePayload', 'zone', ZoneRef, 'new zone');
const ZoneUpdatePayload = entityPayload('ZoneUpdatePayload', 'zone', ZoneRef, 'zone');
const BinCreatePayload = entityPayload('BinCreatePayload', 'bin', BinRef, 'new bin');
const BinUpdatePayload = entityPayload('BinUpdatePayload', 'bin', BinRef, 'bin');
const ItemCreatePayload = entityPayload('ItemCreatePayload', 'item', ItemRef, 'new item');
const ItemUpdatePayload = entityPayload('ItemUpdatePayload', 'item', ItemRef, 'item');
const ItemArchivePayload = payloadType<unknown>('ItemArchivePayload', {
  description: 'Result of itemArchive.',
  resultField: 'item',
  resultType: ItemRef,
  resultDescription: 'The item with its new `isActive` (false: archived); null when userErrors is not empty.',
});
const ItemDeletePayload = deletePayload('ItemDeletePayload', 'deletedItemId', 'item');
const PreferredBinCreatePayload = entityPayload('PreferredBinCreatePayload', 'preferredBin', 'PreferredBin', 'preferred bin');
const PreferredBinUpdatePayload = payloadType<unknown>('PreferredBinUpdatePayload', {
  description: 'Result of preferredBinUpdate.',
  resultField: 'preferredBin',
  resultType: 'PreferredBin',
  resultDescription: 'The preferred bin with its new priority; null when no preferred bin has this id (nothing was changed).',
});
const PreferredBinDeletePayload = deletePayload('PreferredBinDeletePayload', 'deletedPreferredBinId', 'preferred bin', ', or when no preferred bin had this id');

// ---------------------------------------------------------------------------------------------------
// Warehouses
// ---------------------------------------------------------------------------------------------------

builder.queryFields((t) => ({
  warehouse: t.withShield(admin).prismaField({
    type: 'Warehouse',
    nullable: true,
    description: 'The warehouse with this integer id, or null when there is none.',
    args: { id: t.arg.int({ required: true, description: 'The warehouseId.' }) },
    resolve: (query, _r, args, ctx) => svc.getWarehouse(ctx, query, args.id),
  }),
}));

builder.mutationFields((t) => ({
  warehouseCreate: t.withShield(admin).field({
    type: WarehouseCreatePayload,
    description: 'Creates a warehouse; its code must be unique.',
    args: { input: t.arg({ type: WarehouseCreateInput, required: true, description: 'The new warehouse.' }) },
    resolve: (_r, { input }, ctx, info) =>
      payloadOf(() => svc.createWarehouse(ctx, selectionAt(ctx, info, 'Warehouse', 'warehouse'), parseInput(inputs.WarehouseCreateInput, input))),
  }),
  warehouseUpdate: t.withShield(admin).field({
    type: WarehouseUpdatePayload,
    description: 'Changes the fields sent (at least one); `isActive: false` deactivates the warehouse.',
    args: { input: t.arg({ type: WarehouseUpdateInput, required: true, description: 'The warehouse and its changes.' }) },
    resolve: (_r, { input }, ctx, info) =>
      payloadOf(() => svc.updateWarehouse(ctx, selectionAt(ctx, info, 'Warehouse', 'warehouse'), parseInput(inputs.WarehouseUpdateInput, input))),
  }),
  warehouseDelete: t.withShield(admin).field({
    type: WarehouseDeletePayload,
    description: 'Hard delete; refused while the warehouse has stock, bins, zones or history (deactivate it instead).',
    args: { input: t.arg({ type: WarehouseDeleteInput, required: true, description: 'The warehouse to delete.' }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => svc.deleteWarehouse(ctx, parseInput(inputs.WarehouseDeleteInput, input))),
  }),
}));

// ---------------------------------------------------------------------------------------------------
// Zones
// ---------------------------------------------------------------------------------------------------

builder.queryFields((t) => ({
  zone: t.withShield(admin).prismaField({
    type: 'Zone',
    nullable: true,
    description: 'The zone with this integer id, or null when there is none.',
    args: { id: t.arg.int({ required: true, description: 'The zoneId.' }) },
    resolve: (query, _r, args, ctx) => svc.getZone(ctx, query, args.id),
  }),
}));

builder.mutationFields((t) => ({
  zoneCreate: t.withShield(admin).field({
    type: ZoneCreatePayload,
    description: 'Creates a zone in a warehouse; its code must be unique in the warehouse.',
    args: { input: t.arg({ type: ZoneCreateInput, required: true, description: 'The new zone.' }) },
    resolve: (_r, { input }, ctx, info) => payloadOf(() => svc.createZone(ctx, selectionAt(ctx, info, 'Zone', 'zone'), parseInput(inputs.ZoneCreateInput, input))),
  }),
  zoneUpdate: t.withShield(admin).field({
    type: ZoneUpdatePayload,
    description: 'Changes the fields sent (at least one).',
    args: { input: t.arg({ type: ZoneUpdateInput, required: true, description: 'The zone and its changes.' }) },
    resolve: (_r, { input }, ctx, info) =>
      payloadOf(() => svc.updateZone(ctx, selectionAt(ctx, info, 'Zone', 'zone'), parseInput(inputs.ZoneUpdateInput, input))),
  }),
}));

// ---------------------------------------------------------------------------------------------------
// Bins
// ---------------------------------------------------------------------------------------------------

builder.queryFields((t) => ({
  bin: t.withShield(admin).prismaField({
    type: 'Bin',
    nullable: true,
    description: 'The bin with this integer id, or null when there is none.',
    args: { id: t.arg.int({ required: true, description: 'The binId.' }) },
    resolve: (query, _r, args, ctx) => svc.getBin(ctx, query, args.id),
  }),
}));

builder.mutationFields((t) => ({
  binCreate: t.withShield(admin).field({
    type: BinCreatePayload,
    description: 'Creates a bin in a zone; its code must be unique in the warehouse.',
    args: { input: t.arg({ type: BinCreateInput, required: true, description: 'The new bin.' }) },
    resolve: (_r, { input }, ctx, info) => payloadOf(() => svc.createBin(ctx, selectionAt(ctx, info, 'Bin', 'bin'), parseInput(inputs.BinCreateInput, input))),
  }),
  binUpdate: t.withShield(admin).field({
    type: BinUpdatePayload,
    description: 'Changes the fields sent (at least one); `zoneId` moves the bin to another zone.',
    args: { input: t.arg({ type: BinUpdateInput, required: true, description: 'The bin and its changes.' }) },
    resolve: (_r, { input }, ctx, info) =>
      payloadOf(() => svc.updateBin(ctx, selectionAt(ctx, info, 'Bin', 'bin'), parseInput(inputs.BinUpdateInput, input))),
  }),
}));

// ---------------------------------------------------------------------------------------------------
// Items
// ---------------------------------------------------------------------------------------------------

builder.queryFields((t) => ({
  item: t.withShield(admin).prismaField({
    type: 'Item',
    nullable: true,
    description: 'The item with this integer id, or null when there is none.',
    args: { id: t.arg.int({ required: true, description: 'The itemId.' }) },
    resolve: (query, _r, args, ctx) => svc.getItem(ctx, query, args.id),
  }),
}));

builder.mutationFields((t) => ({
  itemCreate: t.withShield(admin).field({
    type: ItemCreatePayload,
    description: 'Creates an item; its SKU and UPC must be unique.',
    args: { input: t.arg({ type: ItemCreateInput, required: true, description: 'The new item.' }) },
    resolve: (_r, { input }, ctx, info) => payloadOf(() => svc.createItem(ctx, selectionAt(ctx, info, 'Item', 'item'), parseInput(inputs.ItemCreateInput, input))),
  }),
  itemUpdate: t.withShield(admin).field({
    type: ItemUpdatePayload,
    description: 'Changes the fields sent (at least one).',
    args: { input: t.arg({ type: ItemUpdateInput, required: true, description: 'The item and its changes.' }) },
    resolve: (_r, { input }, ctx, info) =>
      payloadOf(() => svc.updateItem(ctx, selectionAt(ctx, info, 'Item', 'item'), parseInput(inputs.ItemUpdateInput, input))),
  }),
  itemArchive: t.withShield(admin).field({
    type: ItemArchivePayload,
    description: 'Toggles the archived flag (archived items stay usable by every workflow).',
    args: { input: t.arg({ type: ItemArchiveInput, required: true, description: 'The item to archive or restore.' }) },
    resolve: (_r, { input }, ctx, info) => payloadOf(() => svc.archiveItem(ctx, selectionAt(ctx, info, 'Item', 'item'), parseInput(inputs.ItemIdInput, input))),
  }),
  itemDelete: t.withShield(admin).field({
    type: ItemDeletePayload,
    description: 'Hard delete; refused while the item has stock or history (archive it instead).',
    args: { input: t.arg({ type: ItemDeleteInput, required: true, description: 'The item to delete.' }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => svc.deleteItem(ctx, parseInput(inputs.ItemIdInput, input))),
  }),
}));

// ---------------------------------------------------------------------------------------------------
// Preferred bins (the lists are in catalog.lists.ts)
// ---------------------------------------------------------------------------------------------------

builder.mutationFields((t) => ({
  preferredBinCreate: t.withShield(admin).field({
    type: PreferredBinCreatePayload,
    description: 'Saves a preferred bin; an existing (item, bin) pair gets the new priority.',
    args: { input: t.arg({ type: PreferredBinCreateInput, required: true, description: 'The item, the bin and the rank.' }) },
    resolve: (_r, { input }, ctx, info) =>
      payloadOf(() => svc.savePreferredBin(ctx, selectionAt(ctx, info, 'PreferredBin', 'preferredBin'), parseInput(inputs.PreferredBinCreateInput, input))),
  }),
  preferredBinUpdate: t.withShield(admin).field({
    type: PreferredBinUpdatePayload,
    description: 'Sets the priority of a preferred bin (an unknown id changes nothing and answers `preferredBin: null`).',
    args: { input: t.arg({ type: PreferredBinUpdateInput, required: true, description: 'The preferred bin and its new priority.' }) },
    resolve: (_r, { input }, ctx, info) =>
      payloadOf(() =>
        svc.updatePreferredBinPriority(ctx, selectionAt(ctx, info, 'PreferredBin', 'preferredBin'), parseInput(inputs.PreferredBinUpdateInput, input)),
      ),
  }),
  preferredBinDelete: t.withShield(admin).field({
    type: PreferredBinDeletePayload,
    description: 'Deletes a preferred bin (an unknown id deletes nothing and answers `deletedPreferredBinId: null`).',
    args: { input: t.arg({ type: PreferredBinDeleteInput, required: true, description: 'The preferred bin to delete.' }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => svc.deletePreferredBin(ctx, parseInput(inputs.PreferredBinDeleteInput, input))),
  }),
}));
