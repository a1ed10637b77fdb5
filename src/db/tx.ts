import type { Prisma, PrismaClient } from './index';

export type Tx = Prisma.TransactionClient;

const RETRYABLE = new Set(['40001', '40P01', 'P2034']);

function isRetryable(e: unknown): boolean {
  const err = e as any;
  const code = err?.code ?? err?.meta?.code;
  const state = err?.meta?.driverAdapterError?.cause?.originalCode ?? err?.cause?.originalCode;
  return RETRYABLE.has(code) || RETRYABLE.has(state) || /deadlock detected|could not serialize/i.test(String(err?.message));
}

/**
 * One database transaction for one request's work. Deadlocks and serialization failures are retried
 * (the whole function runs again), so `fn` must only touch the database.
 */
export async function withTransaction<T>(
  prisma: PrismaClient,
  fn: (tx: Tx) => Promise<T>,
  opts: { isolationLevel?: Prisma.TransactionIsolationLevel; timeoutMs?: number; retries?: number } = {},
): Promise<T> {
  const retries = opts.retries ?? 3;
  for (let attempt = 0; ; attempt++) {
    try {
      return await prisma.$transaction(fn, {
        isolationLevel: opts.isolationLevel,
        timeout: opts.timeoutMs ?? 15_000,
        maxWait: 10_000,
      });
    } catch (e) {
      if (attempt >= retries || !isRetryable(e)) throw e;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
    }
  }
}
