import type { AppServices } from '../app';
import type { CurrentUser } from '../context';
import { type AppError, unauthorized } from '../errors';
import { verifyToken } from './jwt';

export type AuthResult = { user: CurrentUser; error: null } | { user: null; error: AppError };

/** The bearer-token check of spec 10 §1, steps 1–4, in that order. */
export async function authenticate(app: AppServices, authorization: string | null): Promise<AuthResult> {
  if (!authorization || !authorization.startsWith('Bearer ')) return { user: null, error: unauthorized() };
  const claims = verifyToken(app.config.jwtSecret, authorization.slice('Bearer '.length));
  if (!claims) return { user: null, error: unauthorized('Token expired') };
  const userId = claims.user_id;
  // legacy-difference: a signed token without an integer user_id/username was a 500; it is a 401 here.
  if (!Number.isInteger(userId) || userId <= 0 || userId > 2147483647 || typeof claims.username !== 'string') {
    return { user: null, error: unauthorized() };
  }
  const row = await app.prisma.user.findUnique({ where: { userId } });
  if (!row || row.isActive === false) return { user: null, error: unauthorized() };
  if (row.passwordChangedAt && typeof claims.iat === 'number') {
    const cutoff = Math.floor(row.passwordChangedAt.getTime() / 1000);
    if (claims.iat < cutoff) return { user: null, error: unauthorized('Token invalidated by password change') };
  }
  return {
    user: {
      userId: row.userId,
      username: claims.username,
      fullName: row.fullName,
      role: row.role,
      isAdmin: row.role === 'ADMIN',
      warehouseId: row.warehouseId,
      warehouseIds: row.warehouseIds ?? [],
      allowedFunctions: row.allowedFunctions ?? [],
    },
    error: null,
  };
}
