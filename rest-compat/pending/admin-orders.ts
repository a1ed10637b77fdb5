/** Documented admin-orders paths not served yet; delete a line when its route lands. */
export const pending: string[] = [
  'GET /api/admin/purchase-orders',
  'GET /api/admin/purchase-orders/{id}',
  'POST /api/admin/purchase-orders',
  'PUT /api/admin/purchase-orders/{id}',
  'POST /api/admin/purchase-orders/{id}/close',
  'GET /api/admin/sales-orders',
  'GET /api/admin/sales-orders/{id}',
  'POST /api/admin/sales-orders',
  'PUT /api/admin/sales-orders/{id}',
  'POST /api/admin/sales-orders/{id}/cancel',
  'GET /api/admin/users',
  'POST /api/admin/users',
  'PUT /api/admin/users/{id}',
  'DELETE /api/admin/users/{id}',
  'POST /api/admin/import/{entity_type}',
];
