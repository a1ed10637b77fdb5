import type { AppServices } from '../app';
import type { CurrentUser } from '../context';
import { type AppError, unauthorized } from '../errors';
import { verifyToken } from './jwt';
import { authenticateApiToken, isApiTokenSecret } from '../api-tokens/api-tokens.service';

const USER_QUERY = `SELECT full_name, role, warehouse_id, warehouse_ids, allowed_functions, is_active, password_changed_at
  FROM users WHERE user_id = $1`;

export interface AuthRow {
  full_name: string;
  role: string;
  warehouse_id: number | null;
  warehouse_ids: number[] | null;
  allowed_functions: string[] | null;
  is_active: boolean | null;
  password_changed_at: Date | null;
}

export type AuthResult = { user: CurrentUser; error: null } | { user: null; error: AppError };

/** The bearer-token check of spec 10 §1, steps 1–4, in that order. */
export async function authenticate(app: AppServices, authorization: string | null): Promise<AuthResult> {
  if (!authorization || !authorization.startsWith('Bearer ')) return { user: null, error: unauthorized() };
  const bearer = authorization.slice('Bearer '.length);
  // read-only API tokens (wall-boards) are recognised by their prefix, never confused with a JWT
  if (isApiTokenSecret(bearer)) return authenticateApiToken(app, bearer);
  const claims = verifyToken(app.config.jwtSecret, bearer);
  if (!claims) return { user: null, error: unauthorized('Token expired') };
  const userId = claims.user_id;
  // legacy-difference: a signed token without an integer user_id/username was a 500; it is a 401 here.
  if (!Number.isInteger(userId) || userId <= 0 || userId > 2147483647 || typeof claims.username !== 'string') {
    return { user: null, error: unauthorized() };
  }
  // Every request runs this: from the in-process cache (invalidated on every change, src/auth/user-cache.ts) when
  // there is one, else one plain statement straight on the driver.
  const load = async () => (await app.db.reads<AuthRow>(USER_QUERY, [userId]))[0];
  const row = app.userCache ? await app.userCache.get(userId, load) : await load();
  if (!row || row.is_active === false) return { user: null, error: unauthorized() };
  if (row.password_changed_at && typeof claims.iat === 'number') {
    const cutoff = Math.floor(row.password_changed_at.getTime() / 1000);
    if (claims.iat < cutoff) return { user: null, error: unauthorized('Token invalidated by password change') };
  }
  return {
    user: {
      userId,
      username: claims.username,
      fullName: row.full_name,
      role: row.role,
      isAdmin: row.role === 'ADMIN',
      warehouseId: row.warehouse_id,
      warehouseIds: row.warehouse_ids ?? [],
      allowedFunctions: row.allowed_functions ?? [],
    },
    error: null,
  };
}
