// GraphQL types, queries and mutations of the admin users module (spec 70 §10). The password hash is never exposed.
import { builder } from '../../graphql/builder';
import { UserRole } from '../../graphql/enums';
import { queryFromInfo } from '@pothos/plugin-prisma';
import type { GraphQLResolveInfo } from 'graphql';
import type { AuthedContext } from '../../context';
import { payloadOf, payloadType } from '../../graphql/payloads';
import { parseInput } from '../../graphql/inputs';
import { UserCreateInput as UserCreateSchema, UserDeleteInput as UserDeleteSchema, UserUpdateInput as UserUpdateSchema } from './users.inputs';
import { pageCount, pageParent, type PageParent } from '../orders/paging';
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

const UserPage = builder.objectRef<PageParent<null>>('UserPage').implement({
  description: 'One page of users by id (legacy page-based envelope).',
  fields: (t) => ({
    users: t.prismaField({
      type: [User],
      resolve: (query, p, _a, ctx) =>
        ctx.app.prisma.user.findMany({ ...query, orderBy: { userId: 'asc' }, skip: (p.page - 1) * p.perPage, take: p.perPage }),
    }),
    total: t.int({ resolve: (p) => p.total() }),
    page: t.exposeInt('page'),
    perPage: t.exposeInt('perPage'),
    pages: t.int({ resolve: async (p) => pageCount(await p.total(), p.perPage) }),
  }),
});

const UserSort = builder.enumType('UserSort', { values: ['ID_ASC', 'USERNAME_ASC'] as const });

builder.queryFields((t) => ({
  users: t.withShield(admin).prismaConnection(
    {
      type: User,
      cursor: 'userId',
      args: {
        role: t.arg({ type: UserRole }),
        isActive: t.arg.boolean(),
        warehouseId: t.arg.int({ description: 'Users allowed in this warehouse.' }),
        sort: t.arg({ type: UserSort }),
      },
      resolve: (query, _r, args, ctx) =>
        ctx.app.prisma.user.findMany({
          ...query,
          where: userWhere(args),
          orderBy: args.sort === 'USERNAME_ASC' ? [{ username: 'asc' }, { userId: 'asc' }] : { userId: 'asc' },
        }),
      totalCount: (_c, args, ctx) => ctx.app.prisma.user.count({ where: userWhere(args) }),
    },
    {},
  ),
  userPage: t.withShield(admin).field({
    type: UserPage,
    description: 'Legacy page-based list (page default 1, perPage default 50, max 1000), by id.',
    args: { page: t.arg.int(), perPage: t.arg.int() },
    resolve: (_r, args, ctx) => pageParent(args, null, () => ctx.app.prisma.user.count()),
  }),
}));

function userWhere(args: { role?: string | null; isActive?: boolean | null; warehouseId?: number | null }) {
  return {
    ...(args.role ? { role: args.role } : {}),
    ...(args.isActive !== null && args.isActive !== undefined ? { isActive: args.isActive } : {}),
    ...(args.warehouseId ? { warehouseIds: { has: args.warehouseId } } : {}),
  };
}

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
    userId: t.int({ required: true, description: 'The user to change.' }),
    fullName: t.string(),
    role: t.field({ type: UserRole }),
    warehouseId: t.int(),
    warehouseIds: t.intList(),
    allowedFunctions: t.stringList(),
    isActive: t.boolean(),
    password: t.string(),
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
    args: { input: t.arg({ type: UserCreateInput, required: true }) },
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
