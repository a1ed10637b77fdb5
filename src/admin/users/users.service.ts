/** Admin user management (spec 70 §10): create, update with the self/last-admin safeguards, delete. */
import type { AuthedContext } from '../../context';
import type { Prisma } from '../../db';
import { withTransaction, type Tx } from '../../db/tx';
import { badRequest, notFound } from '../../errors';
import { assertPasswordPolicy, hashPassword } from '../../auth/password';
import type { UserCreateInput, UserDeleteInput, UserUpdateInput } from './users.inputs';

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === 'P2002';

/** Paths of the errors about one input field or the `userId` argument (GraphQL names). */
const PASSWORD = ['input', 'password'];
const USER_ID_FIELD = { field: ['input', 'userId'] };

/** The primary warehouse: the first of a non-empty `warehouseIds`, else `warehouseId`; `field` is where it came from. */
function primaryWarehouse(input: { warehouseIds?: number[] | null; warehouseId?: number | null }) {
  if (input.warehouseIds && input.warehouseIds.length > 0) return { id: input.warehouseIds[0], field: ['input', 'warehouseIds', 0] };
  return { id: input.warehouseId, field: ['input', 'warehouseId'] };
}

async function assertWarehouseExists(tx: Tx, primary: { id: number | null | undefined; field: (string | number)[] }) {
  if (primary.id === null || primary.id === undefined) return;
  const found = await tx.warehouse.findUnique({ where: { warehouseId: primary.id }, select: { warehouseId: true } });
  // legacy-difference: an unknown primary warehouse failed the FK with a 500
  if (!found) throw badRequest(`Warehouse ${primary.id} not found`, { field: primary.field });
}

export async function createUser(ctx: AuthedContext, input: UserCreateInput): Promise<number> {
  assertPasswordPolicy(input.password, PASSWORD);
  const duplicate = () => badRequest(`Duplicate username: ${input.username}`, { field: ['input', 'username'] });
  const warehouseIds = input.warehouseIds;
  const allowedFunctions = input.allowedFunctions;
  const primary = primaryWarehouse(input);
  const warehouseId = primary.id ?? null;
  const passwordHash = await hashPassword(input.password); // outside the transaction: bcrypt is slow
  try {
    return await withTransaction(ctx.app.prisma, async (tx) => {
      if (await tx.user.findUnique({ where: { username: input.username }, select: { userId: true } })) throw duplicate();
      await assertWarehouseExists(tx, primary);
      const user = await tx.user.create({
        data: {
          username: input.username,
          passwordHash,
          fullName: input.fullName,
          role: input.role,
          warehouseId,
          warehouseIds,
          allowedFunctions,
          isActive: true,
        },
        select: { userId: true },
      });
      return user.userId;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicate();
    throw e;
  }
}

/**
 * Locks every active ADMIN row (id order) and the target row, so that two admins demoting, deactivating
 * or deleting each other at once are serialised: the second one sees the first one's change and the
 * last-admin rule holds. Returns the target (or null) and the ids of the active admins.
 */
async function lockAdminsAndTarget(tx: Tx, userId: number) {
  const admins = await tx.$queryRaw<{ user_id: number }[]>`
    SELECT user_id FROM users WHERE role = 'ADMIN' AND is_active = true ORDER BY user_id FOR UPDATE`;
  const [target] = await tx.$queryRaw<{ user_id: number; role: string; is_active: boolean | null }[]>`
    SELECT user_id, role, is_active FROM users WHERE user_id = ${userId} FOR UPDATE`;
  const activeAdminIds = admins.map((a) => a.user_id);
  return { target: target ?? null, activeAdminIds };
}

export async function updateUser(ctx: AuthedContext, input: UserUpdateInput): Promise<number> {
  const { userId } = input;
  const isSelf = userId === ctx.user.userId;
  const password = input.password ?? undefined;
  const passwordHash = password ? await hashPasswordChecked(ctx, userId, isSelf, input, password) : undefined;

  return withTransaction(ctx.app.prisma, async (tx) => {
    const { target, activeAdminIds } = await lockAdminsAndTarget(tx, userId);
    assertUpdateAllowed(target, activeAdminIds, isSelf, input);
    if (password) assertPasswordPolicy(password, PASSWORD);
    const data: Prisma.UserUncheckedUpdateInput = {};
    if (input.fullName !== undefined) data.fullName = input.fullName;
    if (input.role !== undefined) data.role = input.role;
    if (input.warehouseIds !== undefined) data.warehouseIds = input.warehouseIds ?? [];
    if (input.allowedFunctions !== undefined) data.allowedFunctions = input.allowedFunctions ?? [];
    if (input.isActive !== undefined) data.isActive = input.isActive;
    if (passwordHash) {
      data.passwordHash = passwordHash;
      data.passwordChangedAt = new Date(); // older tokens of this user stop working
    }
    // legacy-difference: sending both was a 500 (the column was assigned twice); the list wins here
    const primary = primaryWarehouse(input);
    if (primary.id !== undefined) {
      await assertWarehouseExists(tx, primary);
      data.warehouseId = primary.id;
    }
    if (Object.keys(data).length === 0) throw badRequest('No fields to update');
    await tx.user.update({ where: { userId }, data });
    return userId;
  });
}

/** Checks 1–4 of spec 70 §10 (PUT), in order, against the locked rows. */
function assertUpdateAllowed(
  target: { role: string; is_active: boolean | null } | null,
  activeAdminIds: number[],
  isSelf: boolean,
  input: UserUpdateInput,
) {
  if (!target) throw notFound('User not found', USER_ID_FIELD);
  if (isSelf && input.isActive !== undefined && !input.isActive) {
    throw badRequest('Cannot deactivate your own account', { field: ['input', 'isActive'] });
  }
  if (isSelf && input.role !== undefined && input.role !== 'ADMIN') throw badRequest('Cannot downgrade your own role', { field: ['input', 'role'] });
  const isActiveAdmin = target.role === 'ADMIN' && target.is_active === true;
  const demotes = (input.role !== undefined && input.role !== 'ADMIN') || (input.isActive !== undefined && !input.isActive);
  if (isActiveAdmin && demotes && activeAdminIds.length <= 1) throw badRequest('Cannot remove the last active admin');
}

/**
 * bcrypt runs before the transaction (it is slow and must not hold the admin locks). The checks that
 * precede the password policy in the legacy order are re-run inside the transaction on locked rows.
 */
async function hashPasswordChecked(ctx: AuthedContext, userId: number, isSelf: boolean, input: UserUpdateInput, password: string) {
  const target = await ctx.app.prisma.user.findUnique({ where: { userId }, select: { role: true, isActive: true } });
  const activeAdmins = await ctx.app.prisma.user.findMany({ where: { role: 'ADMIN', isActive: true }, select: { userId: true } });
  assertUpdateAllowed(
    target ? { role: target.role, is_active: target.isActive } : null,
    activeAdmins.map((a) => a.userId),
    isSelf,
    input,
  );
  assertPasswordPolicy(password, PASSWORD);
  return hashPassword(password);
}

export async function deleteUser(ctx: AuthedContext, { userId }: UserDeleteInput) {
  return withTransaction(ctx.app.prisma, async (tx) => {
    const { target, activeAdminIds } = await lockAdminsAndTarget(tx, userId);
    if (!target) throw notFound('User not found', USER_ID_FIELD);
    if (userId === ctx.user.userId) throw badRequest('Cannot delete yourself');
    if (target.role === 'ADMIN' && target.is_active === true && activeAdminIds.length <= 1) {
      throw badRequest('Cannot delete the last active admin');
    }
    await tx.user.delete({ where: { userId } });
    return userId;
  });
}
