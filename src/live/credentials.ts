// Credential changes that must reach open subscriptions at once rather than at their next periodic re-check
// (auth-watch.ts): today an API token revoked, deleted or re-dated. The api_tokens trigger NOTIFYs
// `wms_api_tokens` with the token id when such a change commits; every instance LISTENs on its own connection, so
// a revocation made anywhere (another instance, the admin CLI) closes the token's streams here within a second.
// On the embedded database (one process, no cross-connection LISTEN here) the service tells this instance directly.
import pg from 'pg';
import type { AppServices } from '../app';

const API_TOKENS_CHANNEL = 'wms_api_tokens';

export class CredentialEvents {
  private readonly byToken = new Map<number, Set<() => void>>();
  private client: pg.Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly app: AppServices) {}

  /** Calls `fn` whenever the token changes; returns the unsubscribe function. */
  onToken(tokenId: number, fn: () => void): () => void {
    let set = this.byToken.get(tokenId);
    if (!set) this.byToken.set(tokenId, (set = new Set()));
    set.add(fn);
    return () => {
      set.delete(fn);
      if (set.size === 0 && this.byToken.get(tokenId) === set) this.byToken.delete(tokenId);
    };
  }

  tokenChanged(tokenId: number): void {
    for (const fn of [...(this.byToken.get(tokenId) ?? [])]) fn();
  }

  async start(): Promise<void> {
    if (this.app.db.kind !== 'postgres' || !this.app.config.databaseUrl) return;
    await this.listen();
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.app.config.databaseUrl! });
    client.on('notification', (n) => {
      const id = Number(n.payload);
      if (n.channel === API_TOKENS_CHANNEL && Number.isInteger(id)) this.tokenChanged(id);
    });
    client.on('error', (err) => {
      // the periodic re-check (auth-watch.ts) still ends revoked streams meanwhile, only later
      this.app.logger.warn({ err: err.message }, 'live: credential LISTEN connection lost (reconnecting)');
      if (this.client === client) this.client = null;
      client.end().catch(() => {});
      this.retry = setTimeout(() => void this.listen().catch(() => {}), 1000);
      this.retry.unref();
    });
    await client.connect();
    await client.query(`LISTEN ${API_TOKENS_CHANNEL}`);
    if (this.stopped) return void (await client.end().catch(() => {}));
    this.client = client;
  }

  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => {});
  }
}
