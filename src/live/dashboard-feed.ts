// dashboardStats: the figures of the dashboard query (src/admin/system/dashboard.service.ts, spec 70 §12),
// recomputed per warehouse key when events arrive. A burst is coalesced (trailing debounce, bounded by a max wait)
// into one computation per key on this instance, shared by all its subscribers of that key; an update is sent
// only when the figures changed. Every key is recomputed on any event: some figures are global (low stock,
// pending adjustments, SKUs) and move with any warehouse's events.
import type { AppServices } from '../app';
import { dashboard, type Dashboard } from '../admin/system/dashboard.service';
import type { LiveHub } from './hub';
import { liveOptions } from './options';

type Sub = { send: (d: Dashboard) => void; primed: boolean };

interface Feed {
  warehouseId: number | null;
  subs: Set<Sub>;
  lastJson: string | null;
  timer: NodeJS.Timeout | null;
  burstStartedAt: number;
  computing: boolean;
  rerun: boolean;
}

/** Same normalisation as the dashboard query (a non-positive or out-of-range id means "all warehouses"). */
export const dashboardKey = (warehouseId: number | null | undefined): number | null =>
  warehouseId && warehouseId > 0 && warehouseId <= 2147483647 ? warehouseId : null;

export class DashboardFeeds {
  private feeds = new Map<string, Feed>();
  private readonly unlisten: () => void;
  private readonly refresh: NodeJS.Timeout;

  constructor(
    private readonly app: AppServices,
    hub: LiveHub,
  ) {
    this.unlisten = hub.listen(() => {
      for (const f of this.feeds.values()) this.schedule(f);
    });
    this.refresh = setInterval(() => {
      for (const f of this.feeds.values()) void this.run(f);
    }, liveOptions.dashboardRefreshMs);
    this.refresh.unref();
  }

  /** The same figures as the `dashboard` query. */
  compute(warehouseId: number | null): Promise<Dashboard> {
    return dashboard({ app: this.app }, warehouseId);
  }

  /** `send` gets the current figures first, then each change. Returns the unsubscribe function. */
  subscribe(warehouseId: number | null, send: (d: Dashboard) => void): () => void {
    const wid = dashboardKey(warehouseId);
    const key = String(wid ?? 'all');
    let f = this.feeds.get(key);
    if (!f) {
      f = { warehouseId: wid, subs: new Set(), lastJson: null, timer: null, burstStartedAt: 0, computing: false, rerun: false };
      this.feeds.set(key, f);
    }
    const sub: Sub = { send, primed: false };
    f.subs.add(sub);
    void this.run(f);
    const feed = f;
    return () => {
      feed.subs.delete(sub);
      if (feed.subs.size === 0 && this.feeds.get(key) === feed) {
        if (feed.timer) clearTimeout(feed.timer);
        this.feeds.delete(key);
      }
    };
  }

  /** No update pending: no debounce timer armed, no computation running or queued (readiness for probes and tests). */
  get idle(): boolean {
    for (const f of this.feeds.values()) if (f.timer || f.computing || f.rerun) return false;
    return true;
  }

  close() {
    this.unlisten();
    clearInterval(this.refresh);
    for (const f of this.feeds.values()) if (f.timer) clearTimeout(f.timer);
    this.feeds.clear();
  }

  private schedule(f: Feed) {
    const now = Date.now();
    if (f.timer) {
      if (now - f.burstStartedAt >= liveOptions.dashboardMaxWaitMs) return; // let the pending timer fire
      clearTimeout(f.timer);
    } else {
      f.burstStartedAt = now;
    }
    const wait = Math.min(liveOptions.dashboardDebounceMs, Math.max(0, f.burstStartedAt + liveOptions.dashboardMaxWaitMs - now));
    f.timer = setTimeout(() => {
      f.timer = null;
      void this.run(f);
    }, wait);
  }

  /** One computation at a time per key; a request during one runs one more afterwards. */
  private async run(f: Feed): Promise<void> {
    if (f.computing) {
      f.rerun = true;
      return;
    }
    f.computing = true;
    try {
      const figures = await this.compute(f.warehouseId);
      const json = JSON.stringify(figures);
      const changed = json !== f.lastJson;
      f.lastJson = json;
      for (const s of f.subs) {
        if (changed || !s.primed) {
          s.primed = true;
          s.send(figures);
        }
      }
    } catch (err) {
      this.app.logger.warn({ err: (err as Error).message }, 'live: dashboard figures failed');
    } finally {
      f.computing = false;
    }
    if (f.rerun) {
      f.rerun = false;
      await this.run(f);
    }
  }
}
