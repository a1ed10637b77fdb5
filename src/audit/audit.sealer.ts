/**
 * Links committed audit rows into the hash chain in the background (audit_log_seal(), migrations
 * 20261205001100_audit_chain_sealer and 20261206000002_audit_chain_table): writers append audit rows without waiting
 * for each other; every server instance calls the sealer every AUDIT_SEAL_INTERVAL_MS, and the database lets one seal
 * at a time (the others return at once). The sealer appends to audit_chain the rows whose transaction has ended
 * (below the snapshot horizon), after the last sealed position. A tick that sealed a full batch runs again at once,
 * so a backlog drains without waiting for the interval.
 */
import type { Database } from '../db';
import type { Logger } from '../logger';

const BATCH = 5000;

export interface AuditSealer {
  /**
   * Seals every row committed before the call (waiting up to `waitMs` while another instance holds the sealer's
   * lock, or while a transaction older than the row is still open: rows are sealed in position order); verification
   * calls it first.
   */
  sealCommitted(waitMs?: number): Promise<void>;
  close(): Promise<void>;
}

export function startAuditSealer(db: Database, intervalMs: number, logger: Logger): AuditSealer {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let failing = false;
  const seal = async (): Promise<number> => {
    const rows = await db.sql.query<{ n: number }>('SELECT audit_log_seal($1) AS n', [BATCH]);
    return Number(rows.rows[0]?.n ?? 0);
  };
  const tick = async () => {
    try {
      while (!stopped && (await seal()) >= BATCH);
      if (failing) logger.info('audit sealer: sealing again');
      failing = false;
    } catch (err) {
      if (!failing) logger.warn({ err: (err as Error).message }, 'audit sealer: sealing failed (retrying)');
      failing = true;
    }
  };
  const schedule = () => {
    if (stopped || intervalMs <= 0) return;
    timer = setTimeout(() => {
      running = tick().finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    async sealCommitted(waitMs = 2000) {
      const until = Date.now() + waitMs;
      const last = (await db.sql.query<{ id: string | null }>('SELECT max(log_id)::text AS id FROM audit_log')).rows[0]?.id;
      if (last === null || last === undefined) return;
      for (;;) {
        while ((await seal()) >= BATCH);
        // in position order: the scan walks the unsealed tail on the (tx_id, log_id) index, whatever the plan's guess
        const left = await db.sql.query<{ one: number }>(
          'SELECT 1 AS one FROM audit_log_unsealed() a WHERE a.log_id <= $1::bigint ORDER BY a.tx_id, a.log_id LIMIT 1',
          [last],
        );
        if (left.rows.length === 0 || Date.now() >= until) return;
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
