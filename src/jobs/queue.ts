/**
 * Background jobs: BullMQ on the app's Redis (keys under `<REDIS_PREFIX>:bull`), or, without Redis, an
 * in-process queue with the same interface (jobs die with the process; fine for the embedded demo).
 */
import { randomUUID } from 'node:crypto';
import { Queue, Worker, UnrecoverableError } from 'bullmq';
import { Redis } from 'ioredis';
import type { Config } from '../config';
import type { Logger } from '../logger';

export const QUEUE_NAME = 'connectors';

export interface JobOptions {
  /** Total runs including the first (default 1). */
  attempts?: number;
  /** Fixed delay between runs after a failure. */
  backoffMs?: number;
}

export interface QueuedJob<T = unknown> {
  id: string;
  name: string;
  data: T;
  /** Runs already finished (0 on the first run). */
  attemptsMade: number;
  attempts: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each handler declares its own payload type; the queue passes the stored one
export type JobHandler = (job: QueuedJob<any>) => Promise<unknown>;
export type JobHandlers = Record<string, JobHandler>;

/** Thrown by a handler when retrying cannot help (bad configuration, blocked destination). */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

export interface JobQueue {
  readonly kind: 'bullmq' | 'memory';
  add(name: string, data: unknown, opts?: JobOptions): Promise<{ id: string }>;
  close(): Promise<void>;
}

export interface JobWorker {
  close(): Promise<void>;
}

const bullPrefix = (config: Pick<Config, 'redisPrefix'>) => `${config.redisPrefix}:bull`;

class BullJobQueue implements JobQueue {
  readonly kind = 'bullmq' as const;
  constructor(
    private readonly queue: Queue,
    private readonly connection: Redis,
  ) {}

  async add(name: string, data: unknown, opts: JobOptions = {}) {
    const id = randomUUID();
    await this.queue.add(name, data, {
      jobId: id,
      attempts: opts.attempts ?? 1,
      backoff: { type: 'fixed', delay: opts.backoffMs ?? 0 },
      removeOnComplete: { age: 24 * 3600, count: 1000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
    return { id };
  }

  async close() {
    await this.queue.close();
    await this.connection.quit().catch(() => {});
  }
}

interface MemoryJob extends QueuedJob {
  backoffMs: number;
}

/** Same contract as BullJobQueue, in this process: used when REDIS_URL is not set. */
export class MemoryJobQueue implements JobQueue {
  readonly kind = 'memory' as const;
  private handlers: JobHandlers | null = null;
  private waiting: MemoryJob[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly active = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly logger?: Logger) {}

  async add(name: string, data: unknown, opts: JobOptions = {}) {
    if (this.closed) throw new Error('job queue is closed');
    const job: MemoryJob = { id: randomUUID(), name, data, attemptsMade: 0, attempts: opts.attempts ?? 1, backoffMs: opts.backoffMs ?? 0 };
    this.schedule(job, 0);
    return { id: job.id };
  }

  /** Starts processing (what a worker does); jobs added before wait until then. */
  attach(handlers: JobHandlers): JobWorker {
    this.handlers = handlers;
    const waiting = this.waiting;
    this.waiting = [];
    for (const job of waiting) this.schedule(job, 0);
    return { close: async () => this.drain() };
  }

  private schedule(job: MemoryJob, delayMs: number) {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.handlers) {
        this.waiting.push(job);
        return;
      }
      const run = this.run(job, this.handlers).finally(() => this.active.delete(run));
      this.active.add(run);
    }, delayMs);
    this.timers.add(timer);
  }

  private async run(job: MemoryJob, handlers: JobHandlers) {
    const handler = handlers[job.name];
    try {
      if (!handler) throw new PermanentJobError(`no handler for job ${job.name}`);
      await handler({ id: job.id, name: job.name, data: job.data, attemptsMade: job.attemptsMade, attempts: job.attempts });
    } catch (e) {
      job.attemptsMade++;
      const retry = !(e instanceof PermanentJobError) && job.attemptsMade < job.attempts && !this.closed;
      this.logger?.warn({ jobId: job.id, job: job.name, attempt: job.attemptsMade, retry, err: (e as Error).message }, 'job failed');
      if (retry) this.schedule(job, job.backoffMs);
    }
  }

  private async drain() {
    this.handlers = null;
    await Promise.allSettled([...this.active]);
  }

  async close() {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.drain();
  }
}

/** BullMQ when Redis is configured, else the in-process queue. */
export async function createJobQueue(config: Pick<Config, 'redisUrl' | 'redisPrefix'>, logger: Logger): Promise<JobQueue> {
  if (!config.redisUrl) {
    logger.info('REDIS_URL is not set: background jobs run in this process only');
    return new MemoryJobQueue(logger);
  }
  // Producer side fails fast when Redis is down, so a trigger answers 500 instead of hanging.
  const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, connectTimeout: 2000, enableOfflineQueue: true });
  connection.on('error', (err) => logger.warn({ err: err.message }, 'job queue redis error'));
  const queue = new Queue(QUEUE_NAME, { connection, prefix: bullPrefix(config) });
  queue.on('error', (err) => logger.warn({ err: err.message }, 'job queue error'));
  await queue.waitUntilReady();
  return new BullJobQueue(queue, connection);
}

/** Runs the handlers for the queue's jobs: a BullMQ worker on Redis, or the in-process queue's own loop. */
export async function startJobWorker(
  config: Pick<Config, 'redisUrl' | 'redisPrefix'>,
  queue: JobQueue,
  handlers: JobHandlers,
  logger: Logger,
  opts: { concurrency?: number } = {},
): Promise<JobWorker> {
  if (queue instanceof MemoryJobQueue) return queue.attach(handlers);
  if (!config.redisUrl) throw new Error('REDIS_URL is required for a BullMQ worker');
  // Workers block on Redis: BullMQ requires maxRetriesPerRequest null on their connection.
  const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', (err) => logger.warn({ err: err.message }, 'job worker redis error'));
  const worker = new Worker(
    QUEUE_NAME,
    async (job) => {
      const handler = handlers[job.name];
      if (!handler) throw new UnrecoverableError(`no handler for job ${job.name}`);
      try {
        return await handler({ id: job.id!, name: job.name, data: job.data, attemptsMade: job.attemptsMade, attempts: job.opts.attempts ?? 1 });
      } catch (e) {
        if (e instanceof PermanentJobError) throw new UnrecoverableError(e.message);
        throw e;
      }
    },
    { connection, prefix: bullPrefix(config), concurrency: opts.concurrency ?? 4 },
  );
  worker.on('failed', (job, err) => logger.warn({ jobId: job?.id, job: job?.name, attempt: job?.attemptsMade, err: err.message }, 'job failed'));
  worker.on('error', (err) => logger.warn({ err: err.message }, 'job worker error'));
  await worker.waitUntilReady();
  return {
    close: async () => {
      await worker.close();
      await connection.quit().catch(() => {});
    },
  };
}
