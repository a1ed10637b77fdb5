// The node-postgres client of the application's pool (src/db/client.ts): pipeline mode, and a transaction's
// BEGIN and COMMIT sent with its first and its final statement instead of in round trips of their own.
import pg from 'pg';

/**
 * Marks a transaction's final statement (src/audit/audit.writer.ts marks the journal statement, the last one
 * withTransaction sends): the client sends COMMIT right behind it, in the same write, and answers the COMMIT (or
 * ROLLBACK) the ORM sends next itself. The statement's promise settles once the COMMIT is answered, and fails
 * when either failed (a failed statement makes PostgreSQL roll the COMMIT back), so the caller sees exactly what
 * it would have seen. A SQL comment: harmless anywhere else (PGlite, another client).
 */
export const FINAL_STATEMENT = '/* wms:final */';

type QueryArgs = unknown[];
type Result = { command: string; rowCount: number | null; rows: unknown[]; fields: unknown[]; oid: number | null };

const answered = (command: string): Promise<Result> => Promise.resolve({ command, rowCount: null, rows: [], fields: [], oid: null });

function textOf(args: QueryArgs): { text: string | undefined; hasValues: boolean; promised: boolean } {
  const first = args[0] as string | { text?: unknown; values?: unknown[]; submit?: unknown; callback?: unknown } | undefined;
  const config = typeof first === 'object' && first !== null ? first : undefined;
  const text = typeof first === 'string' ? first : typeof config?.text === 'string' ? config.text : undefined;
  const values = Array.isArray(args[1]) ? args[1] : config?.values;
  // the promise form: no callback anywhere and not a submittable (pg-cursor and the like)
  const promised = !args.some((a) => typeof a === 'function') && typeof config?.submit !== 'function' && typeof config?.callback !== 'function';
  return { text, hasValues: Array.isArray(values) && values.length > 0, promised };
}

const isBegin = (t: string) => /^\s*(begin|start\s+transaction)\s*;?\s*$/i.test(t);
const isSetTransaction = (t: string) => /^\s*set\s+transaction\b/i.test(t);
const isCommit = (t: string) => /^\s*(commit|end)\s*;?\s*$/i.test(t);
const isRollback = (t: string) => /^\s*(rollback|abort)\s*;?\s*$/i.test(t);

export interface PipelinedClientOptions {
  /** Called around a statement that changes users (see Database.onUsersWrite): before it is sent and once it has run. */
  onUsersWrite?: { active(): boolean; test(text: string): boolean; notify(): void };
  log?: (msg: string) => void;
}

/**
 * A pg.Client in pipeline mode (statements sent back to back are on the wire together; the ORM's concurrent reads
 * of one transaction's connection are pipelined instead of queued, which pg 8 deprecates) that saves two round
 * trips per transaction: BEGIN (and SET TRANSACTION) waits for the transaction's first statement and goes out in
 * the same write, and COMMIT goes out with the statement marked FINAL_STATEMENT. Only the promise form of
 * `query` takes part; the pool resets the state when a client is released (`reset`).
 */
export function pipelinedClientClass(opts: PipelinedClientOptions = {}) {
  return class PipelinedClient extends pg.Client {
    /** BEGIN and SET TRANSACTION not sent yet (null: none). */
    private pending: string[] | null = null;
    /** The transaction ended with its final statement: the ORM's COMMIT/ROLLBACK is answered here. */
    private ended: 'no' | 'committed' | 'rolled back' = 'no';

    constructor(config?: string | pg.ClientConfig) {
      super(typeof config === 'string' ? { connectionString: config, pipeline: true } : { ...config, pipeline: true } as pg.ClientConfig);
    }

    /** Back in the pool: nothing of the last transaction may reach the next user. */
    reset(): void {
      this.pending = null;
      this.ended = 'no';
    }

    // pg.Client.query has a dozen overloads (promise or callback, several result types); this override serves them all
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override query(...args: QueryArgs): any {
      const { text, hasValues, promised } = textOf(args);
      if (typeof text === 'string' && promised) {
        if (!hasValues && isBegin(text)) {
          this.ended = 'no';
          this.pending = [text];
          return answered('BEGIN');
        }
        if (this.pending && !hasValues && isSetTransaction(text)) {
          this.pending.push(text);
          return answered('SET');
        }
        if ((this.pending || this.ended !== 'no') && !hasValues && (isCommit(text) || isRollback(text))) {
          // nothing was sent (an empty transaction), or it already ended with its final statement
          const ended = this.ended;
          this.reset();
          if (ended === 'committed' && isRollback(text)) opts.log?.('a transaction committed with its final statement was then rolled back by its caller');
          return answered(isCommit(text) && ended !== 'rolled back' ? 'COMMIT' : 'ROLLBACK');
        }
        if (this.ended !== 'no') return Promise.reject(new Error('statement after the final statement of a transaction'));
        if (this.pending || text.startsWith(FINAL_STATEMENT)) return this.sendTogether(args, text, text.startsWith(FINAL_STATEMENT));
      }
      if (this.pending) {
        // the transaction's first statement in a form this class does not combine: BEGIN goes first, on its own
        for (const t of this.pending) this.send([t], t).catch((err: Error) => opts.log?.(`deferred ${t} failed: ${err.message}`));
        this.pending = null;
      }
      return this.send(args, text);
    }

    /** Sends the pending BEGIN, the statement and (final) COMMIT in one write; settles with the statement's result. */
    private sendTogether(args: QueryArgs, text: string, final: boolean): Promise<unknown> {
      const before = this.pending ?? [];
      this.pending = null;
      const stream = (this as unknown as { connection: { stream: { cork?(): void; uncork?(): void } } }).connection.stream;
      stream.cork?.();
      let parts: Promise<unknown>[];
      try {
        parts = [...before.map((t) => this.send([t], t)), this.send(args, text)];
        if (final) {
          this.ended = 'committed';
          parts.push(this.send(['COMMIT'], 'COMMIT'));
        }
      } finally {
        stream.uncork?.();
      }
      const statement = parts[before.length];
      const commit = final ? (parts[parts.length - 1] as Promise<Result>) : null;
      return Promise.all(parts).then(
        async () => {
          const result = await statement;
          // a COMMIT answered ROLLBACK: the transaction had failed before (PostgreSQL reports no error then)
          if (commit && (await commit).command !== 'COMMIT') {
            this.ended = 'rolled back';
            throw new Error('the transaction was rolled back at its final statement');
          }
          return result;
        },
        (err: unknown) => {
          if (final) this.ended = 'rolled back';
          throw err;
        },
      );
    }

    /** super.query, with the users-write notification around statements that change users. */
    private send(args: QueryArgs, text: string | undefined): Promise<unknown> {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see query
      const run = (super.query as (...a: unknown[]) => any).bind(this);
      const watch = opts.onUsersWrite;
      if (!watch?.active() || typeof text !== 'string' || !watch.test(text)) return run(...args);
      watch.notify();
      const out = run(...args);
      if (out && typeof out.then === 'function') out.then(watch.notify, watch.notify);
      return out;
    }
  };
}
