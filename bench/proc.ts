/**
 * CPU time from /proc (Linux): a process's user + system time, and the PostgreSQL backends serving given
 * databases. Backends come and go (pool idle timeouts), so they are polled and each one's last reading kept:
 * a level's database CPU is the growth of the sum over every backend ever seen for its database (a backend
 * that exits loses at most one polling interval).
 */
import { readFileSync } from 'node:fs';
import type pg from 'pg';

const TICK_MS = 10; // CLK_TCK = 100 on Linux

/** utime + stime of one process in ms (null when it is gone). */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) * TICK_MS;
  } catch {
    return null;
  }
}

export class BackendCpu {
  private last = new Map<string, { db: string; ms: number }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly admin: pg.Pool,
    private readonly databases: () => string[],
    intervalMs = 200,
  ) {
    this.timer = setInterval(() => void this.poll().catch(() => {}), intervalMs);
    this.timer.unref();
  }

  async poll(): Promise<void> {
    const dbs = this.databases();
    if (dbs.length === 0) return;
    const { rows } = await this.admin.query<{ pid: number; datname: string; started: string }>(
      'SELECT pid, datname, backend_start::text AS started FROM pg_stat_activity WHERE datname = ANY($1::text[])',
      [dbs],
    );
    for (const r of rows) {
      const ms = processCpuMs(r.pid);
      // keyed by pid and start time: a pid reused by a later backend is another backend
      if (ms !== null) this.last.set(`${r.pid}@${r.started}`, { db: r.datname, ms });
    }
  }

  /** CPU ms of every backend of `db` seen so far (poll first for an up-to-date figure). */
  total(db: string): number {
    let sum = 0;
    for (const v of this.last.values()) if (v.db === db) sum += v.ms;
    return sum;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
