import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import bcrypt from 'bcryptjs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client';
import { createTestDatabase } from '../helpers/db';
import { urlFor, withAdminClient } from '../helpers/pg';

// each command is a child process (tsx start-up, Prisma client load): seconds each on a busy machine
vi.setConfig({ testTimeout: 120_000 });

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npx tsx scripts/admin.ts ...args` with only the given environment (plus PATH/HOME). */
function admin(args: string[], env: Record<string, string>, input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'scripts/admin.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

let db: { url: string; name: string; drop(): Promise<void> };
let conn: Database;
let env: Record<string, string>;
let warehouseId: number;

beforeAll(async () => {
  db = await createTestDatabase();
  conn = await openDatabase({ databaseUrl: db.url, dataDir: '/nonexistent', migrate: false, poolMax: 2 });
  env = { DATABASE_URL: db.url };
  const wh = await conn.prisma.warehouse.create({ data: { warehouseCode: 'CLI1', warehouseName: 'CLI warehouse' } });
  warehouseId = wh.warehouseId;
});
afterAll(async () => {
  await conn?.close();
  await db?.drop();
});

describe('admin CLI: create-user', () => {
  it('creates a user with role, warehouses and functions', async () => {
    const r = await admin(
      ['create-user', '--username', 'floor1', '--password', 'Floor1234', '--role', 'USER', '--full-name', 'Floor One',
        '--warehouses', String(warehouseId), '--functions', 'receive,pick'],
      env,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^created user "floor1" \(id \d+, role USER\)\n$/);
    const u = await conn.prisma.user.findUniqueOrThrow({ where: { username: 'floor1' } });
    expect(u).toMatchObject({
      fullName: 'Floor One', role: 'USER', warehouseId, warehouseIds: [warehouseId], allowedFunctions: ['receive', 'pick'], isActive: true,
    });
    expect(await bcrypt.compare('Floor1234', u.passwordHash)).toBe(true);
  });

  it('reads the password from stdin and defaults the full name to the username', async () => {
    const r = await admin(['create-user', '--username', 'boss2', '--password-stdin', '--role', 'ADMIN'], env, 'Boss12345\n');
    expect(r.code).toBe(0);
    const u = await conn.prisma.user.findUniqueOrThrow({ where: { username: 'boss2' } });
    expect(u).toMatchObject({ fullName: 'boss2', role: 'ADMIN', warehouseIds: [] });
    expect(await bcrypt.compare('Boss12345', u.passwordHash)).toBe(true);
  });

  it('enforces the password policy', async () => {
    const weak = await admin(['create-user', '--username', 'weak', '--password', 'letters-only'], env);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toBe('error: Password must contain at least one digit\n');
    expect(await conn.prisma.user.count({ where: { username: 'weak' } })).toBe(0);
  });

  it('enforces the input rules, unique names and known warehouses', async () => {
    const badRole = await admin(['create-user', '--username', 'weak', '--password', 'Good12345', '--role', 'ROOT'], env);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain('role: role must be one of: ADMIN, USER');
    const dup = await admin(['create-user', '--username', 'floor1', '--password', 'Good12345'], env);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toBe('error: Duplicate username: floor1\n');
    const wh = await admin(['create-user', '--username', 'weak', '--password', 'Good12345', '--warehouses', '999999'], env);
    expect(wh.code).toBe(1);
    expect(wh.stderr).toBe('error: Warehouse 999999 not found\n');
    expect(await conn.prisma.user.count({ where: { username: 'weak' } })).toBe(0);
    const usage = await admin(['create-user', '--password', 'Good12345'], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--username is required');
  });
});

describe('admin CLI: reset-password', () => {
  it('sets the password and password_changed_at', async () => {
    const before = new Date(Date.now() - 1000);
    const r = await admin(['reset-password', '--username', 'floor1', '--password', 'NewPass987'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('password of "floor1" reset');
    const u = await conn.prisma.user.findUniqueOrThrow({ where: { username: 'floor1' } });
    expect(await bcrypt.compare('NewPass987', u.passwordHash)).toBe(true);
    expect(u.passwordChangedAt!.getTime()).toBeGreaterThan(before.getTime());
  });

  it('refuses a weak password and an unknown user', async () => {
    const weak = await admin(['reset-password', '--username', 'floor1', '--password', 'short1'], env);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toBe('error: Password must be at least 8 characters\n');
    const unknown = await admin(['reset-password', '--username', 'nobody', '--password', 'NewPass987'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('error: User not found: nobody\n');
  });
});

describe('admin CLI: unlock', () => {
  it('clears the login_attempts rows of a username and an IP, and nothing else', async () => {
    const lockedUntil = new Date(Date.now() + 600_000);
    await conn.prisma.loginAttempt.createMany({
      data: [
        { key: 'user:floor1', attempts: 0, lockedUntil },
        { key: 'ip:10.1.2.3', attempts: 3 },
        { key: 'user:other', attempts: 0, lockedUntil },
      ],
    });
    const r = await admin(['unlock', '--username', ' Floor1 ', '--ip', '10.1.2.3'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('cleared 2 login_attempts row(s) for user:floor1, ip:10.1.2.3');
    const left = await conn.prisma.loginAttempt.findMany({ select: { key: true } });
    expect(left.map((x) => x.key)).toEqual(['user:other']);
  });

  it('also clears the Redis keys when REDIS_URL is set', async () => {
    const prefix = `wms-cli-${randomBytes(4).toString('hex')}`;
    const redis = new Redis(REDIS_URL);
    try {
      await redis.set(`${prefix}:login:lock:user:floor1`, '1', 'PX', 600_000);
      await redis.set(`${prefix}:login:attempts:user:floor1`, '3');
      await redis.set(`${prefix}:login:lock:ip:10.9.9.9`, '1', 'PX', 600_000);
      await redis.set(`${prefix}:login:lock:user:other`, '1', 'PX', 600_000);
      const r = await admin(['unlock', '--username', 'floor1', '--ip', '10.9.9.9'], { ...env, REDIS_URL, REDIS_PREFIX: prefix });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`cleared 3 Redis key(s) under ${prefix}:login:`);
      expect((await redis.keys(`${prefix}:*`)).sort()).toEqual([`${prefix}:login:lock:user:other`]);
    } finally {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
  });

  it('needs a username or an IP', async () => {
    const r = await admin(['unlock'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unlock needs --username and/or --ip');
  });
});

describe('admin CLI: API tokens', () => {
  it('creates a token (secret printed once, stored hashed), lists it without the secret, revokes it; audited', async () => {
    const created = await admin(['token-create', '--name', 'Dock board', '--warehouses', String(warehouseId)], env);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const m = created.stdout.match(/^created API token (\d+) "Dock board" \(warehouses (\d+), never expires\)\n.*\n(wms_ro_[A-Za-z0-9_-]{43})\n$/);
    expect(m, created.stdout).not.toBeNull();
    const [, id, wh, secret] = m!;
    expect(Number(wh)).toBe(warehouseId);
    const row = await conn.prisma.apiToken.findUniqueOrThrow({ where: { tokenId: Number(id) } });
    expect(row).toMatchObject({ name: 'Dock board', warehouseIds: [warehouseId], createdBy: 'admin-cli', expiresAt: null, revokedAt: null });
    expect(row.tokenHash).toBe(createHash('sha256').update(secret).digest('hex'));

    const listed = await admin(['token-list'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`${id}\tACTIVE\t${secret.slice(0, 12)}...\tDock board\twarehouses ${warehouseId}\tno expiry\tby admin-cli`);
    expect(listed.stdout).not.toContain(secret.slice(12));

    const revoked = await admin(['token-revoke', '--id', id], env);
    expect(revoked).toMatchObject({ code: 0, stdout: `API token ${id} "Dock board" revoked\n` });
    expect((await conn.prisma.apiToken.findUniqueOrThrow({ where: { tokenId: Number(id) } })).revokedBy).toBe('admin-cli');
    expect((await admin(['token-list'], env)).stdout).toBe('no API tokens\n');
    expect((await admin(['token-list', '--all'], env)).stdout).toContain(`${id}\tREVOKED`);
    const audits = await conn.prisma.auditLog.findMany({ where: { entityType: 'API_TOKEN', entityId: Number(id) }, orderBy: { logId: 'asc' } });
    expect(audits.map((a) => [a.actionType, a.userId])).toEqual([['API_TOKEN_CREATE', 'admin-cli'], ['API_TOKEN_REVOKE', 'admin-cli']]);
    expect(JSON.stringify(audits.map((a) => a.details))).not.toContain(secret.slice(12));
  });

  it('refuses bad input', async () => {
    expect(await admin(['token-create', '--warehouses', String(warehouseId)], env)).toMatchObject({ code: 2, stderr: expect.stringContaining('--name is required') });
    expect(await admin(['token-create', '--name', 'x'], env)).toMatchObject({ code: 2, stderr: expect.stringContaining('--warehouses is required') });
    expect(await admin(['token-create', '--name', 'x', '--warehouses', '999999'], env)).toMatchObject({ code: 1, stderr: 'error: Warehouse 999999 not found\n' });
    expect(await admin(['token-create', '--name', 'x', '--warehouses', String(warehouseId), '--expires-at', 'soon'], env)).toMatchObject({ code: 2 });
    expect(await admin(['token-revoke', '--id', '999999'], env)).toMatchObject({ code: 1, stderr: 'error: API token not found\n' });
    expect(await conn.prisma.apiToken.count({ where: { name: 'x' } })).toBe(0);
  });
});

describe('admin CLI: migrate', () => {
  it('applies the pending migrations to an empty database, then finds it up to date', async () => {
    const name = `wms_t_${Date.now()}_cli_${randomBytes(3).toString('hex')}`;
    await withAdminClient((c) => c.query(`CREATE DATABASE "${name}"`));
    try {
      const emptyEnv = { DATABASE_URL: urlFor(name) };
      const refused = await admin(['create-user', '--username', 'x', '--password', 'Good12345'], emptyEnv);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/pending migration\(s\): run `npm run admin -- migrate` first/);
      const first = await admin(['migrate'], emptyEnv);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/postgres: \d+ migration\(s\) applied\n$/);
      const again = await admin(['migrate'], emptyEnv);
      expect(again.code).toBe(0);
      expect(again.stdout).toBe('postgres: database is up to date\n');
      const created = await admin(['create-user', '--username', 'x', '--password', 'Good12345'], emptyEnv);
      expect(created.code).toBe(0);
    } finally {
      await withAdminClient((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    }
  });
});

describe('admin CLI: embedded database (no DATABASE_URL)', () => {
  it('migrates and manages users in the PGlite database under DATA_DIR', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wms-cli-'));
    try {
      const pgEnv = { DATA_DIR: dataDir };
      const migrated = await admin(['migrate'], pgEnv);
      expect(migrated.code).toBe(0);
      expect(migrated.stdout).toMatch(/pglite: \d+ migration\(s\) applied\n$/);
      const created = await admin(['create-user', '--username', 'embedded', '--password', 'Good12345', '--role', 'ADMIN'], pgEnv);
      expect(created.stderr).toBe('');
      expect(created.stdout).toMatch(/^created user "embedded" \(id \d+, role ADMIN\)\n$/);
      const reset = await admin(['reset-password', '--username', 'embedded', '--password', 'Other1234'], pgEnv);
      expect(reset.code).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('admin CLI: config', () => {
  it('prints the effective configuration with secrets masked', async () => {
    const secrets = {
      DATABASE_URL: 'postgresql://wms:db-pass-123@db.internal:5432/wms',
      REDIS_URL: 'redis://default:redis-pass-456@cache:6379',
      JWT_SECRET: 'jwt-secret-that-is-at-least-32-chars-long!!',
      ADMIN_PASSWORD: 'admin-pass-789',
      SENTRY_ENCRYPTION_KEY: 'fernet-key-abc',
    };
    const r = await admin(['config'], { ...secrets, PORT: '5055', REDIS_PREFIX: 'ops' });
    expect(r.code).toBe(0);
    for (const v of ['db-pass-123', 'redis-pass-456', secrets.JWT_SECRET, 'admin-pass-789', 'fernet-key-abc']) {
      expect(r.stdout).not.toContain(v);
    }
    const cfg = JSON.parse(r.stdout);
    expect(cfg).toMatchObject({
      port: 5055,
      redisPrefix: 'ops',
      databaseUrl: 'postgresql://wms:****@db.internal:5432/wms',
      redisUrl: 'redis://default:****@cache:6379',
      jwtSecret: '****',
      adminPassword: '****',
      encryptionKey: '****',
      nodeEnv: 'test',
    });
  });

  it('fails like the server on a bad value, naming the variable', async () => {
    const r = await admin(['config'], { PORT: 'abc' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: Invalid configuration:\n {2}PORT: /);
  });

  it('answers usage errors with exit code 2', async () => {
    const r = await admin(['frobnicate'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command: frobnicate');
    expect(r.stderr).toContain('Usage: npm run admin -- <command>');
  });
});
