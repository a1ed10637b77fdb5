import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `wms-test-${randomBytes(4).toString('hex')}`;
let a: TestServer;
let b: TestServer;
let redis: Redis;

// Two server instances sharing one Redis: a lock earned on one holds on the other.
beforeAll(async () => {
  a = await startTestServer({ env: { REDIS_URL, REDIS_PREFIX: prefix } });
  b = await startTestServer({ env: { REDIS_URL, REDIS_PREFIX: prefix } });
  redis = new Redis(REDIS_URL);
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
  await a?.close();
  await b?.close();
});

describe('login rate limiting in Redis', () => {
  it('counts failures across instances and locks the IP for 15 minutes in Redis', async () => {
    for (let i = 0; i < 4; i++) {
      const r = await (i % 2 ? a : b).api('POST', '/api/auth/login', { body: { username: `x${i}`, password: 'bad-pass1' } });
      expect(r.status).toBe(401);
    }
    const fifth = await a.api('POST', '/api/auth/login', { body: { username: 'x5', password: 'bad-pass1' } });
    expect(fifth.status).toBe(429);
    expect(fifth.body).toEqual({ error: 'Too many failed attempts from your IP. Locked for 15 minutes' });
    const ttl = await redis.pttl(`${prefix}:login:lock:ip:127.0.0.1`);
    expect(ttl).toBeGreaterThan(14 * 60 * 1000);
    expect(ttl).toBeLessThanOrEqual(15 * 60 * 1000);
    const onB = await b.api('POST', '/api/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(onB.status).toBe(429);
    expect(onB.body.error).toMatch(/^Too many failed attempts from your IP\. Try again in 1[45]m \d{1,2}s$/);
    // Nothing was written to the database table: Redis is the store.
    expect(await a.app.prisma.loginAttempt.count()).toBe(0);
  });

  it('a success clears the keys in Redis', async () => {
    await redis.del(`${prefix}:login:lock:ip:127.0.0.1`);
    await a.api('POST', '/api/auth/login', { body: { username: 'admin', password: 'bad-pass1' } });
    expect(await redis.get(`${prefix}:login:attempts:user:admin`)).toBe('1');
    expect((await b.api('POST', '/api/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } })).status).toBe(200);
    expect(await redis.exists(`${prefix}:login:attempts:user:admin`, `${prefix}:login:attempts:ip:127.0.0.1`)).toBe(0);
  });
});
