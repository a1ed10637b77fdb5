// GraphQL types, queries and mutations of the admin users module (spec 70 §10). The password hash is never exposed.
import { builder } from '../../graphql/builder';
import { UserRole } from '../../graphql/enums';
import { queryFromInfo } from '@pothos/plugin-prisma';
import type { GraphQLResolveInfo } from 'graphql';
import type { AuthedContext } from '../../context';
import { payloadOf, payloadType } from '../../graphql/payloads';
import { defineList, sortInput } from '../../graphql/lists';
import { parseInput } from '../../graphql/inputs';
import { UserCreateInput as UserCreateSchema, UserDeleteInput as UserDeleteSchema, UserUpdateInput as UserUpdateSchema } from './users.inputs';
import * as users from './users.service';
import { admin } from '../../auth/rules';

export const User = builder.prismaNode('User', {
  description: 'A sign-in account. The password hash is never exposed.',
  id: { field: 'userId' },
  fields: (t) => ({
    userId: t.exposeInt('userId', { description: 'Integer key of the user (REST `user_id`).' }),
    username: t.exposeString('username', { description: 'Sign-in name, unique and case-sensitive; audit entries record it as the actor.' }),
    fullName: t.exposeString('fullName', { description: 'Name shown in the dashboard.' }),
    role: t.expose('role', { type: UserRole, description: 'ADMIN (everything) or USER (floor work in the granted warehouses).' }),
    warehouseId: t.exposeInt('warehouseId', { nullable: true, description: 'Primary warehouse (informational).' }),
    warehouseIds: t.exposeIntList('warehouseIds', { description: 'The warehouses a non-admin may work in.' }),
    allowedFunctions: t.exposeStringList('allowedFunctions', {
      description: 'Floor functions granted, as stored (`receive`, `putaway`, `pick`, `pack`, `ship`, `count`, `transfer` are the intended values). Not enforced by the server: they feed `me.allowedFunctions` for the scanner menu.',
    }),
    isActive: t.exposeBoolean('isActive', { nullable: true, description: 'False when the account is disabled (it cannot sign in); null on rows carried over without the flag.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true, description: 'When the account was created; null on rows carried over without it.' }),
    lastLogin: t.expose('lastLogin', { type: 'DateTime', nullable: true, description: 'When the user last signed in; null when never.' }),
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
  description: 'A new account (created active).',
  fields: (t) => ({
    username: t.string({ required: true, description: 'Sign-in name, unique (stored as given, case-sensitive).' }),
    password: t.string({ required: true, description: 'Initial password: 8+ characters with a letter and a digit.' }),
    fullName: t.string({ required: true, description: 'Name shown in the dashboard.' }),
    role: t.field({ type: UserRole, required: true, description: 'ADMIN or USER.' }),
    warehouseIds: t.intList({ description: 'The warehouses the user may work in (default none).' }),
    warehouseId: t.int({ description: 'Primary warehouse; the first of warehouseIds wins when both are sent.' }),
    allowedFunctions: t.stringList({ description: 'Floor functions granted (default none; values are stored as sent).' }),
  }),
});

const UserUpdateInput = builder.inputType('UserUpdateInput', {
  description: 'Only the fields sent are written. A password resets the password and ends the older sessions.',
  fields: (t) => ({
    userId: t.int({ required: true, description: 'The user to change.' }),
    fullName: t.string({ description: 'New display name.' }),
    role: t.field({ type: UserRole, description: 'New role (you cannot demote yourself).' }),
    warehouseId: t.int({ description: 'New primary warehouse.' }),
    warehouseIds: t.intList({ description: 'New list of warehouses the user may work in (replaces the old one).' }),
    allowedFunctions: t.stringList({ description: 'New list of floor functions (replaces the old one).' }),
    isActive: t.boolean({ description: 'false disables the account (not your own), true enables it.' }),
    password: t.string({ description: 'New password (same policy as on creation); ends the user\'s older sessions.' }),
  }),
});

const UserDeleteInput = builder.inputType('UserDeleteInput', {
  description: 'A user to delete.',
  fields: (t) => ({ userId: t.int({ required: true, description: 'The user to delete.' }) }),
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
    args: { input: t.arg({ type: UserCreateInput, required: true, description: 'The new account.' }) },
    resolve: (_r, { input }, ctx, info) => payloadOf(async () => savedUser(ctx, info, await users.createUser(ctx, parseInput(UserCreateSchema, input)))),
  }),
  userUpdate: t.withShield(admin).field({
    type: UserUpdatePayload,
    description: 'Changes the fields sent. You cannot deactivate or demote yourself, nor remove the last active admin.',
    args: { input: t.arg({ type: UserUpdateInput, required: true, description: 'The user and its changes.' }) },
    resolve: (_r, { input }, ctx, info) => payloadOf(async () => savedUser(ctx, info, await users.updateUser(ctx, parseInput(UserUpdateSchema, input)))),
  }),
  userDelete: t.withShield(admin).field({
    type: UserDeletePayload,
    description: 'Deletes a user (not yourself, not the last active admin).',
    args: { input: t.arg({ type: UserDeleteInput, required: true, description: 'The user to delete.' }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => users.deleteUser(ctx, parseInput(UserDeleteSchema, input))),
  }),
}));
