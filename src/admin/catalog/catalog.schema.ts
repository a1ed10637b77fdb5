// GraphQL queries and mutations of the admin catalog (spec 70 §1–§6). Thin resolvers: the service
// owns the rules and the transactions. The lists are in catalog.lists.ts.
import { queryFromInfo } from '@pothos/plugin-prisma';
import type { GraphQLResolveInfo } from 'graphql';
import { builder } from '../../graphql/builder';
import { BinType, ZoneType } from '../../graphql/enums';
import { payloadOf, payloadType } from '../../graphql/payloads';
import type { RequestContext } from '../../context';
import { snakeKeys } from '../../shared/case';
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
  fields: (t) => ({ warehouseCode: t.string({ required: true }), warehouseName: t.string({ required: true }), address: t.string() }),
});
const WarehouseUpdateInput = builder.inputType('WarehouseUpdateInput', {
  fields: (t) => ({ warehouseCode: t.string(), warehouseName: t.string(), address: t.string(), isActive: t.boolean() }),
});

const ZoneCreateInput = builder.inputType('ZoneCreateInput', {
  fields: (t) => ({
    warehouseId: t.int({ required: true }),
    zoneCode: t.string({ required: true }),
    zoneName: t.string({ required: true }),
    zoneType: t.field({ type: ZoneType, required: true }),
  }),
});
const ZoneUpdateInput = builder.inputType('ZoneUpdateInput', {
  fields: (t) => ({ zoneCode: t.string(), zoneName: t.string(), zoneType: t.field({ type: ZoneType }), isActive: t.boolean() }),
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Pothos' input field builder of two input types (no nameable common type)
const binFields = (t: any, create: boolean) => ({
  binCode: t.string({ required: create }),
  binBarcode: t.string({ required: false, description: create ? 'Required (or `barcode`).' : undefined }),
  barcode: t.string({ description: 'Same as binBarcode.', deprecationReason: 'Use binBarcode (the legacy admin panel sends `barcode`; REST still accepts it).' }),
  binType: t.field({ type: BinType, required: create }),
  aisle: t.string(),
  rowNum: t.int(),
  levelNum: t.int(),
  positionNum: t.int(),
  pickSequence: t.int(),
  putawaySequence: t.int(),
});
const BinCreateInput = builder.inputType('BinCreateInput', {
  fields: (t) => ({ zoneId: t.int({ required: true }), warehouseId: t.int({ required: true }), ...binFields(t, true) }),
});
const BinUpdateInput = builder.inputType('BinUpdateInput', {
  fields: (t) => ({ ...binFields(t, false), isActive: t.boolean(), zoneId: t.int() }),
});

const ItemCreateInput = builder.inputType('ItemCreateInput', {
  fields: (t) => ({
    sku: t.string({ required: true }),
    itemName: t.string({ required: true }),
    description: t.string(),
    upc: t.string(),
    category: t.string(),
    weightLbs: t.float(),
    defaultBinId: t.int(),
  }),
});
const ItemUpdateInput = builder.inputType('ItemUpdateInput', {
  fields: (t) => ({
    sku: t.string(),
    itemName: t.string(),
    description: t.string(),
    upc: t.string(),
    category: t.string(),
    weightLbs: t.float(),
    defaultBinId: t.int(),
    reorderPoint: t.int(),
    reorderQty: t.int(),
    isActive: t.boolean(),
  }),
});


const PreferredBinCreateInput = builder.inputType('PreferredBinCreateInput', {
  fields: (t) => ({ itemId: t.int({ required: true }), binId: t.int({ required: true }), priority: t.int() }),
});
const PreferredBinUpdateInput = builder.inputType('PreferredBinUpdateInput', {
  fields: (t) => ({ priority: t.int({ required: true }) }),
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
    args: { id: t.arg.int({ required: true }) },
    resolve: (query, _r, args, ctx) => svc.getWarehouse(ctx, query, args.id),
  }),
}));

builder.mutationFields((t) => ({
  warehouseCreate: t.withShield(admin).field({
    type: WarehouseCreatePayload,
    description: 'Creates a warehouse; its code must be unique.',
    args: { input: t.arg({ type: WarehouseCreateInput, required: true }) },
    resolve: (_r, args, ctx, info) =>
      payloadOf(() => svc.createWarehouse(ctx, selectionAt(ctx, info, 'Warehouse', 'warehouse'), snakeKeys(args.input))),
  }),
  warehouseUpdate: t.withShield(admin).field({
    type: WarehouseUpdatePayload,
    description: 'Changes the fields sent (at least one); `isActive: false` deactivates the warehouse.',
    args: { id: t.arg.int({ required: true, description: 'The warehouseId.' }), input: t.arg({ type: WarehouseUpdateInput, required: true }) },
    resolve: (_r, args, ctx, info) =>
      payloadOf(() => svc.updateWarehouse(ctx, selectionAt(ctx, info, 'Warehouse', 'warehouse'), args.id, snakeKeys(args.input))),
  }),
  warehouseDelete: t.withShield(admin).field({
    type: WarehouseDeletePayload,
    description: 'Hard delete; refused while the warehouse has stock, bins, zones or history (deactivate it instead).',
    args: { id: t.arg.int({ required: true, description: 'The warehouseId.' }) },
    resolve: (_r, args, ctx) => payloadOf(() => svc.deleteWarehouse(ctx, args.id)),
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
    args: { id: t.arg.int({ required: true }) },
    resolve: (query, _r, args, ctx) => svc.getZone(ctx, query, args.id),
  }),
}));

builder.mutationFields((t) => ({
  zoneCreate: t.withShield(admin).field({
    type: ZoneCreatePayload,
    description: 'Creates a zone in a warehouse; its code must be unique in the warehouse.',
    args: { input: t.arg({ type: ZoneCreateInput, required: true }) },
    resolve: (_r, args, ctx, info) => payloadOf(() => svc.createZone(ctx, selectionAt(ctx, info, 'Zone', 'zone'), snakeKeys(args.input))),
  }),
  zoneUpdate: t.withShield(admin).field({
    type: ZoneUpdatePayload,
    description: 'Changes the fields sent (at least one).',
    args: { id: t.arg.int({ required: true, description: 'The zoneId.' }), input: t.arg({ type: ZoneUpdateInput, required: true }) },
    resolve: (_r, args, ctx, info) =>
      payloadOf(() => svc.updateZone(ctx, selectionAt(ctx, info, 'Zone', 'zone'), args.id, snakeKeys(args.input))),
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
    args: { id: t.arg.int({ required: true }) },
    resolve: (query, _r, args, ctx) => svc.getBin(ctx, query, args.id),
  }),
}));

builder.mutationFields((t) => ({
  binCreate: t.withShield(admin).field({
    type: BinCreatePayload,
    description: 'Creates a bin in a zone; its code must be unique in the warehouse.',
    args: { input: t.arg({ type: BinCreateInput, required: true }) },
    resolve: (_r, args, ctx, info) => payloadOf(() => svc.createBin(ctx, selectionAt(ctx, info, 'Bin', 'bin'), snakeKeys(args.input))),
  }),
  binUpdate: t.withShield(admin).field({
    type: BinUpdatePayload,
    description: 'Changes the fields sent (at least one); `zoneId` moves the bin to another zone.',
    args: { id: t.arg.int({ required: true, description: 'The binId.' }), input: t.arg({ type: BinUpdateInput, required: true }) },
    resolve: (_r, args, ctx, info) =>
      payloadOf(() => svc.updateBin(ctx, selectionAt(ctx, info, 'Bin', 'bin'), args.id, snakeKeys(args.input))),
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
    args: { id: t.arg.int({ required: true }) },
    resolve: (query, _r, args, ctx) => svc.getItem(ctx, query, args.id),
  }),
}));

builder.mutationFields((t) => ({
  itemCreate: t.withShield(admin).field({
    type: ItemCreatePayload,
    description: 'Creates an item; its SKU and UPC must be unique.',
    args: { input: t.arg({ type: ItemCreateInput, required: true }) },
    resolve: (_r, args, ctx, info) => payloadOf(() => svc.createItem(ctx, selectionAt(ctx, info, 'Item', 'item'), snakeKeys(args.input))),
  }),
  itemUpdate: t.withShield(admin).field({
    type: ItemUpdatePayload,
    description: 'Changes the fields sent (at least one).',
    args: { id: t.arg.int({ required: true, description: 'The itemId.' }), input: t.arg({ type: ItemUpdateInput, required: true }) },
    resolve: (_r, args, ctx, info) =>
      payloadOf(() => svc.updateItem(ctx, selectionAt(ctx, info, 'Item', 'item'), args.id, snakeKeys(args.input))),
  }),
  itemArchive: t.withShield(admin).field({
    type: ItemArchivePayload,
    description: 'Toggles the archived flag (archived items stay usable by every workflow).',
    args: { id: t.arg.int({ required: true, description: 'The itemId.' }) },
    resolve: (_r, args, ctx, info) => payloadOf(() => svc.archiveItem(ctx, selectionAt(ctx, info, 'Item', 'item'), args.id)),
  }),
  itemDelete: t.withShield(admin).field({
    type: ItemDeletePayload,
    description: 'Hard delete; refused while the item has stock or history (archive it instead).',
    args: { id: t.arg.int({ required: true, description: 'The itemId.' }) },
    resolve: (_r, args, ctx) => payloadOf(() => svc.deleteItem(ctx, args.id)),
  }),
}));

// ---------------------------------------------------------------------------------------------------
// Preferred bins (the lists are in catalog.lists.ts)
// ---------------------------------------------------------------------------------------------------

builder.mutationFields((t) => ({
  preferredBinCreate: t.withShield(admin).field({
    type: PreferredBinCreatePayload,
    description: 'Saves a preferred bin; an existing (item, bin) pair gets the new priority.',
    args: { input: t.arg({ type: PreferredBinCreateInput, required: true }) },
    resolve: (_r, args, ctx, info) =>
      payloadOf(() => svc.savePreferredBin(ctx, selectionAt(ctx, info, 'PreferredBin', 'preferredBin'), snakeKeys(args.input))),
  }),
  preferredBinUpdate: t.withShield(admin).field({
    type: PreferredBinUpdatePayload,
    description: 'Sets the priority of a preferred bin (an unknown id changes nothing and answers `preferredBin: null`).',
    args: { id: t.arg.int({ required: true, description: 'The preferredBinId.' }), input: t.arg({ type: PreferredBinUpdateInput, required: true }) },
    resolve: (_r, args, ctx, info) =>
      payloadOf(() =>
        svc.updatePreferredBinPriority(ctx, selectionAt(ctx, info, 'PreferredBin', 'preferredBin'), args.id, snakeKeys(args.input)),
      ),
  }),
  preferredBinDelete: t.withShield(admin).field({
    type: PreferredBinDeletePayload,
    description: 'Deletes a preferred bin (an unknown id deletes nothing and answers `deletedPreferredBinId: null`).',
    args: { id: t.arg.int({ required: true, description: 'The preferredBinId.' }) },
    resolve: (_r, args, ctx) => payloadOf(() => svc.deletePreferredBin(ctx, args.id)),
  }),
}));
