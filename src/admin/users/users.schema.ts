// GraphQL types, queries and mutations of the admin users module (spec 70 §10). The password hash is never exposed.
import { builder } from '../../graphql/builder';
import { UserRole } from '../../graphql/enums';
import { queryFromInfo } from '@pothos/plugin-prisma';
import type { GraphQLResolveInfo } from 'graphql';
import type { AuthedContext } from '../../context';
import { payloadOf, payloadType } from '../../graphql/payloads';
import { snakeKeys } from '../../shared/case';
import { defineList, sortInput } from '../../graphql/lists';
import * as users from './users.service';
import { admin } from '../../auth/rules';

export const User = builder.prismaNode('User', {
  description: 'A sign-in account. The password hash is never exposed.',
  id: { field: 'userId' },
  fields: (t) => ({
    userId: t.exposeInt('userId'),
    username: t.exposeString('username'),
    fullName: t.exposeString('fullName'),
    role: t.expose('role', { type: UserRole }),
    warehouseId: t.exposeInt('warehouseId', { nullable: true, description: 'Primary warehouse (informational).' }),
    warehouseIds: t.exposeIntList('warehouseIds', { description: 'The warehouses a non-admin may work in.' }),
    allowedFunctions: t.exposeStringList('allowedFunctions'),
    isActive: t.exposeBoolean('isActive', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true }),
    lastLogin: t.expose('lastLogin', { type: 'DateTime', nullable: true }),
  }),
});

const UserFilter = builder.inputType('UserFilter', {
  description: 'Conditions on users; all given ones must hold.',
  fields: (t) => ({
    role: t.field({ type: UserRole, description: 'Users of this role.' }),
    isActive: t.boolean({ description: 'Only active (true) or only deactivated (false) users.' }),
    warehouseId: t.int({ description: 'Users allowed in this warehouse.' }),
    q: t.string({ description: 'Case-insensitive substring of username or full name.' }),
  }),
});

const UserSortField = builder.enumType('UserSortField', {
  description: 'Columns users can be ordered by.',
  values: {
    USER_ID: { value: 'userId', description: 'Integer id (creation order).' },
    USERNAME: { value: 'username', description: 'Username, alphabetically.' },
    FULL_NAME: { value: 'fullName', description: 'Full name, alphabetically.' },
    LAST_LOGIN: { value: 'lastLogin', description: 'Time of the last sign-in.' },
  } as const,
});

interface UserFilterShape {
  role?: string | null;
  isActive?: boolean | null;
  warehouseId?: number | null;
  q?: string | null;
}

function userWhere(f: UserFilterShape) {
  return {
    ...(f.role ? { role: f.role } : {}),
    ...(f.isActive !== null && f.isActive !== undefined ? { isActive: f.isActive } : {}),
    ...(f.warehouseId ? { warehouseIds: { has: f.warehouseId } } : {}),
    ...(f.q
      ? { OR: [{ username: { contains: f.q, mode: 'insensitive' as const } }, { fullName: { contains: f.q, mode: 'insensitive' as const } }] }
      : {}),
  };
}

defineList<UserFilterShape>({
  field: 'users',
  description: 'Sign-in accounts, by id.',
  notes: 'ADMIN only.',
  rule: admin,
  node: User,
  nodeTypeName: 'User',
  idField: 'userId',
  connectionName: 'UserConnection',
  filter: UserFilter,
  sortBy: sortInput('UserSort', UserSortField, 'users'),
  defaultSort: { field: 'userId', direction: 'ASC' },
  delegate: (ctx) => ctx.app.prisma.user,
  where: (f) => userWhere(f),
});

const UserCreateInput = builder.inputType('UserCreateInput', {
  fields: (t) => ({
    username: t.string({ required: true }),
    password: t.string({ required: true }),
    fullName: t.string({ required: true }),
    role: t.field({ type: UserRole, required: true }),
    warehouseIds: t.intList(),
    warehouseId: t.int(),
    allowedFunctions: t.stringList(),
  }),
});

const UserUpdateInput = builder.inputType('UserUpdateInput', {
  description: 'Only the fields sent are written. A password resets the password and ends the older sessions.',
  fields: (t) => ({
    fullName: t.string(),
    role: t.field({ type: UserRole }),
    warehouseId: t.int(),
    warehouseIds: t.intList(),
    allowedFunctions: t.stringList(),
    isActive: t.boolean(),
    password: t.string(),
  }),
});

const userPayload = (name: string, mutation: string, what: string) =>
  payloadType<unknown>(name, {
    description: `Result of ${mutation}.`,
    resultField: 'user',
    resultType: User,
    resultDescription: `The ${what} as saved; null when userErrors is not empty.`,
  });
const UserCreatePayload = userPayload('UserCreatePayload', 'userCreate', 'new user');
const UserUpdatePayload = userPayload('UserUpdatePayload', 'userUpdate', 'user');
const UserDeletePayload = payloadType<number>('UserDeletePayload', {
  description: 'Result of userDelete.',
  resultField: 'deletedUserId',
  resultType: 'Int',
  resultDescription: 'The id of the deleted user; null when userErrors is not empty.',
});

/** The user as the payload's `user` selects it. */
const savedUser = (ctx: AuthedContext, info: GraphQLResolveInfo, userId: number) =>
  ctx.app.prisma.user.findUniqueOrThrow({ ...queryFromInfo({ context: ctx, info, typeName: 'User', path: ['user'] }), where: { userId } });

builder.mutationFields((t) => ({
  userCreate: t.withShield(admin).field({
    type: UserCreatePayload,
    description: 'Creates an active user; the username must be unique and the password meet the policy (8+ characters, a letter and a digit).',
    args: { input: t.arg({ type: UserCreateInput, required: true }) },
    resolve: (_r, { input }, ctx, info) => payloadOf(async () => savedUser(ctx, info, await users.createUser(ctx, snakeKeys(input)))),
  }),
  userUpdate: t.withShield(admin).field({
    type: UserUpdatePayload,
    description: 'Changes the fields sent. You cannot deactivate or demote yourself, nor remove the last active admin.',
    args: { userId: t.arg.int({ required: true }), input: t.arg({ type: UserUpdateInput, required: true }) },
    resolve: (_r, { userId, input }, ctx, info) =>
      payloadOf(async () => savedUser(ctx, info, await users.updateUser(ctx, userId, snakeKeys(input)))),
  }),
  userDelete: t.withShield(admin).field({
    type: UserDeletePayload,
    description: 'Deletes a user (not yourself, not the last active admin).',
    args: { userId: t.arg.int({ required: true }) },
    resolve: (_r, { userId }, ctx) => payloadOf(() => users.deleteUser(ctx, userId)),
  }),
}));
