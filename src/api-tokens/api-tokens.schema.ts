// GraphQL face of the read-only API tokens (admin only).
import { builder } from '../graphql/builder';
import { parseInput } from '../graphql/inputs';
import { ApiTokenCreateInput as ApiTokenCreateSchema, ApiTokenRevokeInput as ApiTokenRevokeSchema } from './api-tokens.inputs';
import { admin } from '../auth/rules';
import { payloadOf, payloadType } from '../graphql/payloads';
import * as tokens from './api-tokens.service';

const ApiTokenStatus = builder.enumType('ApiTokenStatus', {
  description: 'Whether an API token can be used.',
  values: {
    ACTIVE: { description: 'Usable.' },
    EXPIRED: { description: 'Past its expiresAt; refused.' },
    REVOKED: { description: 'Revoked by an admin; refused.' },
  } as const,
});

const ApiToken = builder.objectRef<tokens.ApiTokenView>('ApiToken').implement({
  description: 'A read-only API token (wall-boards). The secret is shown once, by apiTokenCreate; only its SHA-256 is stored.',
  fields: (t) => ({
    tokenId: t.exposeInt('tokenId', { description: 'The token id (tokenId of apiTokenRevoke).' }),
    name: t.exposeString('name', { description: 'What the token is for.' }),
    tokenPrefix: t.exposeString('tokenPrefix', { description: 'The first characters of the secret, to recognise it.' }),
    warehouseIds: t.exposeIntList('warehouseIds', { description: 'The warehouses it may read and subscribe to.' }),
    status: t.expose('status', { description: 'Whether the token can be used.', type: ApiTokenStatus }),
    createdBy: t.exposeString('createdBy', { description: 'The username that created the token.' }),
    createdAt: t.expose('createdAt', { description: 'When the token was created.', type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true, description: 'null: never expires.' }),
    revokedAt: t.expose('revokedAt', { description: 'When the token was revoked; null while not revoked.', type: 'DateTime', nullable: true }),
    revokedBy: t.exposeString('revokedBy', { description: 'The username that revoked the token; null while not revoked.', nullable: true }),
  }),
});

const ApiTokenCreated = builder.objectRef<{ token: string; apiToken: tokens.ApiTokenView }>('ApiTokenCreated').implement({
  description: 'A new token with its secret, shown this once.',
  fields: (t) => ({
    token: t.exposeString('token', { description: 'The secret (`wms_ro_...`), shown this once: send it as `Authorization: Bearer <token>`.' }),
    apiToken: t.field({ description: 'The token record (without the secret).', type: ApiToken, resolve: (r) => r.apiToken }),
  }),
});

const ApiTokenCreateInput = builder.inputType('ApiTokenCreateInput', {
  description: 'A read-only API token to create.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'What it is for, e.g. "Dock 3 wall-board" (1–100 characters).' }),
    warehouseIds: t.intList({ required: true, description: 'At least one warehouse.' }),
    expiresAt: t.field({ type: 'DateTime', description: 'Omitted or null: the token never expires.' }),
  }),
});

builder.queryField('apiTokens', (t) =>
  t.withShield(admin).field({
    type: [ApiToken],
    description: 'Read-only API tokens by id; revoked ones only with includeRevoked.',
    args: { includeRevoked: t.arg.boolean({ description: 'Whether to list revoked tokens too; default false.' }) },
    resolve: (_r, args, ctx) => tokens.listApiTokens(ctx.app.prisma, { includeRevoked: args.includeRevoked ?? false }),
  }),
);

const ApiTokenRevokeInput = builder.inputType('ApiTokenRevokeInput', {
  description: 'A read-only API token to revoke.',
  fields: (t) => ({ tokenId: t.int({ required: true, description: 'The token to revoke (tokenId of apiTokens); an id no token has is NOT_FOUND.' }) }),
});

const ApiTokenCreatePayload = payloadType<{ token: string; apiToken: tokens.ApiTokenView }>('ApiTokenCreatePayload', {
  description: 'Result of apiTokenCreate.',
  resultField: 'created',
  resultType: ApiTokenCreated,
  resultDescription: 'The new token and its secret; null when userErrors is not empty.',
});

const ApiTokenRevokePayload = payloadType<tokens.ApiTokenView>('ApiTokenRevokePayload', {
  description: 'Result of apiTokenRevoke.',
  resultField: 'apiToken',
  resultType: ApiToken,
  resultDescription: 'The revoked token; null when userErrors is not empty.',
});

builder.mutationFields((t) => ({
  apiTokenCreate: t.withShield(admin).field({
    type: ApiTokenCreatePayload,
    description: 'Creates a read-only token scoped to warehouses: it may read and subscribe there, never write.',
    args: { input: t.arg({ description: 'The input of the mutation.', type: ApiTokenCreateInput, required: true }) },
    resolve: (_r, { input }, ctx) =>
      payloadOf(() =>
        tokens.createApiToken(ctx.app.prisma, ctx.user.username, parseInput(ApiTokenCreateSchema, input)),
      ),
  }),
  apiTokenRevoke: t.withShield(admin).field({
    type: ApiTokenRevokePayload,
    description: 'Revokes a token: refused by the next request, and its open subscriptions close within a second.',
    args: { input: t.arg({ type: ApiTokenRevokeInput, required: true, description: 'The token to revoke.' }) },
    resolve: (_r, { input }, ctx) =>
      payloadOf(() => tokens.revokeApiToken(ctx.app.prisma, ctx.user.username, parseInput(ApiTokenRevokeSchema, input), ctx.app)),
  }),
}));
