import { randomUUID } from 'node:crypto';
import type { AppServices } from '../app';
import type { CurrentUser } from '../context';
import { forbidden, notFound, rateLimited, unauthorized } from '../errors';
import { isPackingRequired } from '../settings/settings.service';
import type { ChangePasswordInput, LoginInput } from './auth.inputs';
import { signToken } from './jwt';
import { formatRemaining, ipKey, userKey } from './login-limiter';
import { assertPasswordPolicy, hashPassword, verifyPassword } from './password';
import { ALL_FUNCTIONS, scopedWarehouseIds } from './scope';

export interface LoginResult {
  token: string;
  user: {
    userId: number;
    username: string;
    fullName: string;
    role: string;
    warehouseId: number | null;
    warehouseIds: number[];
    allowedFunctions: string[];
    isActive: boolean;
  };
}

// Unknown usernames are checked against a throwaway hash so they cost as much as wrong passwords.
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => (dummyHash ??= hashPassword(randomUUID()));

export async function login(app: AppServices, input: LoginInput, clientIp: string): Promise<LoginResult> {
  const username = input.username;
  const limiter = app.loginLimiter;
  const ip = ipKey(clientIp);
  const user = userKey(username);

  const ipLock = await limiter.lockRemainingMs(ip);
  if (ipLock > 0) {
    throw rateLimited(`Too many failed attempts from your IP. Try again in ${formatRemaining(ipLock)}`);
  }
  const userLock = await limiter.lockRemainingMs(user);
  if (userLock > 0) {
    throw rateLimited(`Too many failed attempts for this account. Try again in ${formatRemaining(userLock)}`);
  }

  const row = await app.prisma.user.findFirst({ where: { username, isActive: true } });
  const ok = await verifyPassword(input.password, row?.passwordHash ?? (await getDummyHash()));
  if (!row || !ok) {
    const [userLocked, ipLocked] = await Promise.all([limiter.recordFailure(user), limiter.recordFailure(ip)]);
    if (ipLocked) throw rateLimited('Too many failed attempts from your IP. Locked for 15 minutes');
    if (userLocked) throw rateLimited('Too many failed attempts for this account. Locked for 15 minutes');
    throw unauthorized('Invalid username or password');
  }

  await app.prisma.user.update({ where: { userId: row.userId }, data: { lastLogin: new Date() } });
  await limiter.reset([user, ip]);
  const warehouseIds = row.warehouseIds ?? [];
  return {
    token: signToken(app.config.jwtSecret, {
      userId: row.userId,
      username: row.username,
      role: row.role,
      warehouseId: row.warehouseId,
      warehouseIds,
    }),
    user: {
      userId: row.userId,
      username: row.username,
      fullName: row.fullName,
      role: row.role,
      warehouseId: row.warehouseId,
      warehouseIds,
      allowedFunctions: row.allowedFunctions ?? [],
      isActive: row.isActive !== false,
    },
  };
}

export async function me(app: AppServices, current: CurrentUser) {
  const row = await app.prisma.user.findUnique({ where: { userId: current.userId } });
  if (!row) throw notFound('User not found');
  const requirePacking = await isPackingRequired(app.prisma);
  let functions: string[] = row.role === 'ADMIN' ? [...ALL_FUNCTIONS] : [...(row.allowedFunctions ?? [])];
  if (!requirePacking) functions = functions.filter((f) => f !== 'pack');
  return {
    userId: row.userId,
    username: row.username,
    fullName: row.fullName,
    role: row.role,
    warehouseId: row.warehouseId,
    allowedFunctions: functions,
    requirePacking,
  };
}

export interface AccessibleWarehouse {
  warehouseId: number;
  warehouseCode: string;
  warehouseName: string;
  isActive: boolean;
}

/** The warehouses `current` may see (admins: all), by id; the live list, not the token's. */
export async function accessibleWarehouses(app: AppServices, current: CurrentUser): Promise<AccessibleWarehouse[]> {
  const ids = scopedWarehouseIds(current);
  const rows = await app.prisma.warehouse.findMany({
    where: ids ? { warehouseId: { in: ids } } : {},
    orderBy: { warehouseId: 'asc' },
    select: { warehouseId: true, warehouseCode: true, warehouseName: true, isActive: true },
  });
  return rows.map((w) => ({ ...w, isActive: w.isActive !== false }));
}

export async function refresh(app: AppServices, current: CurrentUser): Promise<{ token: string }> {
  const row = await app.prisma.user.findUnique({ where: { userId: current.userId } });
  if (!row || row.isActive === false) throw unauthorized('Account disabled or deleted');
  return {
    token: signToken(app.config.jwtSecret, {
      userId: row.userId,
      username: row.username,
      role: row.role,
      warehouseId: row.warehouseId,
      warehouseIds: row.warehouseIds ?? [],
    }),
  };
}

export async function changePassword(app: AppServices, current: CurrentUser, input: ChangePasswordInput) {
  assertPasswordPolicy(input.newPassword);
  const row = await app.prisma.user.findUnique({ where: { userId: current.userId } });
  if (!row) throw unauthorized();
  if (!(await verifyPassword(input.currentPassword, row.passwordHash))) {
    throw forbidden('Current password is incorrect');
  }
  await app.prisma.user.update({
    where: { userId: row.userId },
    data: { passwordHash: await hashPassword(input.newPassword), passwordChangedAt: new Date() },
  });
  return { message: 'Password changed' };
}
