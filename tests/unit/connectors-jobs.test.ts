import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { createJobQueue, MemoryJobQueue, PermanentJobError, startJobWorker, type JobQueue, type QueuedJob } from '../../src/jobs/queue';
import { REDIS_URL, uniqueRedisPrefix } from '../helpers/connectors';

const logger = pino({ level: 'silent' });

async function retriesWithBackoff(queue: JobQueue, config: { redisUrl?: string; redisPrefix: string }) {
  const seen: { attemptsMade: number; at: number }[] = [];
  let permanentRuns = 0;
  const done = new Promise<void>((resolve) => {
    void startJobWorker(config, queue, {
      flaky: async (job: QueuedJob) => {
        seen.push({ attemptsMade: job.attemptsMade, at: Date.now() });
        if (seen.length < 3) throw new Error('temporary');
        resolve();
        return { ok: true };
      },
      broken: async () => {
        permanentRuns++;
        throw new PermanentJobError('bad configuration');
      },
    }, logger).then((w) => done.finally(() => w.close()));
  });
  await queue.add('broken', {}, { attempts: 4, backoffMs: 50 });
  const { id } = await queue.add('flaky', { x: 1 }, { attempts: 4, backoffMs: 150 });
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  await done;
  expect(seen.map((s) => s.attemptsMade)).toEqual([0, 1, 2]);
  // fixed backoff between the runs
  expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(140);
  expect(seen[2].at - seen[1].at).toBeGreaterThanOrEqual(140);
  await new Promise((r) => setTimeout(r, 300));
  expect(permanentRuns).toBe(1); // not retried
}

describe('job queue', () => {
  it('in-process queue: retries with backoff, no retry for permanent errors', async () => {
    const queue = new MemoryJobQueue();
    await retriesWithBackoff(queue, { redisPrefix: 'unused' });
    await queue.close();
  });

  it('BullMQ on Redis: same contract, keys under the configured prefix', async () => {
    const config = { redisUrl: REDIS_URL, redisPrefix: uniqueRedisPrefix('jobs') };
    const queue = await createJobQueue(config, logger);
    expect(queue.kind).toBe('bullmq');
    await retriesWithBackoff(queue, config);
    const { Redis } = await import('ioredis');
    const r = new Redis(REDIS_URL);
    const keys = await r.keys(`${config.redisPrefix}:bull:connectors:*`);
    expect(keys.length).toBeGreaterThan(0);
    const strays = await r.keys(`bull:connectors:*`);
    expect(strays.filter((k) => k.includes(config.redisPrefix))).toEqual([]);
    if (keys.length) await r.del(...keys);
    await r.quit();
    await queue.close();
  });
});
