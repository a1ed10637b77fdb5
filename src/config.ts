import { randomBytes } from 'node:crypto';
import { loadOrCreateLocalSecrets } from './local-secrets';
import { z } from 'zod';

const DEFAULT_CORS = 'http://localhost:3000,http://localhost:5000,http://localhost:8081';

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(5000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  EVENT_RETENTION_HOURS: z.coerce.number().int().min(0).max(87_600).default(168),
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
  REDIS_PREFIX: z.string().regex(/^[\w:.-]{1,50}$/, 'letters, digits, _ : . - only').default('wms'),
  JWT_SECRET: z.string().optional(),
  ADMIN_USERNAME: z.string().min(1).max(50).default('admin'),
  ADMIN_PASSWORD: z.string().min(1).max(256).optional(),
  CORS_ORIGINS: z.string().default(DEFAULT_CORS),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters').max(512).optional(),
  SENTRY_ENCRYPTION_KEY: z.string().optional(),
  GRAPHQL_INTROSPECTION: z.enum(['true', 'false']).optional(),
  SEED_DEMO_DATA: z.enum(['true', 'false']).optional(),
  // connectors / background jobs
  CONNECTOR_ALLOW_LOOPBACK: z.enum(['true', 'false']).optional(),
  CONNECTOR_SYNC_RETRY_DELAY_MS: z.coerce.number().int().min(0).max(3_600_000).optional(),
  CONNECTOR_SYNC_STALE_AFTER_MS: z.coerce.number().int().min(1000).optional(),
  JOBS_IN_PROCESS_WORKER: z.enum(['true', 'false']).optional(),
  IDEMPOTENCY_WAIT_MS: z.coerce.number().int().min(0).max(60_000).optional(),
  AUDIT_SEAL_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(500),
});

export type Config = {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  dbPoolMax: number;
  /** Live events older than this are deleted from the outbox once published (0: kept forever). */
  eventRetentionHours: number;
  /** Server processes on the one port (node:cluster); more than one needs DATABASE_URL. */
  workers: number;
  redisUrl?: string;
  /** Prefix of every Redis key and channel, so several deployments (or test runs) can share a Redis. */
  redisPrefix: string;
  jwtSecret: string;
  /** True when JWT_SECRET was not given and a random one was made for this process. */
  jwtSecretGenerated: boolean;
  adminUsername: string;
  adminPassword?: string;
  corsOrigins: string[];
  logLevel: string;
  /** pretty (pino-pretty) or json; unset: pretty on a terminal outside production (see logFormatOf). */
  logFormat?: 'pretty' | 'json';
  /** When set, GET /metrics needs `Authorization: Bearer <it>`. */
  metricsToken?: string;
  encryptionKey?: string;
  /** The embedded start's `<DATA_DIR>/secrets.json` when it supplied the JWT secret or the encryption key. */
  localSecretsFile?: string;
  introspection: boolean;
  seedDemoData: boolean;
  /** Tests only: lets connector HTTP calls reach 127.0.0.0/8 and ::1 (a local stub). Refused in production. */
  connectorAllowLoopback?: boolean;
  /** Delay between the retries of a failed sync job (default 30 s). */
  connectorSyncRetryDelayMs?: number;
  /** A `running` sync state older than this is taken as a crashed run and may be restarted (default 1 h). */
  connectorSyncStaleAfterMs?: number;
  /** Run the background-job worker inside the API process (default true; false when `npm run worker` runs it). */
  jobsInProcessWorker?: boolean;
  /** How long a duplicate request waits for the first one under the same Idempotency-Key (default 5 s). */
  idempotencyWaitMs?: number;
  /** How often this instance links committed audit rows into the hash chain (0: only when verifying). */
  auditSealIntervalMs: number;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment once at start-up; every message names the variable at fault. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  let jwtSecret = e.JWT_SECRET;
  let jwtSecretGenerated = false;
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    throw new ConfigError('Invalid configuration:\n  JWT_SECRET: must be at least 32 characters');
  }
  if (e.CONNECTOR_ALLOW_LOOPBACK === 'true' && e.NODE_ENV === 'production') {
    throw new ConfigError('Invalid configuration:\n  CONNECTOR_ALLOW_LOOPBACK: must not be true when NODE_ENV=production');
  }
  let encryptionKey = e.SENTRY_ENCRYPTION_KEY;
  let localSecretsFile: string | undefined;
  // The embedded start keeps its own secrets in the data folder; with DATABASE_URL or in production they come from the environment.
  if (!e.DATABASE_URL && e.NODE_ENV !== 'production' && !e.DATA_DIR.startsWith('memory://') && (!jwtSecret || !encryptionKey)) {
    const local = loadOrCreateLocalSecrets(e.DATA_DIR);
    jwtSecret ??= local.jwtSecret;
    encryptionKey ??= local.encryptionKey;
    localSecretsFile = local.file;
  }
  if (!jwtSecret) {
    if (e.NODE_ENV === 'production') {
      throw new ConfigError('Invalid configuration:\n  JWT_SECRET: required when NODE_ENV=production');
    }
    jwtSecret = randomBytes(48).toString('base64url');
    jwtSecretGenerated = true;
  }
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    dbPoolMax: e.DB_POOL_MAX,
    eventRetentionHours: e.EVENT_RETENTION_HOURS,
    workers: e.WEB_CONCURRENCY,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    jwtSecret,
    jwtSecretGenerated,
    adminUsername: e.ADMIN_USERNAME,
    adminPassword: e.ADMIN_PASSWORD,
    corsOrigins: e.CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean),
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    metricsToken: e.METRICS_TOKEN,
    encryptionKey,
    localSecretsFile,
    introspection: e.GRAPHQL_INTROSPECTION ? e.GRAPHQL_INTROSPECTION === 'true' : e.NODE_ENV !== 'production',
    seedDemoData: e.SEED_DEMO_DATA ? e.SEED_DEMO_DATA === 'true' : !e.DATABASE_URL,
    connectorAllowLoopback: e.CONNECTOR_ALLOW_LOOPBACK === 'true',
    connectorSyncRetryDelayMs: e.CONNECTOR_SYNC_RETRY_DELAY_MS,
    connectorSyncStaleAfterMs: e.CONNECTOR_SYNC_STALE_AFTER_MS,
    jobsInProcessWorker: e.JOBS_IN_PROCESS_WORKER !== 'false',
    idempotencyWaitMs: e.IDEMPOTENCY_WAIT_MS,
    auditSealIntervalMs: e.AUDIT_SEAL_INTERVAL_MS,
  };
}

/** The configuration with secrets masked, for logs and the admin CLI. */
export function describeConfig(config: Config): Record<string, unknown> {
  const mask = (v?: string) => (v ? '****' : undefined);
  return {
    ...config,
    databaseUrl: config.databaseUrl?.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:****@'),
    redisUrl: config.redisUrl?.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:****@'),
    jwtSecret: '****',
    adminPassword: mask(config.adminPassword),
    encryptionKey: mask(config.encryptionKey),
    metricsToken: mask(config.metricsToken),
  };
}
