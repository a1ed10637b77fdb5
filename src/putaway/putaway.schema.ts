// GraphQL types, queries and mutations of the putaway module (registered on the shared builder).
import { builder } from '../graphql/builder';
import { snakeKeys } from '../shared/case';
import * as putaway from './putaway.service';
import { authenticated, can } from '../auth/rules';
import { payloadOf, payloadType } from '../graphql/payloads';

const PutawayBinSuggestion = builder.objectRef<putaway.BinSuggestion>('PutawayBinSuggestion').implement({
  fields: (t) => ({
    binId: t.exposeInt('binId'),
    binNodeId: t.globalID({ description: 'Global id of the Bin.', resolve: (b) => ({ type: 'Bin', id: b.binId }) }),
    binCode: t.exposeString('binCode'),
    binBarcode: t.exposeString('binBarcode'),
    zoneName: t.exposeString('zoneName'),
    priority: t.exposeInt('priority'),
  }),
});

const PutawayPendingItem = builder.objectRef<putaway.PendingPutawayItem>('PutawayPendingItem').implement({
  description: 'Stock on hand in a Staging bin, waiting to be put away.',
  fields: (t) => ({
    inventoryId: t.exposeInt('inventoryId'),
    inventoryNodeId: t.globalID({ description: 'Global id of the Inventory row.', resolve: (p) => ({ type: 'Inventory', id: p.inventoryId }) }),
    itemId: t.exposeInt('itemId'),
    itemNodeId: t.globalID({ description: 'Global id of the Item.', resolve: (p) => ({ type: 'Item', id: p.itemId }) }),
    sku: t.exposeString('sku'),
    itemName: t.exposeString('itemName'),
    upc: t.exposeString('upc', { nullable: true }),
    quantity: t.exposeInt('quantity', { description: 'On hand (allocation ignored).' }),
    binId: t.exposeInt('binId'),
    binNodeId: t.globalID({ description: 'Global id of the Staging Bin.', resolve: (p) => ({ type: 'Bin', id: p.binId }) }),
    binCode: t.exposeString('binCode'),
    lotNumber: t.exposeString('lotNumber', { nullable: true }),
    suggestedBinCode: t.exposeString('suggestedBinCode', { nullable: true, description: 'Code of the bin putawaySuggestion would propose.' }),
    defaultBinCode: t.exposeString('defaultBinCode', { nullable: true }),
  }),
});

const PutawaySuggestion = builder.objectRef<putaway.PutawaySuggestion>('PutawaySuggestion').implement({
  fields: (t) => ({
    itemId: t.exposeInt('itemId'),
    itemNodeId: t.globalID({ description: 'Global id of the Item.', resolve: (s) => ({ type: 'Item', id: s.itemId }) }),
    sku: t.exposeString('sku'),
    itemName: t.exposeString('itemName'),
    preferredBin: t.field({ type: PutawayBinSuggestion, nullable: true, resolve: (s) => s.preferredBin }),
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
    message: t.exposeString('message'),
    transferId: t.exposeInt('transferId'),
    item: t.exposeString('item', { description: 'SKU.' }),
    fromBin: t.exposeString('fromBin', { description: 'Source bin code.' }),
    toBin: t.exposeString('toBin', { description: 'Destination bin code.' }),
    quantity: t.exposeInt('quantity'),
  }),
});

const PutawayPreferredBin = builder.objectRef<putaway.PreferredBinResult>('PutawayPreferredBin').implement({
  description: "An item's new primary (and default) bin.",
  fields: (t) => ({
    message: t.exposeString('message'),
    itemId: t.exposeInt('itemId'),
    binId: t.exposeInt('binId'),
    binCode: t.exposeString('binCode'),
  }),
});

const PutawayConfirmInput = builder.inputType('PutawayConfirmInput', {
  fields: (t) => ({
    itemId: t.int({ required: true }),
    fromBinId: t.int({ required: true }),
    toBinId: t.int({ required: true }),
    quantity: t.int({ required: true }),
    lotNumber: t.string(),
  }),
});

const PutawayUpdatePreferredInput = builder.inputType('PutawayUpdatePreferredInput', {
  fields: (t) => ({
    itemId: t.int({ required: true }),
    binId: t.int({ required: true }),
    setAsPrimary: t.boolean({ description: 'Default true; false changes nothing (audit only).' }),
  }),
});

builder.queryField('putawayPending', (t) =>
  t.withShield(authenticated).field({
    type: [PutawayPendingItem],
    description: 'Stock in Staging bins of a warehouse, waiting to be put away.',
    args: { warehouseId: t.arg.int({ required: true }) },
    resolve: (_r, { warehouseId }, ctx) => putaway.pendingPutaway(ctx, warehouseId),
  }),
);

builder.queryField('putawaySuggestion', (t) =>
  t.withShield(authenticated).field({
    type: PutawaySuggestion,
    nullable: true,
    description: "Where to put an item: its top preferred bin, else its default bin (within the user's warehouses); null when there is no such item.",
    args: { itemId: t.arg.int({ required: true }) },
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
    args: { input: t.arg({ type: PutawayConfirmInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => putaway.confirm(ctx, snakeKeys(input))),
  }),
);

builder.mutationField('putawayUpdatePreferred', (t) =>
  t.withShield(can('putaway')).field({
    type: PutawayUpdatePreferredPayload,
    description: "Makes a bin the item's primary preferred bin (priority 1 in its warehouse) and its default bin.",
    args: { input: t.arg({ type: PutawayUpdatePreferredInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => putaway.updatePreferred(ctx, snakeKeys(input))),
  }),
);
