import { builder } from '../graphql/builder';
import { MessagePayload } from '../graphql/common';
import { snakeKeys } from '../shared/case';
import * as auth from './auth.service';
import { anyone, authenticated } from './rules';

const AuthUser = builder.objectRef<auth.LoginResult['user']>('AuthUser').implement({
  fields: (t) => ({
    userId: t.exposeInt('userId'),
    username: t.exposeString('username'),
    fullName: t.exposeString('fullName'),
    role: t.exposeString('role'),
    warehouseId: t.exposeInt('warehouseId', { nullable: true }),
    warehouseIds: t.exposeIntList('warehouseIds'),
    allowedFunctions: t.exposeStringList('allowedFunctions'),
    isActive: t.exposeBoolean('isActive'),
  }),
});

const LoginPayload = builder.objectRef<auth.LoginResult>('LoginPayload').implement({
  fields: (t) => ({
    token: t.exposeString('token'),
    user: t.field({ type: AuthUser, resolve: (r) => r.user }),
  }),
});

const TokenPayload = builder.objectRef<{ token: string }>('TokenPayload').implement({
  fields: (t) => ({ token: t.exposeString('token') }),
});

type MeShape = Awaited<ReturnType<typeof auth.me>>;
const Me = builder.objectRef<MeShape>('Me').implement({
  description: 'The signed-in user with the floor functions the scanner app should offer.',
  fields: (t) => ({
    userId: t.exposeInt('userId'),
    username: t.exposeString('username'),
    fullName: t.exposeString('fullName'),
    role: t.exposeString('role'),
    warehouseId: t.exposeInt('warehouseId', { nullable: true }),
    allowedFunctions: t.exposeStringList('allowedFunctions'),
    requirePacking: t.exposeBoolean('requirePacking'),
  }),
});

const LoginInput = builder.inputType('LoginInput', {
  fields: (t) => ({
    username: t.string({ required: true }),
    password: t.string({ required: true }),
  }),
});

const ChangePasswordInput = builder.inputType('ChangePasswordInput', {
  fields: (t) => ({
    currentPassword: t.string({ required: true }),
    newPassword: t.string({ required: true }),
  }),
});

builder.mutationField('login', (t) =>
  t.withShield(anyone).field({
    type: LoginPayload,
    description: 'Exchanges a username and password for an 8-hour token.',
    args: { input: t.arg({ type: LoginInput, required: true }) },
    resolve: (_r, { input }, ctx) => auth.login(ctx.app, input, ctx.clientIp),
  }),
);

builder.queryField('me', (t) =>
  t.withShield(authenticated).field({ type: Me, resolve: (_r, _a, ctx) => auth.me(ctx.app, ctx.user) }),
);

builder.mutationField('refreshToken', (t) =>
  t.withShield(authenticated).field({ type: TokenPayload, resolve: (_r, _a, ctx) => auth.refresh(ctx.app, ctx.user) }),
);

builder.mutationField('changePassword', (t) =>
  t.withShield(authenticated).field({
    type: MessagePayload,
    args: { input: t.arg({ type: ChangePasswordInput, required: true }) },
    resolve: (_r, { input }, ctx) => auth.changePassword(ctx.app, ctx.user, snakeKeys(input)),
  }),
);
