// npm run admin -- <command> [options]
//
// Operator commands on the same environment as the server (DATABASE_URL, else the embedded database under
// DATA_DIR; REDIS_URL / REDIS_PREFIX for the login limiter). Exit 0 on success, 1 on failure, 2 on bad usage.
import { parseArgs } from 'node:util';
import { ConfigError, describeConfig, loadConfig, type Config } from '../src/config';
import type { Database } from '../src/db/client';
import { assertPasswordPolicy, hashPassword } from '../src/auth/password';
import { ipKey, userKey } from '../src/auth/login-limiter';
import { parseInput as parseCoreInput } from '../src/graphql/inputs';
import { ApiTokenCreateInput } from '../src/api-tokens/api-tokens.inputs';
import { UserCreateInput } from '../src/admin/users/users.inputs';
import { AppError, InputError } from '../src/errors';

// The database, Redis and the input schemas are loaded by the commands that use them (a faster `config`).
const dbModules = async () => ({ ...(await import('../src/db/client')), ...(await import('../src/db/migrations')) });

const USAGE = `Usage: npm run admin -- <command> [options]

Commands:
  create-user      --username NAME (--password PW | --password-stdin) [--role ADMIN|USER] [--full-name NAME]
                   [--warehouses 1,2] [--functions receive,pick,...]
                   Create a user (the API's password policy and input rules apply).
  reset-password   --username NAME (--password PW | --password-stdin)
                   Set a new password; tokens issued before now stop working (password_changed_at).
  unlock           [--username NAME] [--ip ADDRESS]
                   Clear the login rate-limit state (login_attempts rows; Redis keys when REDIS_URL is set).
  token-create     --name NAME --warehouses 1,2 [--expires-at 2027-01-31T00:00:00Z]
                   Create a read-only API token (wall-boards); the secret is printed once.
  token-list       [--all]  The API tokens (secrets are never shown); --all includes revoked ones.
  token-revoke     --id N  Revoke an API token (open subscriptions holding it close within a second).
  migrate          Apply the pending database migrations.
  config           Print the effective configuration, secrets masked.

Environment: as the server (DATABASE_URL or DATA_DIR, REDIS_URL, REDIS_PREFIX, ...).`;

class UsageError extends Error {}

const OPTIONS = {
  username: { type: 'string' },
  password: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  role: { type: 'string' },
  'full-name': { type: 'string' },
  warehouses: { type: 'string' },
  functions: { type: 'string' },
  ip: { type: 'string' },
  name: { type: 'string' },
  'expires-at': { type: 'string' },
  id: { type: 'string' },
  all: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Options = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

const out = (line: string) => process.stdout.write(`${line}\n`);

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function intList(value: string | undefined, name: string): number[] {
  return list(value).map((s) => {
    if (!/^\d+$/.test(s)) throw new UsageError(`--${name}: "${s}" is not a warehouse id`);
    return Number(s);
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function passwordOf(opts: Options): Promise<string> {
  if (opts['password-stdin']) return readStdin();
  if (opts.password === undefined) throw new UsageError('--password or --password-stdin is required');
  return opts.password;
}

function required(opts: Options, name: 'username'): string {
  const v = opts[name];
  if (!v) throw new UsageError(`--${name} is required`);
  return v;
}

/** Opens the database without migrating; commands other than `migrate` refuse a database behind on migrations. */
async function withDatabase<T>(config: Config, fn: (db: Database) => Promise<T>): Promise<T> {
  const { openDatabase, pendingMigrations } = await dbModules();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, migrate: false, poolMax: 2 });
  try {
    const pending = await pendingMigrations(db.sql);
    if (pending.length > 0) {
      throw new Error(`the database has ${pending.length} pending migration(s): run \`npm run admin -- migrate\` first`);
    }
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function createUser(config: Config, opts: Options) {
  const username = required(opts, 'username');
  const password = await passwordOf(opts);
  const input = parseCoreInput(UserCreateInput, {
    username,
    password,
    fullName: opts['full-name'] ?? username,
    role: opts.role ?? 'USER',
    warehouseIds: intList(opts.warehouses, 'warehouses'),
    allowedFunctions: list(opts.functions),
  }, []);
  assertPasswordPolicy(input.password);
  const passwordHash = await hashPassword(input.password);
  await withDatabase(config, async ({ prisma }) => {
    if (await prisma.user.findUnique({ where: { username: input.username }, select: { userId: true } })) {
      throw new Error(`Duplicate username: ${input.username}`);
    }
    const warehouseIds = input.warehouseIds;
    if (warehouseIds.length > 0) {
      const found = await prisma.warehouse.findMany({ where: { warehouseId: { in: warehouseIds } }, select: { warehouseId: true } });
      const missing = warehouseIds.filter((id) => !found.some((w) => w.warehouseId === id));
      if (missing.length > 0) throw new Error(`Warehouse ${missing.join(', ')} not found`);
    }
    const user = await prisma.user.create({
      data: {
        username: input.username,
        passwordHash,
        fullName: input.fullName,
        role: input.role,
        warehouseId: warehouseIds[0] ?? null,
        warehouseIds,
        allowedFunctions: input.allowedFunctions,
        isActive: true,
      },
      select: { userId: true },
    });
    out(`created user "${input.username}" (id ${user.userId}, role ${input.role})`);
  });
}

async function resetPassword(config: Config, opts: Options) {
  const username = required(opts, 'username');
  const password = await passwordOf(opts);
  assertPasswordPolicy(password);
  const passwordHash = await hashPassword(password);
  await withDatabase(config, async ({ prisma }) => {
    const { count } = await prisma.user.updateMany({
      where: { username },
      data: { passwordHash, passwordChangedAt: new Date() },
    });
    if (count === 0) throw new Error(`User not found: ${username}`);
    out(`password of "${username}" reset; tokens issued before now are no longer accepted`);
  });
}

async function unlock(config: Config, opts: Options) {
  const keys = [...(opts.username ? [userKey(opts.username)] : []), ...(opts.ip ? [ipKey(opts.ip)] : [])];
  if (keys.length === 0) throw new UsageError('unlock needs --username and/or --ip');
  const { DatabaseLoginLimiter, RedisLoginLimiter } = await import('../src/auth/login-limiter');
  await withDatabase(config, async ({ prisma }) => {
    const rows = await prisma.loginAttempt.count({ where: { key: { in: keys } } });
    await new DatabaseLoginLimiter(prisma).reset(keys);
    out(`cleared ${rows} login_attempts row(s) for ${keys.join(', ')}`);
  });
  if (config.redisUrl) {
    const { Redis } = await import('ioredis');
    const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, connectTimeout: 2000, lazyConnect: true });
    redis.on('error', () => {});
    try {
      await redis.connect();
      const prefix = `${config.redisPrefix}:login`;
      const redisKeys = keys.flatMap((k) => [`${prefix}:attempts:${k}`, `${prefix}:lock:${k}`]);
      const existing = await redis.exists(...redisKeys);
      await new RedisLoginLimiter(redis, prefix).reset(keys);
      out(`cleared ${existing} Redis key(s) under ${prefix}:`);
    } finally {
      redis.disconnect();
    }
  }
}

/** The audit actor of the CLI's token commands (audit rows name who created or revoked a token). */
const CLI_ACTOR = 'admin-cli';

async function tokenCreate(config: Config, opts: Options) {
  if (!opts.name) throw new UsageError('--name is required');
  const warehouses = intList(opts.warehouses, 'warehouses');
  if (warehouses.length === 0) throw new UsageError('--warehouses is required (at least one warehouse id)');
  let expiresAt: Date | null = null;
  if (opts['expires-at'] !== undefined) {
    expiresAt = new Date(opts['expires-at']);
    if (Number.isNaN(expiresAt.getTime())) throw new UsageError(`--expires-at: "${opts['expires-at']}" is not a date-time`);
  }
  const { createApiToken } = await import('../src/api-tokens/api-tokens.service');
  await withDatabase(config, async ({ prisma }) => {
    const input = parseCoreInput(ApiTokenCreateInput, { name: opts.name, warehouseIds: warehouses, expiresAt }, []);
    const { token, apiToken } = await createApiToken(prisma, CLI_ACTOR, input);
    out(`created API token ${apiToken.tokenId} "${apiToken.name}" (warehouses ${apiToken.warehouseIds.join(',')}, ${apiToken.expiresAt ? `expires ${apiToken.expiresAt.toISOString()}` : 'never expires'})`);
    out('the secret (shown only now; send it as "Authorization: Bearer <secret>"):');
    out(token);
  });
}

async function tokenList(config: Config, opts: Options) {
  const { listApiTokens } = await import('../src/api-tokens/api-tokens.service');
  await withDatabase(config, async ({ prisma }) => {
    const rows = await listApiTokens(prisma, { includeRevoked: opts.all ?? false });
    if (rows.length === 0) return out('no API tokens');
    for (const t of rows) {
      out(`${t.tokenId}\t${t.status}\t${t.tokenPrefix}...\t${t.name}\twarehouses ${t.warehouseIds.join(',')}\t${t.expiresAt ? `expires ${t.expiresAt.toISOString()}` : 'no expiry'}\tby ${t.createdBy}`);
    }
  });
}

async function tokenRevoke(config: Config, opts: Options) {
  if (!opts.id || !/^\d+$/.test(opts.id)) throw new UsageError('--id N is required');
  const { revokeApiToken } = await import('../src/api-tokens/api-tokens.service');
  await withDatabase(config, async ({ prisma }) => {
    const t = await revokeApiToken(prisma, CLI_ACTOR, { tokenId: Number(opts.id) });
    out(`API token ${t.tokenId} "${t.name}" revoked`);
  });
}

async function migrate(config: Config) {
  const { openDatabase, applyPendingMigrations } = await dbModules();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, migrate: false, poolMax: 1 });
  try {
    const { applied } = await applyPendingMigrations(db.sql, { log: out });
    out(applied.length ? `${db.kind}: ${applied.length} migration(s) applied` : `${db.kind}: database is up to date`);
  } finally {
    await db.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  let parsed: { values: Options; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const [command, ...rest] = parsed.positionals;
  if (parsed.values.help || !command) {
    (command || parsed.values.help ? process.stdout : process.stderr).write(`${USAGE}\n`);
    return parsed.values.help ? 0 : 2;
  }
  try {
    if (rest.length > 0) throw new UsageError(`unexpected argument: ${rest[0]}`);
    const config = loadConfig(process.env);
    switch (command) {
      case 'create-user':
        await createUser(config, parsed.values);
        break;
      case 'reset-password':
        await resetPassword(config, parsed.values);
        break;
      case 'unlock':
        await unlock(config, parsed.values);
        break;
      case 'token-create':
        await tokenCreate(config, parsed.values);
        break;
      case 'token-list':
        await tokenList(config, parsed.values);
        break;
      case 'token-revoke':
        await tokenRevoke(config, parsed.values);
        break;
      case 'migrate':
        await migrate(config);
        break;
      case 'config':
        out(JSON.stringify(describeConfig(config), null, 2));
        break;
      default:
        throw new UsageError(`unknown command: ${command}`);
    }
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (e instanceof InputError) {
      const lines = e.problems.map((p) => `  ${p.field.join('.') || '(input)'}: ${p.message}`);
      process.stderr.write(`invalid input:\n${lines.join('\n')}\n`);
      return 1;
    }
    const message = e instanceof AppError || e instanceof ConfigError || e instanceof Error ? e.message : String(e);
    process.stderr.write(`error: ${message}\n`);
    return 1;
  }
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
