import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { createUser } from '../helpers/fixtures';
import { TIMESTAMP } from '../helpers/admin-orders';

let s: TestServer;
let admin: string;
let adminId: number;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
  admin = await s.adminToken();
  adminId = (await s.app.prisma.user.findUniqueOrThrow({ where: { username: 'admin' } })).userId;
});
afterAll(async () => {
  await s?.close();
});

const create = (body: Record<string, unknown>) => s.api('POST', '/api/admin/users', { token: admin, body });

describe('POST /api/admin/users', () => {
  it('creates a user (201): warehouse_id = first of warehouse_ids, functions not validated, no hash', async () => {
    const r = await create({ username: 'u1', password: 'Secret123', full_name: 'U One', role: 'USER', warehouse_ids: [1], allowed_functions: ['pick', 'bogus'] });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      user_id: expect.any(Number), username: 'u1', full_name: 'U One', role: 'USER', warehouse_id: 1, warehouse_ids: [1],
      allowed_functions: ['pick', 'bogus'], is_active: true, created_at: expect.stringMatching(TIMESTAMP),
    });
    expect(await s.login('u1', 'Secret123')).toEqual(expect.any(String));
  });

  it('checks the password policy, then the duplicate username, then the warehouse', async () => {
    expect((await create({ username: 'admin', password: 'short', full_name: 'X', role: 'USER' }))).toMatchObject({ status: 400, body: { error: 'Password must be at least 8 characters' } });
    expect((await create({ username: 'admin', password: 'Secret123', full_name: 'X', role: 'USER' }))).toMatchObject({ status: 400, body: { error: 'Duplicate username: admin' } });
    expect((await create({ username: 'u-wh', password: 'Secret123', full_name: 'X', role: 'USER', warehouse_id: 777 }))).toMatchObject({ status: 400, body: { error: 'Warehouse 777 not found' } });
    const bad = await create({ username: 'u2', password: 'Secret123', full_name: 'X', role: 'BOSS' });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: 'validation_error', details: [{ type: 'value_error', loc: ['role'], msg: 'Value error, role must be one of: ADMIN, USER' }] });
    expect(await s.app.prisma.user.count({ where: { username: { in: ['u-wh', 'u2'] } } })).toBe(0);
  });
});

describe('GET /api/admin/users', () => {
  it('pages users by id with last_login and never the hash', async () => {
    const r = await s.api('GET', '/api/admin/users?per_page=1', { token: admin });
    expect(r.status).toBe(200);
    const total = await s.app.prisma.user.count();
    expect(r.body).toMatchObject({ total, page: 1, per_page: 1, pages: total });
    expect(r.body.users[0]).toMatchObject({ user_id: adminId, username: 'admin', role: 'ADMIN', last_login: expect.stringMatching(TIMESTAMP) });
    expect(r.text).not.toContain('password');
  });
});

describe('PUT /api/admin/users/{id}', () => {
  it('updates fields, warehouse_ids sets the primary warehouse, password reset sets password_changed_at', async () => {
    const u = await createUser(s.app, { password: 'Before123' });
    const oldToken = await s.login(u.username, 'Before123');
    await new Promise((r) => setTimeout(r, 1100)); // token iat has second resolution
    const r = await s.api('PUT', `/api/admin/users/${u.userId}`, { token: admin, body: { username: 'ignored', full_name: 'Renamed', warehouse_ids: [1], allowed_functions: ['count'], password: 'After1234' } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ user_id: u.userId, username: u.username, full_name: 'Renamed', warehouse_id: 1, warehouse_ids: [1], allowed_functions: ['count'], last_login: expect.stringMatching(TIMESTAMP) });
    const row = await s.app.prisma.user.findUniqueOrThrow({ where: { userId: u.userId } });
    expect(row.passwordChangedAt).toBeInstanceOf(Date);
    expect(await s.login(u.username, 'After1234')).toEqual(expect.any(String));
    expect((await s.api('GET', '/api/auth/me', { token: oldToken })).status).toBe(401);
  });

  it('applies the checks in the legacy order', async () => {
    const u = await createUser(s.app);
    expect(await s.api('PUT', '/api/admin/users/99999', { token: admin, body: { full_name: 'x' } })).toMatchObject({ status: 404, body: { error: 'User not found' } });
    expect(await s.api('PUT', `/api/admin/users/${adminId}`, { token: admin, body: { is_active: false } })).toMatchObject({ status: 400, body: { error: 'Cannot deactivate your own account' } });
    expect(await s.api('PUT', `/api/admin/users/${adminId}`, { token: admin, body: { role: 'USER' } })).toMatchObject({ status: 400, body: { error: 'Cannot downgrade your own role' } });
    expect(await s.api('PUT', `/api/admin/users/${u.userId}`, { token: admin, body: { password: 'nodigits' } })).toMatchObject({ status: 400, body: { error: 'Password must contain at least one digit' } });
    expect(await s.api('PUT', `/api/admin/users/${u.userId}`, { token: admin, body: { username: 'only' } })).toMatchObject({ status: 400, body: { error: 'No fields to update' } });
    const nul = await s.api('PUT', `/api/admin/users/${u.userId}`, { token: admin, body: { full_name: null } });
    expect(nul.status).toBe(400);
    expect(nul.body).toEqual({ error: 'validation_error', details: [{ type: 'string_type', loc: ['full_name'], msg: 'Input should be a valid string' }] });
  });

  it('refuses to demote or deactivate the last active admin, allows it while another one exists', async () => {
    const other = await createUser(s.app, { role: 'ADMIN', password: 'Other1234' });
    const otherToken = await s.login(other.username, 'Other1234');
    expect((await s.api('PUT', `/api/admin/users/${other.userId}`, { token: admin, body: { role: 'USER' } })).status).toBe(200);
    // role changes apply to existing tokens at once
    expect((await s.api('GET', '/api/admin/users', { token: otherToken })).status).toBe(403);
    // the caller with is_active NULL signs in but is not an *active* admin: `other` is the last one
    await s.app.prisma.user.update({ where: { userId: other.userId }, data: { role: 'ADMIN' } });
    await s.app.prisma.user.update({ where: { userId: adminId }, data: { isActive: null } });
    try {
      for (const body of [{ role: 'USER' }, { is_active: false }]) {
        const r = await s.api('PUT', `/api/admin/users/${other.userId}`, { token: admin, body });
        expect(r).toMatchObject({ status: 400, body: { error: 'Cannot remove the last active admin' } });
      }
      expect(await s.api('DELETE', `/api/admin/users/${other.userId}`, { token: admin })).toMatchObject({ status: 400, body: { error: 'Cannot delete the last active admin' } });
      expect((await s.app.prisma.user.findUniqueOrThrow({ where: { userId: other.userId } })).role).toBe('ADMIN');
      // other changes to the last admin are fine
      expect((await s.api('PUT', `/api/admin/users/${other.userId}`, { token: admin, body: { full_name: 'Boss' } })).status).toBe(200);
    } finally {
      await s.app.prisma.user.update({ where: { userId: adminId }, data: { isActive: true } });
    }
  });
});

describe('DELETE /api/admin/users/{id}', () => {
  it('deletes a user, not yourself, not the last active admin, 404 for unknown', async () => {
    const u = await createUser(s.app);
    expect(await s.api('DELETE', `/api/admin/users/${u.userId}`, { token: admin })).toMatchObject({ status: 200, body: { message: 'User deleted' } });
    expect(await s.app.prisma.user.count({ where: { userId: u.userId } })).toBe(0);
    expect(await s.api('DELETE', `/api/admin/users/${u.userId}`, { token: admin })).toMatchObject({ status: 404, body: { error: 'User not found' } });
    expect(await s.api('DELETE', `/api/admin/users/${adminId}`, { token: admin })).toMatchObject({ status: 400, body: { error: 'Cannot delete yourself' } });
    const a2 = await createUser(s.app, { role: 'ADMIN', password: 'Second123' });
    const t2 = await s.login(a2.username, 'Second123');
    expect(await s.api('DELETE', `/api/admin/users/${a2.userId}`, { token: admin })).toMatchObject({ status: 200 });
    expect((await s.api('GET', '/api/admin/users', { token: t2 })).status).toBe(401);
  });

  it('is admin only', async () => {
    const u = await createUser(s.app, { password: 'Plain1234' });
    const token = await s.login(u.username, 'Plain1234');
    for (const [m, p] of [['GET', '/api/admin/users'], ['POST', '/api/admin/users'], ['PUT', '/api/admin/users/1'], ['DELETE', '/api/admin/users/1']] as const) {
      expect(await s.api(m, p, { token, body: m === 'GET' ? undefined : {} })).toMatchObject({ status: 403, body: { error: 'Forbidden' } });
    }
  });
});
