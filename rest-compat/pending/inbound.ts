/** Documented inbound paths not served yet; delete a line when its route lands. */
export const pending: string[] = [
  'GET /api/receiving/po/{barcode}',
  'POST /api/receiving/receive',
  'POST /api/receiving/cancel',
  'GET /api/putaway/pending/{warehouse_id}',
  'GET /api/putaway/suggest/{item_id}',
  'POST /api/putaway/confirm',
  'POST /api/putaway/update-preferred',
  'GET /api/lookup/item/{barcode}',
  'GET /api/lookup/bin/{barcode}',
  'GET /api/lookup/so/{barcode}',
  'GET /api/lookup/item/search',
  'GET /api/lookup/bin/search',
];
