/** Documented inventory paths not served yet; delete a line when its route lands. */
export const pending: string[] = [
  'POST /api/inventory/cycle-count/create',
  'GET /api/inventory/cycle-count/{count_id}',
  'POST /api/inventory/cycle-count/submit',
  'POST /api/transfers/move',
  'GET /api/admin/adjustments/pending',
  'POST /api/admin/adjustments/review',
  'POST /api/admin/adjustments/direct',
  'GET /api/admin/adjustments/list',
  'GET /api/admin/cycle-counts',
  'POST /api/admin/inter-warehouse-transfer',
  'GET /api/admin/inter-warehouse-transfers',
  'GET /api/admin/short-picks',
];
