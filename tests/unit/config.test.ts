import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, describeConfig, loadConfig } from '../../src/config';

describe('config', () => {
  it('has working defaults for a bare machine', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wms-config-'));
    try {
      const c = loadConfig({ DATA_DIR: dir });
      expect(c).toMatchObject({ port: 5000, dataDir: dir, nodeEnv: 'development', seedDemoData: true, jwtSecretGenerated: false });
      expect(c.databaseUrl).toBeUndefined();
      expect(c.jwtSecret.length).toBeGreaterThanOrEqual(32);
      expect(c.encryptionKey).toMatch(/^[A-Za-z0-9_-]{43}=$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('embedded database: the JWT secret and the connector key are drawn once and kept in DATA_DIR/secrets.json (0600)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wms-config-'));
    try {
      const first = loadConfig({ DATA_DIR: dir });
      const file = join(dir, 'secrets.json');
      expect(first.localSecretsFile).toBe(file);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ jwt_secret: first.jwtSecret, sentry_encryption_key: first.encryptionKey });
      const again = loadConfig({ DATA_DIR: dir });
      expect([again.jwtSecret, again.encryptionKey]).toEqual([first.jwtSecret, first.encryptionKey]);
      // the environment still wins, and the file is left as it is
      const given = loadConfig({ DATA_DIR: dir, JWT_SECRET: 'e'.repeat(40), SENTRY_ENCRYPTION_KEY: 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=' });
      expect([given.jwtSecret, given.encryptionKey, given.localSecretsFile]).toEqual(['e'.repeat(40), 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=', undefined]);
      expect(loadConfig({ DATA_DIR: dir }).jwtSecret).toBe(first.jwtSecret);
      // the secrets are masked when the configuration is described
      const text = JSON.stringify(describeConfig(first));
      expect(text).not.toContain(first.jwtSecret);
      expect(text).not.toContain(first.encryptionKey!);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with DATABASE_URL or in production nothing is written: the variables stay required as before', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wms-config-'));
    try {
      const c = loadConfig({ DATA_DIR: dir, DATABASE_URL: 'postgresql://x@127.0.0.1/db' });
      expect(c).toMatchObject({ jwtSecretGenerated: true, encryptionKey: undefined, localSecretsFile: undefined });
      expect(() => loadConfig({ DATA_DIR: dir, NODE_ENV: 'production' })).toThrow(/JWT_SECRET: required/);
      expect(loadConfig({ DATA_DIR: dir, NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(40) }).encryptionKey).toBeUndefined();
      expect(existsSync(join(dir, 'secrets.json'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the bad variable', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ REDIS_URL: 'http://x' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET: must be at least 32 characters/);
  });

  it('requires JWT_SECRET in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: 'memory://' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: required/);
    const c = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(40) });
    expect(c.introspection).toBe(false);
  });

  it('masks secrets when describing the configuration', () => {
    const c = loadConfig({
      JWT_SECRET: 's'.repeat(40),
      DATABASE_URL: 'postgresql://wms:hunter2@db:5432/wms',
      ADMIN_PASSWORD: 'pw123456',
      SENTRY_ENCRYPTION_KEY: 'k'.repeat(44),
    });
    const text = JSON.stringify(describeConfig(c));
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('s'.repeat(40));
    expect(text).not.toContain('pw123456');
    expect(text).not.toContain('k'.repeat(44));
    expect(text).toContain('postgresql://wms:****@db:5432/wms');
  });
});
