// Raw SQL on the node-postgres pool with the ORM's raw-query semantics (parameters sent and columns read back as
// `$queryRaw` / `$executeRaw` do), without the ORM's request pipeline: the hot write transactions run here.
import pg from 'pg';
import { Prisma } from '../generated/prisma/client';
import { statementName } from './statement-names';

/**
 * What a transaction of raw statements may do: the two raw methods of the ORM's transaction client, which
 * satisfies it (PGlite runs these transactions through the ORM).
 */
export interface SqlTx {
  $queryRaw<T = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<T>;
  $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<number>;
}

export interface SqlTransactionOptions {
  isolationLevel?: Prisma.TransactionIsolationLevel;
  /** ms from BEGIN after which no further statement runs and the transaction rolls back (the ORM's `timeout`). */
  timeoutMs: number;
}

const { builtins } = pg.types;
const textArray = pg.types.getTypeParser(1009 as number) as (v: string) => unknown[];
const parseBytea = pg.types.getTypeParser(builtins.BYTEA) as (v: string) => Buffer;

type Parser = (v: string) => unknown;
const arrayOf = (element: Parser): Parser => {
  const map = (a: unknown[]): unknown[] => a.map((x) => (x === null ? null : Array.isArray(x) ? map(x) : element(x as string)));
  return (v) => map(textArray(v));
};
const bigint: Parser = (v) => BigInt(v);
const decimal: Parser = (v) => new Prisma.Decimal(v);
const money: Parser = (v) => new Prisma.Decimal(v.slice(1));
const date: Parser = (v) => new Date(v);
const time: Parser = (v) => new Date(`1970-01-01T${v}Z`);
const timetz: Parser = (v) => time(v.replace(/[+-]\d{2}(:\d{2})?$/, ''));
const timestamp: Parser = (v) => new Date(`${v.replace(' ', 'T')}+00:00`);
// the pool's sessions run in UTC; like the ORM's adapter, the offset is read as +00:00
const timestamptz: Parser = (v) => new Date(v.replace(' ', 'T').replace(/[+-]\d{2}(:\d{2})?$/, '+00:00'));
const json: Parser = (v) => JSON.parse(v);
const bytes: Parser = (v) => new Uint8Array(parseBytea(v));

/**
 * Column parsers giving what the ORM's `$queryRaw` gives (@prisma/adapter-pg's parsers, then the client's raw
 * result deserialisation): int8 and oid as BigInt, numeric and money as Decimal, date / time / timestamp(tz) as
 * Date, json parsed, bytea as Uint8Array; every other type as node-postgres reads it (int4 and float8 numbers,
 * booleans, text).
 */
const PARSERS = new Map<number, Parser>([
  [builtins.INT8, bigint],
  [builtins.OID, bigint],
  [builtins.NUMERIC, decimal],
  [builtins.MONEY, money],
  [builtins.DATE, date],
  [builtins.TIME, time],
  [builtins.TIMETZ, timetz],
  [builtins.TIMESTAMP, timestamp],
  [builtins.TIMESTAMPTZ, timestamptz],
  [builtins.JSON, json],
  [builtins.JSONB, json],
  [builtins.BYTEA, bytes],
  [1016, arrayOf(bigint)], // int8[]
  [1028, arrayOf(bigint)], // oid[]
  [1231, arrayOf(decimal)], // numeric[]
  [791, arrayOf(money)], // money[]
  [1182, arrayOf(date)], // date[]
  [1183, arrayOf(time)], // time[]
  [1115, arrayOf(timestamp)], // timestamp[]
  [1185, arrayOf(timestamptz)], // timestamptz[]
  [199, arrayOf(json)], // json[]
  [3807, arrayOf(json)], // jsonb[]
  [1001, arrayOf(bytes)], // bytea[]
]);

const prismaTypes = {
  getTypeParser: (oid: number, format?: string) =>
    format !== 'binary' && PARSERS.has(oid) ? PARSERS.get(oid)! : pg.types.getTypeParser(oid, format as 'text'),
};

const pad = (n: number, z = 2) => String(n).padStart(z, '0');

/** A Date as the ORM's adapter sends it: UTC, no offset (the session's time zone is UTC). */
function formatDateTime(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new Prisma.PrismaClientValidationError('Provided Date object is invalid', { clientVersion: Prisma.prismaVersion.client });
  const ms = d.getUTCMilliseconds();
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${ms ? `.${pad(ms, 3)}` : ''}`
  );
}

/** A parameter as the ORM sends it: Dates in UTC, BigInt and Decimal as text, objects as JSON text, non-finite numbers as NULL. */
function toParam(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isFinite(v) ? v : null;
    case 'bigint':
      return v.toString();
    case 'object':
      if (v instanceof Date) return formatDateTime(v);
      if (Array.isArray(v)) return v.map(toParam);
      if (Prisma.Decimal.isDecimal(v)) return (v as Prisma.Decimal).toJSON();
      if (ArrayBuffer.isView(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
      return JSON.stringify(v);
    default:
      return v;
  }
}

type Queryable = Pick<pg.ClientBase, 'query'>;

const sqlOf = (query: TemplateStringsArray | Prisma.Sql, values: unknown[]): Prisma.Sql =>
  query instanceof Prisma.Sql ? query : Prisma.sql(query, ...values);

/** One raw statement on a client or the pool: a named (prepared) statement when it has parameters, as the ORM's adapter is configured. */
function run(db: Queryable, sql: Prisma.Sql): Promise<pg.QueryResult> {
  const values = sql.values.map(toParam);
  const text = sql.text; // a getter that joins the fragments on every read
  return db.query({ text, values, name: values.length > 0 ? statementName(text) : undefined, types: prismaTypes } as pg.QueryConfig);
}

/** Raw statements on `db` (a pooled client inside a transaction, or the pool for one-statement reads). */
export function sqlClient(db: Queryable, check: () => void = () => {}): SqlTx {
  return {
    async $queryRaw<T>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) {
      check();
      return (await run(db, sqlOf(query, values))).rows as T;
    },
    async $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) {
      check();
      return (await run(db, sqlOf(query, values))).rowCount ?? 0;
    },
  };
}

const ISOLATION: Record<string, string> = {
  ReadUncommitted: 'READ UNCOMMITTED',
  ReadCommitted: 'READ COMMITTED',
  RepeatableRead: 'REPEATABLE READ',
  Serializable: 'SERIALIZABLE',
};

/**
 * One transaction of raw statements on a pooled connection (the pipelined client of src/db/pg-client.ts: BEGIN
 * rides with the first statement, COMMIT with the one marked final). Commits when `fn` resolves, rolls back when it
 * throws. Past `timeoutMs` a statement is refused and the transaction rolls back, as the ORM's interactive
 * transaction does (error P2028).
 */
export async function runSqlTransaction<T>(pool: pg.Pool, fn: (tx: SqlTx) => Promise<T>, opts: SqlTransactionOptions): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const started = Date.now();
  let expired = false;
  const check = () => {
    if (expired || Date.now() - started > opts.timeoutMs) {
      expired = true;
      throw new Prisma.PrismaClientKnownRequestError(
        `Transaction already closed: A query cannot be executed on an expired transaction. The timeout for this transaction was ${opts.timeoutMs} ms.`,
        { code: 'P2028', clientVersion: Prisma.prismaVersion.client },
      );
    }
  };
  try {
    await client.query('BEGIN');
    if (opts.isolationLevel) await client.query(`SET TRANSACTION ISOLATION LEVEL ${ISOLATION[opts.isolationLevel]}`);
    let result: T;
    try {
      result = await fn(sqlClient(client, check));
    } catch (e) {
      // a ROLLBACK that fails leaves the connection in an unknown state: it leaves the pool
      await client.query('ROLLBACK').catch((err: Error) => (broken = err));
      throw e;
    }
    await client.query('COMMIT');
    return result;
  } finally {
    client.release(broken);
  }
}
