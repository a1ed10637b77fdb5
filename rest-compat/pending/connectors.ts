/** Documented connectors paths not served yet; delete a line when its route lands. */
export const pending: string[] = [
  'GET /api/admin/connectors',
  'GET /api/admin/connectors/{connector_name}/config-schema',
  'POST /api/admin/connectors/{connector_name}/credentials',
  'GET /api/admin/connectors/{connector_name}/credentials',
  'DELETE /api/admin/connectors/{connector_name}/credentials',
  'POST /api/admin/connectors/{connector_name}/test',
  'GET /api/admin/connectors/{connector_name}/sync-status',
  'POST /api/admin/connectors/{connector_name}/sync/{sync_type}',
];
