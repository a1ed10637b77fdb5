import { PreferredBinUpdateInput, PutawayConfirmInput } from '../../src/putaway/putaway.inputs';
import { ReceiptCancelInput, ReceiveInput } from '../../src/receiving/receiving.inputs';
import { legacyInput } from '../legacy-input';
import { defineRoutes, existsElsewhere, notFoundAnswer, pathInt, type RestRequest } from '../route';
import type { PrismaClient } from '../../src/db';

const barcode = (req: RestRequest) => ({ barcode: req.params.barcode });
const query = (req: RestRequest) => ({ q: req.query.get('q') });

/** A PO of this barcode or number in any warehouse: one only another warehouse has is 403 (the reference; legacy 404). */
const poExists = (req: RestRequest, prisma: PrismaClient) =>
  prisma.purchaseOrder.findFirst({ where: { OR: [{ poBarcode: req.params.barcode }, { poNumber: req.params.barcode }] }, select: { poId: true } });

export const routes = defineRoutes([
  {
    method: 'GET', path: '/api/receiving/po/:barcode', auth: 'user', operation: 'ReceivingPurchaseOrder', variables: barcode,
    missing: existsElsewhere(poExists, notFoundAnswer('Purchase order not found')),
  },
  { method: 'POST', path: '/api/receiving/receive', auth: 'user', operation: 'ReceivingReceive', input: legacyInput(ReceiveInput, { models: { items: 'ReceiveItemEntry' } }) },
  {
    method: 'POST', path: '/api/receiving/cancel', auth: 'user', operation: 'ReceivingCancel', input: legacyInput(ReceiptCancelInput),
    // `reversed` is absent from the legacy "Nothing to cancel" body.
    result: (d) => {
      const { message, reversed } = d.receivingCancel;
      return reversed === null ? { message } : { message, reversed };
    },
  },
  {
    method: 'GET', path: '/api/putaway/pending/:warehouse_id#', auth: 'user', operation: 'PutawayPending',
    variables: (req) => ({ warehouseId: pathInt(req, 'warehouse_id') }),
    result: (d) => ({ pending_items: d.putawayPending }),
  },
  {
    method: 'GET', path: '/api/putaway/suggest/:item_id#', auth: 'user', operation: 'PutawaySuggestion',
    variables: (req) => ({ itemId: pathInt(req, 'item_id') }),
    missing: notFoundAnswer('Item not found'),
  },
  { method: 'POST', path: '/api/putaway/confirm', auth: 'user', operation: 'PutawayConfirm', input: legacyInput(PutawayConfirmInput) },
  { method: 'POST', path: '/api/putaway/update-preferred', auth: 'user', operation: 'PutawayUpdatePreferred', input: legacyInput(PreferredBinUpdateInput) },
  { method: 'GET', path: '/api/lookup/item/search', auth: 'user', operation: 'LookupItemSearch', variables: query },
  { method: 'GET', path: '/api/lookup/bin/search', auth: 'user', operation: 'LookupBinSearch', variables: query },
  { method: 'GET', path: '/api/lookup/item/:barcode', auth: 'user', operation: 'LookupItem', variables: barcode, missing: notFoundAnswer('Item not found') },
  { method: 'GET', path: '/api/lookup/bin/:barcode', auth: 'user', operation: 'LookupBin', variables: barcode, missing: notFoundAnswer('Bin not found') },
  {
    method: 'GET', path: '/api/lookup/so/:barcode', auth: 'user', operation: 'LookupSalesOrder', variables: barcode,
    result: (d) => ({ sales_order: d.lookupSalesOrder }),
    missing: notFoundAnswer('Sales order not found'),
  },
]);
