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
