// The connections of `Database.reads` (src/db/client.ts): a few pg clients in pipeline mode shared by every
// concurrent read, instead of a pool client taken and given back per statement.
import pg from 'pg';
import { SESSION_OPTIONS } from './session-settings';
import { statementName } from './statement-names';

export interface ReadConnectionsOptions {
  connectionString: string;
  /** how many connections (default 2: one busy PostgreSQL backend per core of a small server) */
  size?: number;
  connectionTimeoutMs?: number;
  log?: (msg: string) => void;
}

type Stream = { cork?(): void; uncork?(): void };

interface Conn {
  client: pg.Client;
  ready: Promise<void>;
  inFlight: number;
  corked: boolean;
  dead: boolean;
}

/**
 * One-statement reads (token check, barcode lookups) on shared pipelined connections. Each read goes to the
 * connection with the fewest statements in flight; a read for an idle connection is sent at once, and the reads
 * for a busy one issued within one turn of the event loop go out in one write (the socket is corked until
 * `setImmediate`), which PostgreSQL runs back to back without waiting for the network in between. Each statement has its own Sync, so a failing statement fails
 * alone. Against the pool (a client taken and released per statement, one write each) this halves the server's
 * socket writes and the backends' wake-ups per lookup (bench A/B in the commit message).
 *
 * The sessions' settings are the pool's (src/db/session-settings.ts): generic plans, which are index probes.
 *
 * A statement sees what was committed when it starts (READ COMMITTED), as on the pool: nothing is cached here.
 * A connection that fails or ends is dropped (its statements in flight fail) and replaced on the next read.
 */
export class ReadConnections {
  private readonly conns: (Conn | undefined)[];
  private closed = false;

  constructor(private readonly opts: ReadConnectionsOptions) {
    this.conns = new Array<Conn | undefined>(opts.size ?? 2).fill(undefined);
  }

  /** Opens every connection now, so no read waits for a connection to be set up (a failure only logs: reads retry). */
  connectAll(): void {
    for (let i = 0; i < this.conns.length; i++) {
      const c = this.conns[i];
      if (!c || c.dead) (this.conns[i] = this.connect(i)).ready.catch(() => {});
    }
  }

  async query<T>(text: string, values: unknown[] | undefined): Promise<T[]> {
    if (this.closed) throw new Error('the database is closed');
    const conn = this.pick();
    conn.inFlight++;
    try {
      await conn.ready;
      // an idle connection sends at once; a busy one (its answers are still to come) collects this turn's reads
      if (conn.inFlight > 1) this.corkUntilNextTurn(conn);
      const result = await conn.client.query({ name: statementName(text), text, values });
      return result.rows as T[];
    } finally {
      conn.inFlight--;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(
      this.conns.map(async (c, i) => {
        this.conns[i] = undefined;
        if (c && !c.dead) await c.client.end().catch(() => {});
      }),
    );
  }

  /** The live connection with the fewest statements in flight; an empty or dead slot gets a new connection. */
  private pick(): Conn {
    let best: Conn | undefined;
    for (let i = 0; i < this.conns.length; i++) {
      const c = this.conns[i];
      if (!c || c.dead) return (this.conns[i] = this.connect(i));
      if (!best || c.inFlight < best.inFlight) best = c;
    }
    return best!;
  }

  private connect(slot: number): Conn {
    const client = new pg.Client({
      connectionString: this.opts.connectionString,
      connectionTimeoutMillis: this.opts.connectionTimeoutMs ?? 5000,
      options: SESSION_OPTIONS,
      pipeline: true,
    } as pg.ClientConfig);
    const conn: Conn = { client, ready: Promise.resolve(), inFlight: 0, corked: false, dead: false };
    const drop = (why: string) => {
      if (conn.dead) return;
      conn.dead = true;
      if (this.conns[slot] === conn) this.conns[slot] = undefined;
      if (!this.closed) this.opts.log?.(`read connection dropped: ${why}`);
      client.end().catch(() => {});
    };
    client.on('error', (err) => drop(err.message));
    client.on('end', () => drop('ended'));
    conn.ready = client.connect().then(
      () => {},
      (err: Error) => {
        drop(err.message);
        throw err;
      },
    );
    return conn;
  }

  /** Holds this connection's writes until the event loop's next turn, so the reads of this turn share one write. */
  private corkUntilNextTurn(conn: Conn): void {
    if (conn.corked) return;
    const stream = (conn.client as unknown as { connection: { stream: Stream } }).connection.stream;
    if (!stream.cork || !stream.uncork) return;
    stream.cork();
    conn.corked = true;
    setImmediate(() => {
      conn.corked = false;
      stream.uncork!();
    });
  }
}
