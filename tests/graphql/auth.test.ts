import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server';
import { craftToken, createUser, sleep } from '../helpers/fixtures';

let s: TestServer;

beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});
beforeEach(async () => {
  await s.app.prisma.loginAttempt.deleteMany();
});

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { session { token user { userId username role warehouseIds allowedFunctions isActive } } userErrors { field code message } } }`;
const ME = `{ me { userId username role allowedFunctions requirePacking } }`;

describe('GraphQL auth', () => {
  it('login returns a token that authenticates me', async () => {
    const r = await s.gql(LOGIN, { input: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(r.errors).toBeUndefined();
    expect(r.data.login.session.user).toMatchObject({ username: 'admin', role: 'ADMIN', isActive: true });
    const me = await s.gql(ME, {}, r.data.login.session.token);
    expect(me.data.me).toEqual({
      userId: r.data.login.session.user.userId,
      username: 'admin',
      role: 'ADMIN',
      allowedFunctions: ['RECEIVE', 'PUTAWAY', 'PICK', 'PACK', 'SHIP', 'COUNT', 'TRANSFER'],
      requirePacking: true,
    });
  });

  it('wrong credentials are UNAUTHENTICATED, invalid input a userError on the camelCase field', async () => {
    const bad = await s.gql(LOGIN, { input: { username: 'admin', password: 'nope-nope1' } });
    expect(bad.data).toBeNull();
    expect(bad.errors[0]).toMatchObject({ message: 'Invalid username or password', extensions: { code: 'UNAUTHENTICATED' } });
    const empty = await s.gql(LOGIN, { input: { username: '', password: 'x' } });
    expect(empty.errors).toBeUndefined();
    expect(empty.data.login).toEqual({
      session: null,
      userErrors: [{ field: ['input', 'username'], code: 'BAD_USER_INPUT', message: 'String should have at least 1 character' }],
    });
  });

  it('the fifth failure is RATE_LIMITED', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await s.gql(LOGIN, { input: { username: 'admin', password: `bad-pass${i}` } });
      codes.push(r.errors[0].extensions.code);
    }
    expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'RATE_LIMITED']);
    const locked = await s.gql(LOGIN, { input: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(locked.errors[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED' } });
    expect(locked.errors[0].message).toMatch(/Try again in 1[45]m/);
  });

  it('me without a token is UNAUTHENTICATED; a forged token says Token expired', async () => {
    const anon = await s.gql(ME);
    expect(anon.errors[0]).toMatchObject({ message: 'Unauthorized', extensions: { code: 'UNAUTHENTICATED' } });
    const forged = await s.gql(ME, {}, craftToken({ user_id: 1, username: 'admin' }, { secret: 'x'.repeat(40) }));
    expect(forged.errors[0]).toMatchObject({ message: 'Token expired', extensions: { code: 'UNAUTHENTICATED' } });
  });

  const CHANGE = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { result { message } userErrors { field code message } } }`;

  it('refreshToken and changePassword work and a changed password revokes older tokens', async () => {
    const u = await createUser(s.app, { allowedFunctions: ['pick'] });
    const token = (await s.gql(LOGIN, { input: { username: u.username, password: u.password } })).data.login.session.token;
    const refreshed = await s.gql(`mutation { refreshToken { session { token } userErrors { code } } }`, {}, token);
    expect(refreshed.data.refreshToken).toEqual({ session: { token: expect.any(String) }, userErrors: [] });

    const weak = await s.gql(
      CHANGE,
      { input: { currentPassword: u.password, newPassword: 'short1' } },
      token,
    );
    expect(weak.errors).toBeUndefined();
    expect(weak.data.changePassword).toEqual({ result: null, userErrors: [{ field: null, code: 'BAD_USER_INPUT', message: 'Password must be at least 8 characters' }] });

    const wrong = await s.gql(
      CHANGE,
      { input: { currentPassword: 'not-it-123', newPassword: 'Stronger-123' } },
      token,
    );
    expect(wrong.errors[0]).toMatchObject({ message: 'Current password is incorrect', extensions: { code: 'FORBIDDEN' } });

    await sleep(1100);
    const ok = await s.gql(
      CHANGE,
      { input: { currentPassword: u.password, newPassword: 'Stronger-123' } },
      token,
    );
    expect(ok.data.changePassword).toEqual({ result: { message: 'Password changed' }, userErrors: [] });
    const after = await s.gql(ME, {}, token);
    expect(after.errors[0]).toMatchObject({ message: 'Token invalidated by password change', extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('activeWarehouses needs a signed-in user', async () => {
    const anon = await s.gql(`{ activeWarehouses { id code name } }`);
    expect(anon.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const token = (await s.gql(LOGIN, { input: { username: 'admin', password: ADMIN_PASSWORD } })).data.login.session.token;
    const r = await s.gql(`{ activeWarehouses { id code name } }`, {}, token);
    expect(r.errors).toBeUndefined();
    expect(Array.isArray(r.data.activeWarehouses)).toBe(true);
  });
});
