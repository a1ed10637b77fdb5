import type { Prisma, PrismaClient } from './index';
import type { Database } from './client';
import type { SqlTx } from './sql-tx';
import { writeJournal, type AuditEntry } from '../audit/audit.writer';
import type { DomainEvent } from '../events/outbox';

export type { SqlTx } from './sql-tx';

export type Tx = Prisma.TransactionClient;

/**
 * What a transaction records besides its own changes. Entries are collected while the work runs and written
 * when it returns: the outbox rows, then the audit rows, as the transaction's last statement, so an audit row
 * only records work that has run.
 */
export interface Journal {
  audit(...entries: AuditEntry[]): void;
  event(...events: DomainEvent[]): void;
  /**
   * A data-modifying statement (INSERT/UPDATE/DELETE without RETURNING) whose result the work does not read:
   * it runs in the journal's statement, before the outbox and audit rows (saves a round trip).
   */
  change(sql: Prisma.Sql): void;
}

const RETRYABLE = new Set(['40001', '40P01', 'P2034']);

function isRetryable(e: unknown): boolean {
  const err = e as { code?: string; message?: string; meta?: { code?: string; driverAdapterError?: { cause?: { originalCode?: string } } }; cause?: { originalCode?: string } } | undefined;
  const code = err?.code ?? err?.meta?.code;
  const state = err?.meta?.driverAdapterError?.cause?.originalCode ?? err?.cause?.originalCode;
  return RETRYABLE.has(code ?? '') || RETRYABLE.has(state ?? '') || /deadlock detected|could not serialize/i.test(String(err?.message));
}

/** Runs `fn`, then writes its journal in the same transaction; an entry added after `fn` returned is a bug. */
async function journaled<X extends SqlTx, T>(tx: X, fn: (tx: X, journal: Journal) => Promise<T>): Promise<T> {
  const audits: AuditEntry[] = [];
  const events: DomainEvent[] = [];
  const changes: Prisma.Sql[] = [];
  let open = true;
  const guard = () => {
    if (!open) throw new Error('journal entry after the transaction body returned');
  };
  const journal: Journal = {
    audit: (...entries) => {
      guard();
      audits.push(...entries);
    },
    event: (...entries) => {
      guard();
      events.push(...entries);
    },
    change: (sql) => {
      guard();
      changes.push(sql);
    },
  };
  const result = await fn(tx, journal);
  open = false;
  await writeJournal(tx, changes, events, audits);
  return result;
}

/**
 * One database transaction for one request's work. Audit rows and outbox events go through the `journal`
 * argument and are written last (see Journal). Deadlocks and serialization failures are retried (the whole
 * function runs again with a fresh journal), so `fn` must only touch the database.
 */
export async function withTransaction<T>(
  prisma: PrismaClient,
  fn: (tx: Tx, journal: Journal) => Promise<T>,
  opts: { isolationLevel?: Prisma.TransactionIsolationLevel; timeoutMs?: number; retries?: number } = {},
): Promise<T> {
  return retried(opts.retries, () =>
    prisma.$transaction((tx) => journaled(tx, fn), {
      isolationLevel: opts.isolationLevel,
      timeout: opts.timeoutMs ?? 15_000,
      maxWait: 10_000,
    }),
  );
}

/**
 * withTransaction for work that only sends raw statements (`$queryRaw` / `$executeRaw`): the same journal, retries
 * and timeout, the same parameters and column values, but on PostgreSQL straight on a pooled connection instead of
 * the ORM's interactive transaction (src/db/sql-tx.ts). The hot write paths of the warehouse day use it.
 */
export async function withSqlTransaction<T>(
  db: Database,
  fn: (tx: SqlTx, journal: Journal) => Promise<T>,
  opts: { isolationLevel?: Prisma.TransactionIsolationLevel; timeoutMs?: number; retries?: number } = {},
): Promise<T> {
  return retried(opts.retries, () => db.sqlTransaction((tx) => journaled(tx, fn), { isolationLevel: opts.isolationLevel, timeoutMs: opts.timeoutMs ?? 15_000 }));
}

async function retried<T>(retries = 3, run: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      if (attempt >= retries || !isRetryable(e)) throw e;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
    }
  }
}
