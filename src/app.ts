import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Config } from './config';
import { createLogger, logFormatOf, type Logger } from './logger';
import { openDatabase, type Database, type PrismaClient } from './db';
import { ensureAdminUser, seedDemoData } from './db/seed';
import { DatabaseLoginLimiter, RedisLoginLimiter, type LoginLimiter } from './auth/login-limiter';
import { createJobQueue, startJobWorker, type JobQueue, type JobWorker } from './jobs/queue';
import { allJobHandlers } from './jobs/handlers';
import { checkEncryptionKeyAtStartup } from './connectors/vault';
import type { LiveServices } from './live';
import { createMetrics, type Metrics } from './metrics';
import { UserCache } from './auth/user-cache';
import { startAuditSealer, type AuditSealer } from './audit/audit.sealer';
import type { AuthRow } from './auth/authenticate';

/** Everything a request handler may use; one instance per server (tests run several in a process). */
export interface AppServices {
  config: Config;
  logger: Logger;
  db: Database;
  prisma: PrismaClient;
  redis: Redis | null;
  loginLimiter: LoginLimiter;
  /** Background jobs (BullMQ on Redis, else in-process); the worker runs here unless JOBS_IN_PROCESS_WORKER=false. */
  jobs: JobQueue;
  /** Prometheus registry of this instance (GET /metrics); see src/metrics.ts for the gauges others may set. */
  metrics: Metrics;
  /** Links committed audit rows into the hash chain in the background (src/audit/audit.sealer.ts). */
  auditSealer: AuditSealer;
  /** The token check's users in memory (PostgreSQL; null on PGlite): see src/auth/user-cache.ts. */
  userCache: UserCache<AuthRow> | null;
  /** Live dashboards (outbox relay, Redis fan-out, subscriptions); started by the HTTP server (src/live). */
  live: LiveServices | null;
  close(): Promise<void>;
}

export async function createApp(config: Config, opts: { logger?: Logger } = {}): Promise<AppServices> {
  const logger = opts.logger ?? createLogger(config.logLevel, logFormatOf(config));
  if (config.jwtSecretGenerated) {
    logger.warn('JWT_SECRET is not set: using a random secret for this process (tokens end with it)');
  }
  if (config.localSecretsFile) logger.info({ file: config.localSecretsFile }, 'embedded database: secrets not set in the environment are kept in the data folder');
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolMax: config.dbPoolMax,
    log: (msg) => logger.info(msg),
  });
  const prisma = db.prisma;

  let redis: Redis | null = null;
  if (config.redisUrl) {
    redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, connectTimeout: 2000, lazyConnect: true });
    redis.on('error', (err) => logger.warn({ err: err.message }, 'redis error'));
    await redis.connect();
  }

  if (config.seedDemoData) {
    const { seeded } = await seedDemoData(prisma);
    if (seeded) logger.info('loaded the demo data set into the empty database');
  }
  await bootstrapAdmin(config, prisma, db.kind, logger);
  checkEncryptionKeyAtStartup(config, logger);
  const jobs = await createJobQueue(config, logger);
  let worker: JobWorker | null = null;
  let userCache: UserCache<AuthRow> | null = null;
  if (db.kind === 'postgres' && config.databaseUrl) {
    const cache = (userCache = new UserCache<AuthRow>(config.databaseUrl, logger));
    db.onUsersWrite(() => cache.invalidateAll());
    await cache.start();
  }

  const app: AppServices = {
    config,
    logger,
    db,
    prisma,
    redis,
    loginLimiter: redis ? new RedisLoginLimiter(redis, `${config.redisPrefix}:login`) : new DatabaseLoginLimiter(prisma),
    jobs,
    metrics: createAppMetrics(prisma, redis),
    userCache,
    auditSealer: startAuditSealer(db, config.auditSealIntervalMs, logger),
    live: null,
    async close() {
      await app.live?.close(); // live relay and Redis subscriber stop before Redis and the database go away
      await app.auditSealer.close();
      await userCache?.close();
      await worker?.close(); // running jobs finish before the database goes away
      await jobs.close();
      await Promise.allSettled([db.close(), redis?.quit()]);
    },
  };
  if (config.jobsInProcessWorker !== false) worker = await startJobWorker(config, jobs, allJobHandlers(app), logger);
  return app;
}

/** The first admin: ADMIN_USERNAME / ADMIN_PASSWORD, else admin/admin on the embedded demo, else random. */
async function bootstrapAdmin(config: Config, prisma: PrismaClient, kind: Database['kind'], logger: Logger) {
  const givenPassword = config.adminPassword;
  const password = givenPassword ?? (kind === 'pglite' ? 'admin' : randomBytes(12).toString('base64url'));
  const created = await ensureAdminUser(prisma, { username: config.adminUsername, password });
  if (created && !givenPassword) {
    // Printed once, on the console only: the operator has no other way to learn it.
    process.stdout.write(
      `\n  First admin created: username "${config.adminUsername}", password "${password}"\n` +
        `  Change it after signing in (POST /api/auth/change-password).\n\n`,
    );
  } else if (created) {
    logger.info({ username: config.adminUsername }, 'first admin created from ADMIN_USERNAME / ADMIN_PASSWORD');
  }
}

function createAppMetrics(prisma: PrismaClient, redis: Redis | null): Metrics {
  const metrics = createMetrics();
  metrics.setHealthChecks({
    database: async () => {
      await prisma.$queryRaw`SELECT 1`;
      return true;
    },
    ...(redis ? { redis: async () => (await redis.ping()) === 'PONG' } : {}),
  });
  return metrics;
}
