import { builder } from '../graphql/builder';
import { payloadOf, payloadType } from '../graphql/payloads';
import { UserRole } from '../graphql/enums';
import { MessagePayload } from '../graphql/common';
import { parseInput } from '../graphql/inputs';
import { ChangePasswordInput as ChangePasswordSchema, LoginInput as LoginSchema } from './auth.inputs';
import * as auth from './auth.service';
import { anyone, authenticated } from './rules';
import type { AuthedContext } from '../context';

const AuthUser = builder.objectRef<auth.LoginResult['user']>('AuthUser').implement({
  description: 'The user a session was opened for.',
  fields: (t) => ({
    userId: t.exposeInt('userId', { description: 'The user id.' }),
    username: t.exposeString('username', { description: 'The sign-in name.' }),
    fullName: t.exposeString('fullName', { description: 'The display name.' }),
    role: t.expose('role', { description: 'The role: ADMIN sees every warehouse and the admin operations.', type: UserRole }),
    warehouseId: t.exposeInt('warehouseId', { description: 'The user\'s home warehouse; null when none.', nullable: true }),
    warehouseIds: t.exposeIntList('warehouseIds', { description: 'The warehouses assigned to the user (an ADMIN sees every warehouse).' }),
    allowedFunctions: t.exposeStringList('allowedFunctions', { description: 'The floor functions the user may perform (e.g. receive, pick).' }),
    isActive: t.exposeBoolean('isActive', { description: 'Whether the user may sign in.' }),
  }),
});

const Session = builder.objectRef<auth.LoginResult>('Session').implement({
  description: 'A signed-in session: the bearer token and who it belongs to.',
  fields: (t) => ({
    token: t.exposeString('token', { description: 'Send as `Authorization: Bearer <token>`; valid 8 hours.' }),
    user: t.field({ type: AuthUser, description: 'The signed-in user.', resolve: (r) => r.user }),
  }),
});

const LoginPayload = payloadType<auth.LoginResult>('LoginPayload', {
  description: 'Result of login. Wrong credentials, a disabled user and too many attempts are top-level errors (UNAUTHENTICATED, RATE_LIMITED), not userErrors.',
  resultField: 'session',
  resultType: Session,
  resultDescription: 'The new session; null when userErrors is not empty.',
});

const RenewedSession = builder.objectRef<{ token: string }>('RenewedSession').implement({
  description: 'A renewed session token.',
  fields: (t) => ({ token: t.exposeString('token', { description: 'Send as `Authorization: Bearer <token>`; valid 8 hours.' }) }),
});

export const WarehouseFunctionEnum = builder.enumType('WarehouseFunction', {
  description: 'A floor function a user can be granted.',
  values: {
    RECEIVE: { value: 'receive', description: 'Receive purchase orders.' },
    PUTAWAY: { value: 'putaway', description: 'Put received stock away into storage bins.' },
    PICK: { value: 'pick', description: 'Create and pick batches and waves.' },
    PACK: { value: 'pack', description: 'Verify and complete packing (offered only while packing is required).' },
    SHIP: { value: 'ship', description: 'Ship packed orders.' },
    COUNT: { value: 'count', description: 'Create and submit cycle counts.' },
    TRANSFER: { value: 'transfer', description: 'Move stock between bins.' },
  } as const,
});

const AccessibleWarehouse = builder.objectRef<auth.AccessibleWarehouse>('AccessibleWarehouse').implement({
  description: 'A warehouse the signed-in user works in.',
  fields: (t) => ({
    warehouseId: t.exposeInt('warehouseId', { description: 'Integer id (the `warehouseId` filter of the lists).' }),
    warehouseNodeId: t.globalID({ description: 'Global id of the Warehouse.', resolve: (w) => ({ type: 'Warehouse', id: w.warehouseId }) }),
    warehouseCode: t.exposeString('warehouseCode', { description: 'Short unique code.' }),
    warehouseName: t.exposeString('warehouseName', { description: 'Display name.' }),
    isActive: t.exposeBoolean('isActive', { description: 'False when it is hidden from the scanner list.' }),
  }),
});

type MeShape = Awaited<ReturnType<typeof auth.me>>;
const Me = builder.objectRef<MeShape>('Me').implement({
  description: 'The signed-in user with the floor functions the scanner app should offer.',
  fields: (t) => ({
    userId: t.exposeInt('userId', { description: 'The user id.' }),
    username: t.exposeString('username', { description: 'The sign-in name.' }),
    fullName: t.exposeString('fullName', { description: 'The display name.' }),
    role: t.expose('role', { description: 'The role: ADMIN sees every warehouse and the admin operations.', type: UserRole }),
    warehouseId: t.exposeInt('warehouseId', { description: 'The user\'s home warehouse; null when none.', nullable: true }),
    warehouses: t.field({
      type: [AccessibleWarehouse],
      description: 'The warehouses the user may see, by id: every warehouse for an admin, else its assigned ones.',
      resolve: (m, _a, ctx) => auth.accessibleWarehouses(ctx.app, (ctx as AuthedContext).user),
    }),
    allowedFunctions: t.field({
      type: [WarehouseFunctionEnum],
      description: 'Functions to offer: all for an admin, else the granted ones; PACK only while packing is required.',
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- stored function names are the enum's values
      resolve: (m) => m.allowedFunctions as any,
    }),
    requirePacking: t.exposeBoolean('requirePacking', { description: 'Whether orders must be packed before they ship (a setting).' }),
  }),
});

const LoginInput = builder.inputType('LoginInput', {
  description: 'Credentials to sign in with.',
  fields: (t) => ({
    username: t.string({ description: 'The sign-in name.', required: true }),
    password: t.string({ description: 'The password.', required: true }),
  }),
});

const ChangePasswordInput = builder.inputType('ChangePasswordInput', {
  description: 'A change of the signed-in user\'s password.',
  fields: (t) => ({
    currentPassword: t.string({ description: 'The current password.', required: true }),
    newPassword: t.string({ description: 'The new password.', required: true }),
  }),
});

builder.mutationField('login', (t) =>
  t.withShield(anyone).field({
    type: LoginPayload,
    description: 'Exchanges a username and password for an 8-hour token.',
    args: { input: t.arg({ description: 'The input of the mutation.', type: LoginInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => auth.login(ctx.app, parseInput(LoginSchema, input), ctx.clientIp)),
  }),
);

builder.queryField('me', (t) =>
  t.withShield(authenticated).field({ description: 'The signed-in user, with the warehouses and functions allowed.', type: Me, resolve: (_r, _a, ctx) => auth.me(ctx.app, ctx.user) }),
);

const RefreshTokenPayload = payloadType<{ token: string }>('RefreshTokenPayload', {
  description: 'Result of refreshToken. An expired or revoked token is a top-level UNAUTHENTICATED error.',
  resultField: 'session',
  resultType: RenewedSession,
  resultDescription: 'The renewed session; null when userErrors is not empty.',
});

builder.mutationField('refreshToken', (t) =>
  t.withShield(authenticated).field({
    type: RefreshTokenPayload,
    description: 'A fresh session token for the signed-in user (valid 8 hours). Takes no input: the session is the caller\'s.',
    resolve: (_r, _a, ctx) => payloadOf(() => auth.refresh(ctx.app, ctx.user)),
  }),
);

const ChangePasswordPayload = payloadType<{ message: string }>('ChangePasswordPayload', {
  description: 'Result of changePassword.',
  resultField: 'result',
  resultType: MessagePayload,
  resultDescription: 'Confirmation; null when userErrors is not empty.',
});

builder.mutationField('changePassword', (t) =>
  t.withShield(authenticated).field({
    type: ChangePasswordPayload,
    description: 'Changes the caller\'s password; tokens issued before stop working. A wrong current password is FORBIDDEN.',
    args: { input: t.arg({ description: 'The input of the mutation.', type: ChangePasswordInput, required: true }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => auth.changePassword(ctx.app, ctx.user, parseInput(ChangePasswordSchema, input))),
  }),
);
