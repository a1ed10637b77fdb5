import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from '../../src/config';

describe('config', () => {
  it('has working defaults for a bare machine', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 5000, dataDir: './data', nodeEnv: 'development', seedDemoData: true, jwtSecretGenerated: true });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('names the bad variable', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ REDIS_URL: 'http://x' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET: must be at least 32 characters/);
  });

  it('requires JWT_SECRET in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
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
