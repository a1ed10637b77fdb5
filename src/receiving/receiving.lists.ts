// Dashboard list of receipts (issue #16), in the house list style of src/graphql/lists.ts.
import { builder } from '../graphql/builder';
import { dateRange, defineList, sortInput, warehouseScope } from '../graphql/lists';
import type { CurrentUser } from '../context';

const Receipt = builder.prismaNode('ItemReceipt', {
  name: 'Receipt',
  id: { field: 'receiptId' },
  description: 'Units of one item received into a bin (one scan of the receiving flow).',
  fields: (t) => ({
    receiptId: t.exposeInt('receiptId', { description: 'Integer id.' }),
    warehouseId: t.exposeInt('warehouseId', { description: 'Warehouse that received.' }),
    poId: t.exposeInt('poId', { nullable: true, description: 'Purchase order received against.' }),
    poNumber: t.string({
      nullable: true,
      description: 'Number of that purchase order.',
      select: { purchaseOrder: { select: { poNumber: true } } },
      resolve: (r) => r.purchaseOrder?.poNumber ?? null,
    }),
    poLineId: t.exposeInt('poLineId', { nullable: true, description: 'Purchase order line received against.' }),
    itemId: t.exposeInt('itemId', { description: 'Item received.' }),
    sku: t.string({ description: 'SKU of the item.', select: { item: { select: { sku: true } } }, resolve: (r) => r.item.sku }),
    itemName: t.string({ description: 'Name of the item.', select: { item: { select: { itemName: true } } }, resolve: (r) => r.item.itemName }),
    quantityReceived: t.exposeInt('quantityReceived', { description: 'Units received.' }),
    binId: t.exposeInt('binId', { description: 'Bin the units went to (usually a receiving bin).' }),
    binCode: t.string({ description: 'Code of that bin.', select: { bin: { select: { binCode: true } } }, resolve: (r) => r.bin.binCode }),
    lotNumber: t.exposeString('lotNumber', { nullable: true, description: 'Lot, when the item is lot-tracked.' }),
    serialNumber: t.exposeString('serialNumber', { nullable: true, description: 'Serial number, when the item is serialised.' }),
    receivedBy: t.exposeString('receivedBy', { description: 'Username of the receiver.' }),
    receivedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was received (ISO-8601 UTC).', resolve: (r) => r.receivedAt }),
  }),
});

const ReceiptFilter = builder.inputType('ReceiptFilter', {
  description: 'Conditions on receipts; all given ones must hold.',
  fields: (t) => ({
    warehouseId: t.int({ description: 'One warehouse (one the caller may not see lists nothing).' }),
    poId: t.int({ description: 'One purchase order.' }),
    itemId: t.int({ description: 'One item.' }),
    receivedBy: t.string({ description: 'Exact username of the receiver.' }),
    receivedFrom: t.field({ type: 'DateTime', description: 'Received at or after this instant.' }),
    receivedTo: t.field({ type: 'DateTime', description: 'Received before this instant.' }),
  }),
});

const ReceiptSortField = builder.enumType('ReceiptSortField', {
  description: 'Columns receipts can be ordered by.',
  values: {
    RECEIPT_ID: { value: 'receiptId', description: 'Integer id (receiving order).' },
    RECEIVED_AT: { value: 'receivedAt', description: 'Receiving time.' },
    QUANTITY_RECEIVED: { value: 'quantityReceived', description: 'Units received.' },
  } as const,
});

/** What the `ReceiptFilter` input arrives as. */
type ReceiptFilterShape = typeof ReceiptFilter.$inferInput;

export function receiptWhere(f: ReceiptFilterShape, user: CurrentUser) {
  return {
    warehouseId: warehouseScope(user, f.warehouseId),
    ...(f.poId != null ? { poId: f.poId } : {}),
    ...(f.itemId != null ? { itemId: f.itemId } : {}),
    ...(f.receivedBy != null ? { receivedBy: f.receivedBy } : {}),
    receivedAt: dateRange(f.receivedFrom, f.receivedTo),
  };
}

defineList<ReceiptFilterShape>({
  field: 'receipts',
  description: 'Receipts (units received into bins), newest first.',
  node: Receipt,
  nodeTypeName: 'Receipt',
  idField: 'receiptId',
  connectionName: 'ReceiptConnection',
  filter: ReceiptFilter,
  sortBy: sortInput('ReceiptSort', ReceiptSortField, 'receipts'),
  defaultSort: { field: 'receiptId', direction: 'DESC' },
  delegate: (ctx) => ctx.app.prisma.itemReceipt,
  where: receiptWhere,
});
