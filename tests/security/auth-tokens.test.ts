import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_FUNCTIONS } from '../../src/auth/scope';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from '../helpers/server';
import { craftToken, createUser, noneToken, sleep } from '../helpers/fixtures';
import { dbChecksum } from '../property/db-checksum';

// tests/rest/auth.test.ts covers these attacks on GET /api/auth/me. Here: the same tokens on a floor
// write, an admin path and GraphQL (query and mutation), with the database unchanged.

let s: TestServer;
let adminId: number;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  adminId = (await s.app.prisma.user.findFirstOrThrow({ where: { username: 'admin' } })).userId;
});
afterAll(async () => {
  await s?.close();
});

const claimsOf = (userId: number, username: string) => ({ user_id: userId, username, role: 'ADMIN', warehouse_id: null, warehouse_ids: [] });

function forgedTokens(userId: number, username: string): [string, string, string][] {
  const claims = claimsOf(userId, username);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const valid = craftToken(claims, { expiresIn: 600 });
  const [h, p] = valid.split('.');
  const tamperedPayload = Buffer.from(JSON.stringify({ ...claims, user_id: userId, role: 'ADMIN', extra: 1 })).toString('base64url');
  return [
    ['alg none', noneToken(claims), 'Token expired'],
    ['alg none, no signature dot', noneToken(claims).slice(0, -1), 'Token expired'],
    ['HS512 with the right secret', craftToken(claims, { algorithm: 'HS512' }), 'Token expired'],
    ['RS256', jwt.sign(claims, privateKey, { algorithm: 'RS256' }), 'Token expired'],
    // The HS256 secret used as an "RSA public key" (algorithm confusion): refused by the pinned algorithm.
    ['HS384 confusion', jwt.sign(claims, TEST_JWT_SECRET, { algorithm: 'HS384' }), 'Token expired'],
    ['bad signature', craftToken(claims, { secret: 'x'.repeat(48) }), 'Token expired'],
    ['payload swapped under a valid signature', `${h}.${tamperedPayload}.${valid.split('.')[2]}`, 'Token expired'],
    ['header swapped to none under a valid signature', `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${p}.${valid.split('.')[2]}`, 'Token expired'],
    ['expired', craftToken(claims, { expiresIn: -1 }), 'Token expired'],
    ['garbage', 'a.b.c', 'Token expired'],
    ['user_id as string', craftToken({ ...claims, user_id: String(userId) }), 'Unauthorized'],
    ['user_id beyond int32', craftToken({ ...claims, user_id: 2 ** 40 }), 'Unauthorized'],
    ['unknown user', craftToken(claimsOf(987654, 'ghost')), 'Unauthorized'],
  ];
}

const probes = (token: string) => [
  () => s.api('POST', '/api/receiving/receive', { token, body: { po_id: 1, items: [{ item_id: 1, quantity: 1, bin_id: 1 }] } }),
  () => s.api('POST', '/api/admin/warehouses', { token, body: { warehouse_code: 'EVIL', warehouse_name: 'Evil' } }),
  () => s.api('GET', '/api/admin/users', { token }),
];

describe('forged and invalid tokens', () => {
  it('are refused on floor writes, admin paths and GraphQL, and change nothing', async () => {
    const before = await dbChecksum(s.app);
    for (const [name, token, message] of forgedTokens(adminId, 'admin')) {
      for (const probe of probes(token)) {
        const r = await probe();
        expect({ name, status: r.status, body: r.body }).toEqual({ name, status: 401, body: { error: message } });
      }
      const q = await s.gql('{ me { username } }', undefined, token);
      expect({ name, code: q.errors?.[0]?.extensions?.code, data: q.data?.me ?? null }).toEqual({ name, code: 'UNAUTHENTICATED', data: null });
      const m = await s.gql('mutation { warehouseCreate(input: { warehouseCode: "EVIL", warehouseName: "Evil" }) { __typename } }', undefined, token);
      expect({ name, code: m.errors?.[0]?.extensions?.code }).toEqual({ name, code: 'UNAUTHENTICATED' });
    }
    expect(await dbChecksum(s.app)).toEqual(before);
  });
});

describe('tokens of users that changed', () => {
  it('a deleted user, a disabled user and a token issued before a password change are refused everywhere', async () => {
    const gone = await createUser(s.app, { role: 'ADMIN' });
    const goneToken = await s.login(gone.username, gone.password);
    await s.app.prisma.user.delete({ where: { userId: gone.userId } });

    const disabled = await createUser(s.app, { warehouseIds: [1], allowedFunctions: [...ALL_FUNCTIONS] });
    const disabledToken = await s.login(disabled.username, disabled.password);
    await s.app.prisma.user.update({ where: { userId: disabled.userId }, data: { isActive: false } });

    const changed = await createUser(s.app, { role: 'ADMIN' });
    const oldToken = await s.login(changed.username, changed.password);
    await sleep(1100);
    const cp = await s.api('POST', '/api/auth/change-password', { token: oldToken, body: { current_password: changed.password, new_password: 'Changed-pw-1' } });
    expect(cp.status).toBe(200);

    const before = await dbChecksum(s.app);
    for (const [token, message] of [
      [goneToken, 'Unauthorized'],
      [disabledToken, 'Unauthorized'],
      [oldToken, 'Token invalidated by password change'],
    ] as const) {
      for (const probe of probes(token)) expect(await probe()).toMatchObject({ status: 401, body: { error: message } });
      const q = await s.gql('{ me { username } }', undefined, token);
      expect(q.errors?.[0]).toMatchObject({ message, extensions: { code: 'UNAUTHENTICATED' } });
      const refresh = await s.api('POST', '/api/auth/refresh', { token });
      expect(refresh.status).toBe(401);
    }
    expect(await dbChecksum(s.app)).toEqual(before);
  });

  it('a demoted admin loses admin rights at once, with the same token', async () => {
    const u = await createUser(s.app, { role: 'ADMIN' });
    const token = await s.login(u.username, u.password);
    expect((await s.api('GET', '/api/admin/users', { token })).status).toBe(200);
    await s.app.prisma.user.update({ where: { userId: u.userId }, data: { role: 'USER' } });
    expect(await s.api('GET', '/api/admin/users', { token })).toMatchObject({ status: 403, body: { error: 'Forbidden' } });
    const g = await s.gql('{ __typename }', undefined, token);
    expect(g.errors).toBeUndefined();
  });
});
