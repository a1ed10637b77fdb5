import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startTestServer, TEST_JWT_SECRET, type TestServer, expectAnswer } from '../helpers/server';
import { craftToken, createUser, noneToken, requestFrom, sleep } from '../helpers/fixtures';

let s: TestServer;

beforeAll(async () => {
  s = await startTestServer({ seed: true });
});
afterAll(async () => {
  await s?.close();
});
// Every test signs in from 127.0.0.1; start each one with clean login counters.
beforeEach(async () => {
  await s.app.prisma.loginAttempt.deleteMany();
});

describe('POST /api/auth/login', () => {
  it('returns a token and the user in the documented shape', async () => {
    const r = await s.api('POST', '/api/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['token', 'user']);
    expect(r.body.user).toEqual({
      allowed_functions: [],
      full_name: expect.any(String),
      is_active: true,
      role: 'ADMIN',
      user_id: expect.any(Number),
      username: 'admin',
      warehouse_id: null,
      warehouse_ids: [],
    });
    const claims = jwt.verify(r.body.token, TEST_JWT_SECRET, { algorithms: ['HS256'] }) as Record<string, unknown>;
    expect(claims).toMatchObject({ user_id: r.body.user.user_id, username: 'admin', role: 'ADMIN', warehouse_id: null, warehouse_ids: [] });
    expect((claims.exp as number) - (claims.iat as number)).toBe(8 * 3600);
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.headers.get('content-type')).toBe('application/json');
  });

  it('sets last_login and returns the stored arrays of a floor user', async () => {
    const u = await createUser(s.app, { warehouseIds: [1], allowedFunctions: ['pick', 'count'] });
    const r = await s.api('POST', '/api/auth/login', { body: { username: u.username, password: u.password } });
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ role: 'USER', warehouse_ids: [1], allowed_functions: ['pick', 'count'] });
    const row = await s.app.prisma.user.findUniqueOrThrow({ where: { userId: u.userId } });
    expect(row.lastLogin).toBeInstanceOf(Date);
  });

  it('trims the username but compares it case-sensitively', async () => {
    const ok = await s.api('POST', '/api/auth/login', { body: { username: '  admin  ', password: ADMIN_PASSWORD } });
    expect(ok.status).toBe(200);
    const upper = await s.api('POST', '/api/auth/login', { body: { username: 'ADMIN', password: ADMIN_PASSWORD } });
    expect(upper.status).toBe(401);
    expect(upper.body).toEqual({ error: 'Invalid username or password' });
  });

  it('answers 401 for a wrong password, an unknown user and a disabled user alike', async () => {
    const disabled = await createUser(s.app, { isActive: false });
    for (const body of [
      { username: 'admin', password: 'wrong-password1' },
      { username: 'nobody-here', password: 'whatever1' },
      { username: disabled.username, password: disabled.password },
    ]) {
      const r = await s.api('POST', '/api/auth/login', { body });
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ error: 'Invalid username or password' });
    }
  });

  it('validates the body before anything else, in the pydantic format', async () => {
    const r = await s.api('POST', '/api/auth/login', { body: {} });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      error: 'validation_error',
      details: [
        { type: 'missing', loc: ['username'], msg: 'Field required' },
        { type: 'missing', loc: ['password'], msg: 'Field required' },
      ],
    });
    const long = await s.api('POST', '/api/auth/login', { body: { username: 'x'.repeat(151), password: '' } });
    expect(long.status).toBe(400);
    expect(long.body.details.map((d: any) => d.type)).toEqual(['string_too_long', 'string_too_short']);
  });

  it('treats a malformed JSON body as {} (400, never 500)', async () => {
    const r = await s.api('POST', '/api/auth/login', { rawBody: '{"username": "admin",', headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('validation_error');
    const arr = await s.api('POST', '/api/auth/login', { body: [1, 2] });
    expect(arr.status).toBe(400);
    expect(arr.body.error).toBe('validation_error');
  });

  it('locks the IP on the fifth failure in a row and refuses even good credentials while locked', async () => {
    for (let i = 1; i <= 4; i++) {
      const r = await s.api('POST', '/api/auth/login', { body: { username: `someone${i}`, password: 'bad-pass1' } });
      expect(r.status).toBe(401);
    }
    const fifth = await s.api('POST', '/api/auth/login', { body: { username: 'someone5', password: 'bad-pass1' } });
    expect(fifth.status).toBe(429);
    expect(fifth.body).toEqual({ error: 'Too many failed attempts from your IP. Locked for 15 minutes' });
    const good = await s.api('POST', '/api/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(good.status).toBe(429);
    expect(good.body.error).toMatch(/^Too many failed attempts from your IP\. Try again in 1[45]m \d{1,2}s$/);
    const row = await s.app.prisma.loginAttempt.findUniqueOrThrow({ where: { key: 'ip:127.0.0.1' } });
    expect(row.attempts).toBe(0);
    expect(row.lockedUntil!.getTime() - Date.now()).toBeGreaterThan(14 * 60 * 1000);
  });

  it('a successful login clears the counters', async () => {
    for (let i = 0; i < 4; i++) await s.api('POST', '/api/auth/login', { body: { username: 'admin', password: 'bad-pass1' } });
    expect((await s.api('POST', '/api/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } })).status).toBe(200);
    for (let i = 0; i < 4; i++) {
      const r = await s.api('POST', '/api/auth/login', { body: { username: 'admin', password: 'bad-pass1' } });
      expect(r.status).toBe(401);
    }
    expect(await s.app.prisma.loginAttempt.count({ where: { key: 'user:admin' } })).toBe(1);
  });

  it('locks a username after five failures from different addresses (per-username limit of the reference)', async () => {
    const u = await createUser(s.app);
    const url = `${s.url}/api/auth/login`;
    for (let i = 1; i <= 4; i++) {
      const r = await requestFrom(`127.0.0.${10 + i}`, url, 'POST', { username: u.username, password: 'bad-pass1' });
      expect(r.status).toBe(401);
    }
    const fifth = await requestFrom('127.0.0.20', url, 'POST', { username: u.username.toUpperCase(), password: 'bad-pass1' });
    expect(fifth.status).toBe(429);
    expect(fifth.body).toEqual({ error: 'Too many failed attempts for this account. Locked for 15 minutes' });
    const good = await requestFrom('127.0.0.21', url, 'POST', { username: u.username, password: u.password });
    expect(good.status).toBe(429);
    expect(good.body.error).toMatch(/^Too many failed attempts for this account\. Try again in 1[45]m \d{1,2}s$/);
    // Other accounts from a fresh address are not affected.
    const other = await requestFrom('127.0.0.22', url, 'POST', { username: 'admin', password: ADMIN_PASSWORD });
    expect(other.status).toBe(200);
  });
});

describe('bearer token check', () => {
  it('401 Unauthorized without a header or with a header not starting with "Bearer "', async () => {
    const token = await s.adminToken();
    for (const headers of [{} as Record<string, string>, { authorization: `bearer ${token}` }, { authorization: `Bearer  ${token}` }, { authorization: token }]) {
      const r = await s.api('GET', '/api/auth/me', { headers });
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ error: expect.stringMatching(/^(Unauthorized|Token expired)$/) });
    }
    expectAnswer(await s.api('GET', '/api/auth/me'), 401, { error: 'Unauthorized' });
    expectAnswer(await s.api('GET', '/api/auth/me', { headers: { authorization: `bearer ${token}` } }), 401, { error: 'Unauthorized' });
  });

  it('401 Token expired for any token that fails HS256 verification', async () => {
    const admin = await s.app.prisma.user.findFirstOrThrow({ where: { username: 'admin' } });
    const claims = { user_id: admin.userId, username: 'admin', role: 'ADMIN' };
    const bad = [
      craftToken(claims, { secret: 'another-secret-another-secret-another-secret' }),
      craftToken(claims, { expiresIn: -10 }),
      noneToken(claims),
      craftToken(claims, { algorithm: 'HS512' }),
      'not.a.token',
    ];
    for (const t of bad) {
      const r = await s.api('GET', '/api/auth/me', { token: t });
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ error: 'Token expired' });
    }
  });

  it('401 Unauthorized for a deleted or disabled user, and for a token without user_id', async () => {
    const u = await createUser(s.app);
    const token = await s.login(u.username, u.password);
    await s.app.prisma.user.update({ where: { userId: u.userId }, data: { isActive: false } });
    expect(await s.api('GET', '/api/auth/me', { token })).toMatchObject({ status: 401, body: { error: 'Unauthorized' } });
    const ghost = craftToken({ user_id: 999999, username: 'ghost', role: 'ADMIN' });
    expect(await s.api('GET', '/api/auth/me', { token: ghost })).toMatchObject({ status: 401, body: { error: 'Unauthorized' } });
    const noId = craftToken({ username: 'admin', role: 'ADMIN' });
    expect(await s.api('GET', '/api/auth/me', { token: noId })).toMatchObject({ status: 401, body: { error: 'Unauthorized' } });
  });

  it('re-reads the role from the database on every request', async () => {
    const u = await createUser(s.app, { role: 'ADMIN' });
    const token = await s.login(u.username, u.password);
    expect((await s.api('GET', '/api/auth/me', { token })).body.role).toBe('ADMIN');
    await s.app.prisma.user.update({ where: { userId: u.userId }, data: { role: 'USER' } });
    const me = await s.api('GET', '/api/auth/me', { token });
    expect(me.body.role).toBe('USER');
    expect(me.body.allowed_functions).toEqual([]);
  });
});

describe('GET /api/auth/me', () => {
  it('gives admins all seven functions and drops "pack" when packing is not required', async () => {
    const token = await s.adminToken();
    const r = await s.api('GET', '/api/auth/me', { token });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      allowed_functions: ['receive', 'putaway', 'pick', 'pack', 'ship', 'count', 'transfer'],
      full_name: expect.any(String),
      require_packing: true,
      role: 'ADMIN',
      user_id: expect.any(Number),
      username: 'admin',
      warehouse_id: null,
    });
    await s.app.prisma.appSetting.upsert({
      where: { key: 'require_packing_before_shipping' },
      update: { value: 'false' },
      create: { key: 'require_packing_before_shipping', value: 'false' },
    });
    try {
      const r2 = await s.api('GET', '/api/auth/me', { token });
      expect(r2.body.require_packing).toBe(false);
      expect(r2.body.allowed_functions).toEqual(['receive', 'putaway', 'pick', 'ship', 'count', 'transfer']);
    } finally {
      await s.app.prisma.appSetting.update({ where: { key: 'require_packing_before_shipping' }, data: { value: 'true' } });
    }
  });

  it('returns the stored functions of a floor user, without warehouse_ids', async () => {
    const u = await createUser(s.app, { allowedFunctions: ['pick', 'count'], warehouseIds: [1] });
    const r = await s.api('GET', '/api/auth/me', { token: await s.login(u.username, u.password) });
    expect(r.body.allowed_functions).toEqual(['pick', 'count']);
    expect(r.body).not.toHaveProperty('warehouse_ids');
  });
});

describe('POST /api/auth/refresh', () => {
  it('issues a fresh token with the current role', async () => {
    const u = await createUser(s.app);
    const token = await s.login(u.username, u.password);
    await s.app.prisma.user.update({ where: { userId: u.userId }, data: { role: 'ADMIN', warehouseIds: [1] } });
    await sleep(1100); // a new iat
    const r = await s.api('POST', '/api/auth/refresh', { token });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['token']);
    const claims = jwt.decode(r.body.token) as Record<string, unknown>;
    expect(claims).toMatchObject({ role: 'ADMIN', warehouse_ids: [1], username: u.username });
    expect(claims.jti).not.toBe((jwt.decode(token) as Record<string, unknown>).jti);
    // The old token stays valid until it expires.
    expect((await s.api('GET', '/api/auth/me', { token })).status).toBe(200);
    expect((await s.api('GET', '/api/auth/me', { token: r.body.token })).status).toBe(200);
  });

  it('refuses a disabled user', async () => {
    const u = await createUser(s.app);
    const token = await s.login(u.username, u.password);
    await s.app.prisma.user.update({ where: { userId: u.userId }, data: { isActive: false } });
    const r = await s.api('POST', '/api/auth/refresh', { token });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: 'Unauthorized' });
  });
});

describe('POST /api/auth/change-password', () => {
  it('applies the password policy, first failing rule wins, before checking the current password', async () => {
    const u = await createUser(s.app);
    const token = await s.login(u.username, u.password);
    const cases: [string, string][] = [
      ['a1', 'Password must be at least 8 characters'],
      ['12345678', 'Password must contain at least one letter'],
      ['abcdefgh', 'Password must contain at least one digit'],
      ['ÄÖÜßéàçñ', 'Password must contain at least one digit'],
    ];
    for (const [pw, msg] of cases) {
      const r = await s.api('POST', '/api/auth/change-password', { token, body: { current_password: 'wrong-one', new_password: pw } });
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ error: msg });
    }
  });

  it('validates the body', async () => {
    const token = await s.adminToken();
    const r = await s.api('POST', '/api/auth/change-password', { token, body: { new_password: 5 } });
    expect(r.status).toBe(400);
    expect(r.body.details).toEqual([
      { type: 'missing', loc: ['current_password'], msg: 'Field required' },
      { type: 'string_type', loc: ['new_password'], msg: 'Input should be a valid string' },
    ]);
  });

  it('403 when the current password is wrong', async () => {
    const u = await createUser(s.app);
    const token = await s.login(u.username, u.password);
    const r = await s.api('POST', '/api/auth/change-password', { token, body: { current_password: 'nope-nope1', new_password: 'NewPassw0rd' } });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ error: 'Current password is incorrect' });
  });

  it('changes the password and invalidates tokens issued in earlier seconds', async () => {
    const u = await createUser(s.app);
    const token = await s.login(u.username, u.password);
    await sleep(1100);
    const r = await s.api('POST', '/api/auth/change-password', { token, body: { current_password: u.password, new_password: 'Brand-new-9' } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ message: 'Password changed' });
    const old = await s.api('GET', '/api/auth/me', { token });
    expect(old.status).toBe(401);
    expect(old.body).toEqual({ error: 'Token invalidated by password change' });
    expect((await s.api('POST', '/api/auth/login', { body: { username: u.username, password: u.password } })).status).toBe(401);
    const fresh = await s.login(u.username, 'Brand-new-9');
    expect((await s.api('GET', '/api/auth/me', { token: fresh })).status).toBe(200);
  });
});

describe('public and framework paths', () => {
  it('GET /api/health answers without auth', async () => {
    const r = await s.api('GET', '/api/health');
    expect(r.status).toBe(200);
    expect(r.text).toBe('{"service":"sentry-wms","status":"ok"}');
  });

  it('sends the legacy security headers and a request id', async () => {
    const r = await s.api('GET', '/api/health');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-frame-options')).toBe('DENY');
    expect(r.headers.get('x-xss-protection')).toBe('0');
    expect(r.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(r.headers.get('permissions-policy')).toBe('camera=(), microphone=(), geolocation=()');
    expect(r.headers.get('x-request-id')).toMatch(/^[\w-]+$/);
  });

  it('unknown paths are the framework 404 page and wrong methods a 405 with Allow', async () => {
    const nf = await s.api('GET', '/api/nope');
    expect(nf.status).toBe(404);
    expect(nf.text).toContain('<title>404 Not Found</title>');
    const na = await s.api('GET', '/api/auth/login');
    expect(na.status).toBe(405);
    expect(na.headers.get('allow')).toContain('POST');
  });

  it('/healthz and /readyz report process and database', async () => {
    expect((await s.api('GET', '/healthz')).body).toEqual({ status: 'ok' });
    const ready = await s.api('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.checks.database).toBe('ok');
  });
});

describe('GET /api/warehouses/list', () => {
  it('lists active warehouses as id, code, name ordered by name, for any signed-in user', async () => {
    await s.app.prisma.warehouse.create({ data: { warehouseCode: 'AAA', warehouseName: 'Aardvark Depot' } });
    await s.app.prisma.warehouse.create({ data: { warehouseCode: 'OFF', warehouseName: 'Closed Site', isActive: false } });
    const u = await createUser(s.app, { warehouseIds: [] });
    const r = await s.api('GET', '/api/warehouses/list', { token: await s.login(u.username, u.password) });
    expect(r.status).toBe(200);
    const names = r.body.warehouses.map((w: any) => w.name);
    expect(names).toEqual([...names].sort());
    expect(names).toContain('Aardvark Depot');
    expect(names).not.toContain('Closed Site');
    for (const w of r.body.warehouses) expect(Object.keys(w)).toEqual(['code', 'id', 'name']);
  });

  it('requires a token', async () => {
    expect(await s.api('GET', '/api/warehouses/list')).toMatchObject({ status: 401, body: { error: 'Unauthorized' } });
  });
});
