// GraphQL types, queries and mutations of the putaway module (registered on the shared builder).
import { builder } from '../graphql/builder';
import { parseInput } from '../graphql/inputs';
import { PreferredBinUpdateInput as PreferredBinUpdateInputSchema, PutawayConfirmInput as PutawayConfirmInputSchema } from './putaway.inputs';
import * as putaway from './putaway.service';
import { authenticated, can } from '../auth/rules';
import { payloadOf, payloadType } from '../graphql/payloads';

const PutawayBinSuggestion = builder.objectRef<putaway.BinSuggestion>('PutawayBinSuggestion').implement({
  description: 'A bin proposed for putting an item away.',
  fields: (t) => ({
    binId: t.exposeInt('binId', { description: 'The bin id (toBinId of putawayConfirm).' }),
    binNodeId: t.globalID({ description: 'Global id of the Bin.', resolve: (b) => ({ type: 'Bin', id: b.binId }) }),
    binCode: t.exposeString('binCode', { description: 'The code of the bin.' }),
    binBarcode: t.exposeString('binBarcode', { description: 'The barcode of the bin.' }),
    zoneName: t.exposeString('zoneName', { description: 'The name of the zone of the bin.' }),
    priority: t.exposeInt('priority', { description: 'The preference rank, 1 first (the default bin reports 1).' }),
  }),
});

const PutawayPendingItem = builder.objectRef<putaway.PendingPutawayItem>('PutawayPendingItem').implement({
  description: 'Stock on hand in a Staging bin, waiting to be put away.',
  fields: (t) => ({
    inventoryId: t.exposeInt('inventoryId', { description: 'The inventory row id of the staged stock.' }),
    inventoryNodeId: t.globalID({ description: 'Global id of the Inventory row.', resolve: (p) => ({ type: 'Inventory', id: p.inventoryId }) }),
    itemId: t.exposeInt('itemId', { description: 'The item id.' }),
    itemNodeId: t.globalID({ description: 'Global id of the Item.', resolve: (p) => ({ type: 'Item', id: p.itemId }) }),
    sku: t.exposeString('sku', { description: 'The SKU of the item.' }),
    itemName: t.exposeString('itemName', { description: 'The name of the item.' }),
    upc: t.exposeString('upc', { description: 'The UPC of the item; null when the item has none.', nullable: true }),
    quantity: t.exposeInt('quantity', { description: 'On hand (allocation ignored).' }),
    binId: t.exposeInt('binId', { description: 'The Staging bin holding the stock (fromBinId of putawayConfirm).' }),
    binNodeId: t.globalID({ description: 'Global id of the Staging Bin.', resolve: (p) => ({ type: 'Bin', id: p.binId }) }),
    binCode: t.exposeString('binCode', { description: 'The code of the Staging bin.' }),
    lotNumber: t.exposeString('lotNumber', { description: 'The lot of the stock; null when not tracked.', nullable: true }),
    suggestedBinCode: t.exposeString('suggestedBinCode', { nullable: true, description: 'Code of the bin putawaySuggestion would propose.' }),
    defaultBinCode: t.exposeString('defaultBinCode', { description: 'The code of the item\'s default bin; null when it has none.', nullable: true }),
  }),
});

const PutawaySuggestion = builder.objectRef<putaway.PutawaySuggestion>('PutawaySuggestion').implement({
  description: 'Where to put an item away.',
  fields: (t) => ({
    itemId: t.exposeInt('itemId', { description: 'The item id.' }),
    itemNodeId: t.globalID({ description: 'Global id of the Item.', resolve: (s) => ({ type: 'Item', id: s.itemId }) }),
    sku: t.exposeString('sku', { description: 'The SKU of the item.' }),
    itemName: t.exposeString('itemName', { description: 'The name of the item.' }),
    preferredBin: t.field({ description: 'The bin to use; null when the item has no preferred or default bin the user may see.', type: PutawayBinSuggestion, nullable: true, resolve: (s) => s.preferredBin }),
    suggestedBin: t.field({
      type: PutawayBinSuggestion,
      nullable: true,
      description: 'Always the same as preferredBin.',
      resolve: (s) => s.preferredBin,
    }),
  }),
});

const PutawayConfirmation = builder.objectRef<putaway.PutawayConfirmResult>('PutawayConfirmation').implement({
  description: 'A confirmed put-away: the transfer recorded from the source bin to the destination bin.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'A confirmation text for the scanner.' }),
    transferId: t.exposeInt('transferId', { description: 'The id of the bin transfer recorded.' }),
    item: t.exposeString('item', { description: 'SKU.' }),
    fromBin: t.exposeString('fromBin', { description: 'Source bin code.' }),
    toBin: t.exposeString('toBin', { description: 'Destination bin code.' }),
    quantity: t.exposeInt('quantity', { description: 'The units moved.' }),
  }),
});

const PutawayPreferredBin = builder.objectRef<putaway.PreferredBinResult>('PutawayPreferredBin').implement({
  description: "An item's new primary (and default) bin.",
  fields: (t) => ({
    message: t.exposeString('message', { description: 'A confirmation text for the scanner.' }),
    itemId: t.exposeInt('itemId', { description: 'The item id.' }),
    binId: t.exposeInt('binId', { description: 'The bin id of the new preferred bin.' }),
    binCode: t.exposeString('binCode', { description: 'The code of the new preferred bin.' }),
  }),
});

const PutawayConfirmInput = builder.inputType('PutawayConfirmInput', {
  description: 'A put-away to record.',
  fields: (t) => ({
    itemId: t.int({ description: 'The item moved.', required: true }),
    fromBinId: t.int({ description: 'The bin the stock leaves (usually a Staging bin).', required: true }),
    toBinId: t.int({ description: 'The bin the stock goes to, in the same warehouse.', required: true }),
    quantity: t.int({ description: 'The units to move (more than 0, at most the on-hand stock).', required: true }),
    lotNumber: t.string({ description: 'The lot to move; null for stock without a lot.' }),
  }),
});

const PutawayUpdatePreferredInput = builder.inputType('PutawayUpdatePreferredInput', {
  description: 'A preferred bin to set for an item.',
  fields: (t) => ({
    itemId: t.int({ description: 'The item.', required: true }),
    binId: t.int({ description: 'The bin to prefer.', required: true }),
    setAsPrimary: t.boolean({ description: 'Default true; false changes nothing (audit only).' }),
  }),
});

builder.queryField('putawayPending', (t) =>
  t.withShield(authenticated).field({
    type: [PutawayPendingItem],
    description: 'Stock in Staging bins of a warehouse, waiting to be put away.',
    args: { warehouseId: t.arg.int({ description: 'The warehouse to list.', required: true }) },
    resolve: (_r, { warehouseId }, ctx) => putaway.pendingPutaway(ctx, warehouseId),
  }),
);

builder.queryField('putawaySuggestion', (t) =>
  t.withShield(authenticated).field({
    type: PutawaySuggestion,
    nullable: true,
    description: "Where to put an item: its top preferred bin, else its default bin (within the user's warehouses).",
    args: { itemId: t.arg.int({ description: 'The item to put away.', required: true }) },
    resolve: (_r, { itemId }, ctx) => putaway.suggest(ctx, itemId),
  }),
);

const PutawayConfirmPayload = payloadType<putaway.PutawayConfirmResult>('PutawayConfirmPayload', {
  description: 'Result of putawayConfirm.',
  resultField: 'confirmation',
  resultType: PutawayConfirmation,
  resultDescription: 'The put-away recorded; null when userErrors is not empty (then no stock moved).',
});

const PutawayUpdatePreferredPayload = payloadType<putaway.PreferredBinResult>('PutawayUpdatePreferredPayload', {
  description: 'Result of putawayUpdatePreferred.',
  resultField: 'preferredBin',
  resultType: PutawayPreferredBin,
  resultDescription: 'The preferred bin set; null when userErrors is not empty.',
});

builder.mutationField('putawayConfirm', (t) =>
  t.withShield(can('putaway')).field({
    type: PutawayConfirmPayload,
    description: 'Moves on-hand stock from a (staging) bin to another bin of the same warehouse and records the transfer.',
    args: { input: t.arg({ description: 'The input of the mutation.', type: PutawayConfirmInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => putaway.confirm(ctx, parseInput(PutawayConfirmInputSchema, input))),
  }),
);

builder.mutationField('putawayUpdatePreferred', (t) =>
  t.withShield(can('putaway')).field({
    type: PutawayUpdatePreferredPayload,
    description: "Makes a bin the item's primary preferred bin (priority 1 in its warehouse) and its default bin.",
    args: { input: t.arg({ description: 'The input of the mutation.', type: PutawayUpdatePreferredInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => putaway.updatePreferred(ctx, parseInput(PreferredBinUpdateInputSchema, input))),
  }),
);
