import type { Redis } from 'ioredis';
import type { PrismaClient } from '../db';

/**
 * Login rate limiting (spec 10 §2, with the reference's per-username lockout added):
 * every failure counts against `ip:<addr>` and `user:<lowercased name>`; the fifth one in a row
 * locks that key for 15 minutes and resets its counter. A success clears both keys.
 */
export const MAX_FAILED_ATTEMPTS = 5;
export const LOCK_MS = 15 * 60 * 1000;


export interface LoginLimiter {
  /** Milliseconds left on the lock of `key`, or 0 when it is not locked. */
  lockRemainingMs(key: string): Promise<number>;
  /** Counts a failure; returns true when this failure locked the key. */
  recordFailure(key: string): Promise<boolean>;
  reset(keys: string[]): Promise<void>;
}

export const ipKey = (ip: string) => `ip:${ip || 'unknown'}`;
export const userKey = (username: string) => `user:${username.trim().toLowerCase()}`;

/** Shared across server instances through Redis. */
export class RedisLoginLimiter implements LoginLimiter {
  constructor(private readonly redis: Redis, private readonly prefix = 'wms:login') {}

  async lockRemainingMs(key: string): Promise<number> {
    const ttl = await this.redis.pttl(`${this.prefix}:lock:${key}`);
    return ttl > 0 ? ttl : 0;
  }

  async recordFailure(key: string): Promise<boolean> {
    const attemptsKey = `${this.prefix}:attempts:${key}`;
    // One script so concurrent failures cannot both skip the lock.
    const locked = await this.redis.eval(
      `local n = redis.call('INCR', KEYS[1])
       redis.call('PEXPIRE', KEYS[1], ARGV[3])
       if n >= tonumber(ARGV[1]) then
         redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
         redis.call('DEL', KEYS[1])
         return 1
       end
       return 0`,
      2,
      attemptsKey,
      `${this.prefix}:lock:${key}`,
      MAX_FAILED_ATTEMPTS,
      LOCK_MS,
      24 * 60 * 60 * 1000,
    );
    return locked === 1;
  }

  async reset(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.redis.del(...keys.flatMap((k) => [`${this.prefix}:attempts:${k}`, `${this.prefix}:lock:${k}`]));
  }
}

/** Without Redis: the legacy `login_attempts` table, so counters survive restarts and are shared. */
export class DatabaseLoginLimiter implements LoginLimiter {
  constructor(private readonly prisma: PrismaClient) {}

  async lockRemainingMs(key: string): Promise<number> {
    const row = await this.prisma.loginAttempt.findUnique({ where: { key } });
    const until = row?.lockedUntil?.getTime() ?? 0;
    return Math.max(0, until - Date.now());
  }

  async recordFailure(key: string): Promise<boolean> {
    const rows = await this.prisma.$queryRaw<{ attempts: number }[]>`
      INSERT INTO login_attempts (key, attempts, last_attempt) VALUES (${key}, 1, now())
      ON CONFLICT (key) DO UPDATE
        SET attempts = CASE WHEN login_attempts.locked_until IS NOT NULL AND login_attempts.locked_until <= now()
                            THEN 1 ELSE login_attempts.attempts + 1 END,
            locked_until = CASE WHEN login_attempts.locked_until <= now() THEN NULL ELSE login_attempts.locked_until END,
            last_attempt = now()
      RETURNING attempts`;
    if ((rows[0]?.attempts ?? 0) < MAX_FAILED_ATTEMPTS) return false;
    await this.prisma.loginAttempt.update({
      where: { key },
      data: { attempts: 0, lockedUntil: new Date(Date.now() + LOCK_MS) },
    });
    return true;
  }

  async reset(keys: string[]): Promise<void> {
    await this.prisma.loginAttempt.deleteMany({ where: { key: { in: keys } } });
  }
}

/** `14m 59s` as the legacy message writes the time left. */
export function formatRemaining(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
}
