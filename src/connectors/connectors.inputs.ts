/** Body schemas of /admin/connectors (spec 90 §7, spec 80). Parsed output keeps the legacy snake_case names. */
import { body, int, strMap, type Infer } from '../validation/pydantic';

/** POST /admin/connectors/{name}/credentials */
export const CredentialsSaveInput = body({
  warehouse_id: int({ gt: 0 }),
  // legacy-difference: a credential key longer than the DB column (varchar(128)) was a 500; now
  // string_too_long at loc ["credentials", <key>, "[key]"] (pydantic's loc for dict keys)
  credentials: strMap({ min: 1, keyMax: 128 }),
});
export type CredentialsSaveInput = Infer<typeof CredentialsSaveInput>;

/** POST /admin/connectors/{name}/test */
export const ConnectorTestInput = body({
  warehouse_id: int({ gt: 0 }),
});
export type ConnectorTestInput = Infer<typeof ConnectorTestInput>;

/** DELETE /admin/connectors/{name}/credentials — warehouse_id required in the body, as in the legacy.
 *  (The legacy admin panel sends no body at all, so its delete keeps failing with validation_error —
 *  spec 95 §7.1; fixing that needs a source other than the body, which is the handler's call.) */
export const CredentialsDeleteInput = body({
  warehouse_id: int({ gt: 0 }),
});
export type CredentialsDeleteInput = Infer<typeof CredentialsDeleteInput>;

/**
 * A `warehouse_id` the legacy read outside the body schema (query string, or the sync trigger's raw body):
 * integers, integer strings (` 5 `, `1_000`) and booleans; anything else (or out of the int range) is
 * treated as absent, which the endpoints answer with their "required" 400.
 */
export function looseWarehouseId(value: unknown): number | null {
  let n: number;
  if (typeof value === 'boolean') n = value ? 1 : 0;
  else if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\s*[+-]?\d+(?:_\d+)*\s*$/.test(value)) n = Number(value.replace(/[_\s]/g, ''));
  else return null;
  return Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 ? n : null;
}
