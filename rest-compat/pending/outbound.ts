/** Documented outbound paths not served yet; delete a line when its route lands. */
export const pending: string[] = [
  'GET /api/picking/active-batch',
  'POST /api/picking/wave-validate',
  'POST /api/picking/wave-create',
  'POST /api/picking/create-batch',
  'GET /api/picking/batch/{batch_id}',
  'GET /api/picking/batch/{batch_id}/next',
  'POST /api/picking/confirm',
  'POST /api/picking/short',
  'POST /api/picking/complete-batch',
  'POST /api/picking/cancel-batch',
  'GET /api/packing/order/{barcode}',
  'POST /api/packing/verify',
  'POST /api/packing/complete',
  'GET /api/shipping/order/{barcode}',
  'POST /api/shipping/fulfill',
];
