// Read-only API tokens for wall-boards (issue 19): created, listed and revoked by an admin (GraphQL and the admin
// CLI), checked on every request that carries one (src/auth/authenticate.ts dispatches here by the prefix).
//
// The secret is `wms_ro_` + 32 random bytes (base64url): 256 bits, so a plain SHA-256 is enough to store it (a slow
// hash protects guessable passwords, not random keys) and lets the check find the row by an index in one statement.
import { createHash, randomBytes } from 'node:crypto';
import type { AppServices } from '../app';
import type { PrismaClient } from '../db';
import { withTransaction } from '../db/tx';
import { badRequest, notFound, unauthorized } from '../errors';
import { ALL_FUNCTIONS } from '../auth/scope';
import type { AuthResult } from '../auth/authenticate';
import type { ApiTokenCreateInput, ApiTokenRevokeInput } from './api-tokens.inputs';

/** Distinguishes an API token from a JWT (which starts with `eyJ`). */
const API_TOKEN_PREFIX = 'wms_ro_';
const SECRET_SHAPE = /^wms_ro_[A-Za-z0-9_-]{43}$/;
/** How much of the secret is kept in clear to recognise a token in lists (the prefix + 5 characters, ~30 bits). */
const SHOWN_CHARS = API_TOKEN_PREFIX.length + 5;

export const isApiTokenSecret = (secret: string) => secret.startsWith(API_TOKEN_PREFIX);
const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

type ApiTokenStatus = 'ACTIVE' | 'EXPIRED' | 'REVOKED';

export interface ApiTokenView {
  tokenId: number;
  name: string;
  tokenPrefix: string;
  warehouseIds: number[];
  createdBy: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  revokedBy: string | null;
  status: ApiTokenStatus;
}

type Row = Omit<ApiTokenView, 'status'>;
const SELECT = {
  tokenId: true, name: true, tokenPrefix: true, warehouseIds: true, createdBy: true, createdAt: true,
  expiresAt: true, revokedAt: true, revokedBy: true,
} as const;

function view(row: Row, now = new Date()): ApiTokenView {
  const status: ApiTokenStatus = row.revokedAt ? 'REVOKED' : row.expiresAt && row.expiresAt <= now ? 'EXPIRED' : 'ACTIVE';
  return { ...row, warehouseIds: row.warehouseIds ?? [], status };
}

/** Creates a token; the returned `token` is the only time the secret exists outside the caller's hands. */
export async function createApiToken(
  prisma: PrismaClient,
  actor: string,
  input: ApiTokenCreateInput,
): Promise<{ token: string; apiToken: ApiTokenView }> {
  const expiresAt = input.expiresAt ?? null;
  if (expiresAt !== null && (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= Date.now())) {
    throw badRequest('expiresAt must be a date-time in the future');
  }
  const warehouseIds = [...new Set(input.warehouseIds)].sort((a, b) => a - b);
  const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const row = await withTransaction(prisma, async (tx, journal) => {
    const found = await tx.warehouse.findMany({ where: { warehouseId: { in: warehouseIds } }, select: { warehouseId: true } });
    const missing = warehouseIds.filter((id) => !found.some((w) => w.warehouseId === id));
    if (missing.length > 0) throw badRequest(`Warehouse ${missing.join(', ')} not found`);
    const created = await tx.apiToken.create({
      data: { name: input.name, tokenHash: hashSecret(token), tokenPrefix: token.slice(0, SHOWN_CHARS), warehouseIds, createdBy: actor, expiresAt },
      select: SELECT,
    });
    // never the secret, nor its hash
    journal.audit({
      actionType: 'API_TOKEN_CREATE',
      entityType: 'API_TOKEN',
      entityId: created.tokenId,
      userId: actor,
      warehouseId: null,
      details: { name: created.name, token_prefix: created.tokenPrefix, warehouse_ids: warehouseIds, expires_at: expiresAt?.toISOString() ?? null },
    });
    return created;
  });
  return { token, apiToken: view(row) };
}

export async function listApiTokens(prisma: PrismaClient, opts: { includeRevoked?: boolean } = {}): Promise<ApiTokenView[]> {
  const rows = await prisma.apiToken.findMany({
    where: opts.includeRevoked ? {} : { revokedAt: null },
    orderBy: { tokenId: 'asc' },
    select: SELECT,
  });
  const now = new Date();
  return rows.map((r) => view(r, now));
}

/**
 * Revokes a token (a second revocation changes nothing and is not audited again). The row's trigger NOTIFYs every
 * instance at commit (prisma/migrations/*_api_tokens), which closes the streams the token holds; `app`, when
 * given, is told at once as well (the embedded database has no cross-connection LISTEN).
 */
export async function revokeApiToken(prisma: PrismaClient, actor: string, { tokenId }: ApiTokenRevokeInput, app?: AppServices): Promise<ApiTokenView> {
  const row = await withTransaction(prisma, async (tx, journal) => {
    const [locked] = await tx.$queryRaw<{ revoked_at: Date | null }[]>`SELECT revoked_at FROM api_tokens WHERE token_id = ${tokenId} FOR UPDATE`;
    if (!locked) throw notFound('API token not found');
    if (locked.revoked_at) return tx.apiToken.findUniqueOrThrow({ where: { tokenId }, select: SELECT });
    const revoked = await tx.apiToken.update({ where: { tokenId }, data: { revokedAt: new Date(), revokedBy: actor }, select: SELECT });
    journal.audit({
      actionType: 'API_TOKEN_REVOKE',
      entityType: 'API_TOKEN',
      entityId: tokenId,
      userId: actor,
      warehouseId: null,
      details: { name: revoked.name, token_prefix: revoked.tokenPrefix },
    });
    return revoked;
  });
  app?.live?.credentials.tokenChanged(tokenId);
  return view(row);
}

interface AuthRow {
  token_id: number;
  name: string;
  warehouse_ids: number[] | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}

/**
 * The bearer check for an API token: one indexed statement per request (no cache, so a revocation is refused by
 * the next request on every instance). The principal reads and subscribes within the token's warehouses as a
 * non-admin holding every floor function; src/auth/read-only.ts and the REST router refuse anything that writes.
 */
export async function authenticateApiToken(app: AppServices, secret: string): Promise<AuthResult> {
  if (!SECRET_SHAPE.test(secret)) return { user: null, error: unauthorized() };
  const rows = await app.db.reads<AuthRow>(
    'SELECT token_id, name, warehouse_ids, expires_at, revoked_at FROM api_tokens WHERE token_hash = $1',
    [hashSecret(secret)],
  );
  const row = rows[0];
  if (!row) return { user: null, error: unauthorized() };
  if (row.revoked_at) return { user: null, error: unauthorized('Token revoked') };
  if (row.expires_at && new Date(row.expires_at).getTime() <= Date.now()) return { user: null, error: unauthorized('Token expired') };
  const warehouseIds = row.warehouse_ids ?? [];
  return {
    user: {
      userId: 0,
      username: `api-token:${row.token_id}`,
      fullName: row.name,
      role: 'API_TOKEN',
      isAdmin: false,
      warehouseId: warehouseIds[0] ?? null,
      warehouseIds,
      allowedFunctions: [...ALL_FUNCTIONS],
      apiToken: { tokenId: row.token_id, expiresAt: row.expires_at ? new Date(row.expires_at) : null },
    },
    error: null,
  };
}
