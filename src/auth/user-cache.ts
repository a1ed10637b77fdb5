/**
 * The token check's user rows, cached in process (PostgreSQL only). Every request used to read its user: one
 * statement and one pooled connection per request. Correctness rests on invalidation, never on age:
 * - every instance LISTENs on `wms_users`, which a trigger notifies at the commit of any UPDATE/DELETE/TRUNCATE
 *   of users (migration 20261205001000_users_notify), so a user disabled, demoted or with a new password elsewhere is
 *   forgotten here within the notification delay (milliseconds);
 * - this process's own writes to users (seen at the driver, src/db/client.ts) forget everything at once, so a
 *   change made through this instance holds for its very next request;
 * - a row read while an invalidation arrived is not stored (epoch), so a fill racing a change cannot bring the
 *   old row back;
 * - without a working LISTEN connection nothing is served from memory (every request reads, as before) until
 *   it is back; rows are also re-read after MAX_AGE_MS as a last resort.
 */
import pg from 'pg';
import type { Logger } from '../logger';

const MAX_AGE_MS = 60_000;
const MAX_ENTRIES = 50_000;

export class UserCache<Row> {
  private rows = new Map<number, { row: Row; at: number }>();
  private epoch = 0;
  private listening: pg.Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly databaseUrl: string,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    await this.listen();
  }

  /** The row from memory, else `load()`'s (stored only when nothing changed meanwhile). */
  async get(userId: number, load: () => Promise<Row | undefined>): Promise<Row | undefined> {
    if (this.listening) {
      const hit = this.rows.get(userId);
      if (hit && Date.now() - hit.at < MAX_AGE_MS) return hit.row;
    }
    const epoch = this.epoch;
    const row = await load();
    if (row !== undefined && this.listening && epoch === this.epoch) {
      if (this.rows.size >= MAX_ENTRIES) this.rows.clear();
      this.rows.set(userId, { row, at: Date.now() });
    }
    return row;
  }

  /** True while notifications arrive (rows are served from memory only then). */
  get isListening(): boolean {
    return this.listening !== null;
  }

  /** Whether `userId`'s row is held (tests, diagnostics). */
  holds(userId: number): boolean {
    return this.rows.has(userId);
  }

  /** Forgets every user (this process wrote to users; or the notifications may have been missed). */
  invalidateAll(): void {
    this.epoch++;
    this.rows.clear();
  }

  private invalidate(payload: string | undefined): void {
    const id = Number(payload);
    if (!Number.isInteger(id) || id <= 0) return this.invalidateAll();
    this.epoch++;
    this.rows.delete(id);
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.databaseUrl, keepAlive: true });
    client.on('notification', (n) => this.invalidate(n.payload));
    client.on('error', (err) => {
      if (this.listening === client) {
        this.listening = null;
        this.invalidateAll();
        this.logger.warn({ err: err.message }, 'user cache: LISTEN connection lost (reading every user until it is back)');
      }
      client.end().catch(() => {});
      this.scheduleRetry();
    });
    try {
      await client.connect();
      await client.query('LISTEN wms_users');
      // anything cached before this point may have missed a notification
      this.invalidateAll();
      if (this.stopped) return void (await client.end().catch(() => {}));
      this.listening = client;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'user cache: LISTEN failed (reading every user)');
      await client.end().catch(() => {});
      this.scheduleRetry();
    }
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.listen();
    }, 1000);
    this.retry.unref();
  }

  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const c = this.listening;
    this.listening = null;
    this.rows.clear();
    await c?.end().catch(() => {});
  }
}
