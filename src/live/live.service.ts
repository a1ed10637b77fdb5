// The two subscriptions. Both check the caller again here (shield guards the field too) so that a refusal is a
// GraphQL error at subscribe time, then keep watching the credentials (auth-watch.ts).
import type { LiveSocketRenewInput } from './live.inputs';
import { Repeater } from 'graphql-yoga';
import type { CurrentUser, RequestContext } from '../context';
import { badRequest, forbidden, serviceUnavailable, unauthorized, type AppError } from '../errors';
import { authenticate } from '../auth/authenticate';
import { assertWarehouseAccess, canAccessWarehouse } from '../auth/scope';
import type { Dashboard } from '../admin/system/dashboard.service';
import { comparePositions, matchesFilter, positionOf, readAfter, resumePosition, type LiveEvent, type Position, type WarehouseFilter } from './events';
import { expiryOf, renewSocketAuthorization, watchAuth } from './auth-watch';
import { dashboardKey } from './dashboard-feed';
import { liveOptions } from './options';
import { trackEventIds } from './sse';

function requireUser(ctx: RequestContext): CurrentUser {
  if (!ctx.user) throw ctx.authError ?? unauthorized();
  return ctx.user;
}

function requireLive(ctx: RequestContext) {
  if (!ctx.app.live) throw serviceUnavailable('Live updates are not running on this server');
  return ctx.app.live;
}

const check = (fn: () => void): AppError | null => {
  try {
    fn();
    return null;
  } catch (e) {
    return e as AppError;
  }
};

/** ADMIN, or a read-only API token for one of its warehouses (a wall-board). */
function assertDashboardAccess(user: CurrentUser, warehouseId: number | null | undefined) {
  if (user.isAdmin) return;
  if (user.apiToken && typeof warehouseId === 'number' && canAccessWarehouse(user, warehouseId)) return;
  throw forbidden();
}

/**
 * Which events a user may follow: admins everything (or one warehouse); others one warehouse of their scope, or
 * (no warehouseId) all the warehouses of their scope. Events without a warehouse are for admins only.
 */
export function feedFilter(user: CurrentUser, warehouseId: number | null | undefined): WarehouseFilter {
  if (warehouseId !== null && warehouseId !== undefined) {
    assertWarehouseAccess(user, warehouseId);
    return [warehouseId];
  }
  if (user.isAdmin) return null;
  if (user.warehouseIds.length === 0) throw forbidden('Access denied for this warehouse');
  return [...user.warehouseIds];
}

export async function dashboardStatsStream(ctx: RequestContext, warehouseId: number | null | undefined): Promise<AsyncIterable<Dashboard>> {
  assertDashboardAccess(requireUser(ctx), warehouseId);
  const live = requireLive(ctx);
  const wid = dashboardKey(warehouseId);
  return new Repeater<Dashboard>(async (push, stop) => {
    const unsubscribe = live.dashboards.subscribe(wid, (d) => void push(d).catch(() => {}));
    const unwatch = watchAuth(ctx, (u) => check(() => assertDashboardAccess(u, warehouseId)), (err) => stop(err));
    await stop;
    unsubscribe();
    unwatch();
  });
}

/**
 * Committed events, in stream order. With `afterId` (the id of the last event the client saw) it first replays
 * what was missed from the outbox, then continues live: the live listener is attached BEFORE the replay and
 * buffers; after the replay the buffer is drained skipping every position already sent. The replay reads all
 * final events up to its own horizon; every event not in it reaches the listener (the relay publishes only final
 * events, and later than the listener was attached), so there is no gap and no duplicate.
 */
export async function activityFeedStream(
  ctx: RequestContext,
  args: { warehouseId?: number | null; afterId?: string | null },
): Promise<AsyncIterable<LiveEvent>> {
  const user = requireUser(ctx);
  const filter = feedFilter(user, args.warehouseId);
  const live = requireLive(ctx);
  const sql = ctx.app.db.sql;
  // An EventSource reconnecting repeats its URL (the original afterId) and adds the id it saw last: that one wins.
  const start: Position | null =
    ctx.lastEventId !== undefined
      ? await resumePosition(sql, ctx.lastEventId.trim(), 'Last-Event-ID')
      : args.afterId !== null && args.afterId !== undefined
        ? await resumePosition(sql, args.afterId)
        : null;

  const events = new Repeater<LiveEvent>(async (push, stop) => {
    let stopped = false;
    void stop.then(() => (stopped = true));
    let last: Position | null = start;
    let replaying = true;
    const buffer: LiveEvent[] = [];
    const emit = (e: LiveEvent) => {
      const p = positionOf(e);
      if (last && comparePositions(p, last) <= 0) return;
      last = p;
      push(e).catch((err) => stop(err)); // e.g. a consumer far too slow: end the stream rather than grow without bound
    };
    const unlisten = live.hub.listen((e) => {
      if (!matchesFilter(e, filter)) return;
      if (replaying) buffer.push(e);
      else emit(e);
    });
    const unwatch = watchAuth(ctx, (u) => check(() => feedFilter(u, args.warehouseId)), (err) => stop(err));
    try {
      if (start) {
        while (!stopped && last) {
          const rows = await readAfter(sql, last, filter, liveOptions.replayPage);
          for (const e of rows) emit(e);
          if (rows.length < liveOptions.replayPage) break;
        }
      }
      replaying = false;
      for (const e of buffer.splice(0)) emit(e);
    } catch (err) {
      stop(err);
    }
    await stop;
    unlisten();
    unwatch();
  });
  return trackEventIds(events, ctx.sseCursor);
}

/**
 * liveSocketRenew: a signed-in user's graphql-ws socket takes a renewed token (from refreshToken) before the old
 * one expires; its subscriptions stay open and re-check with it. The new token must be valid and for the same
 * user. Only over a WebSocket: an HTTP request sends its token with each request anyway.
 */
export async function renewSocketToken(ctx: RequestContext, { token }: LiveSocketRenewInput): Promise<{ expiresAt: Date | null }> {
  const user = requireUser(ctx);
  const socket = (ctx as RequestContext & { socket?: object }).socket;
  if (!socket) throw badRequest('liveSocketRenew works over a graphql-ws socket only: HTTP requests send their token with each request');
  const authorization = `Bearer ${token}`;
  const auth = await authenticate(ctx.app, authorization);
  if (!auth.user) throw auth.error;
  if (auth.user.apiToken || auth.user.userId !== user.userId) throw forbidden('The new token must be for the same user');
  renewSocketAuthorization(socket, authorization);
  const exp = expiryOf(authorization, auth.user);
  return { expiresAt: exp === null ? null : new Date(exp) };
}
