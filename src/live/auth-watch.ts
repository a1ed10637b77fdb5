// Keeps checking a subscriber's credentials while its subscription is open. The token was checked at subscribe
// time (shield + the resolver); afterwards:
// - when the token expires (a timer at its `exp`, or an API token's expiry), the socket is closed with 4401;
// - every liveOptions.authRecheckMs the user is re-read (authenticate): disabled, deleted or password changed
//   -> 4401; still valid but no longer allowed (role or warehouse scope changed) -> 4403 Forbidden;
// - an API token revoked anywhere is re-checked at once (credentials.ts: LISTEN/NOTIFY), so within a second;
// - a graphql-ws socket can take a renewed token (the `liveSocketRenew` mutation sent over that socket): every
//   subscription of the socket then re-checks with it and re-arms its expiry timer, without being dropped.
// Codes per the graphql-transport-ws protocol. Over SSE (no socket) the stream ends with the error instead.
import jwt from 'jsonwebtoken';
import type { WebSocket } from 'ws';
import type { CurrentUser, RequestContext } from '../context';
import { unauthorized, type AppError } from '../errors';
import { authenticate } from '../auth/authenticate';
import { liveOptions } from './options';

export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_FORBIDDEN = 4403;

/** What yoga's context carries besides RequestContext for a subscription (see src/server.ts onSubscribe). */
type SubscriptionContext = RequestContext & {
  socket?: WebSocket;
  connectionParams?: Record<string, unknown>;
  request?: Request;
};

/** The Authorization a socket renewed to (liveSocketRenew), with the subscriptions to tell. */
const renewed = new WeakMap<object, { authorization: string; listeners: Set<() => void> }>();

const socketState = (socket: object) => {
  let s = renewed.get(socket);
  if (!s) renewed.set(socket, (s = { authorization: '', listeners: new Set() }));
  return s;
};

/** The socket's current Authorization when it was renewed; undefined: the one of connection_init. */
function renewedAuthorization(socket: object | undefined): string | undefined {
  const a = socket ? renewed.get(socket)?.authorization : undefined;
  return a || undefined;
}

/** Replaces the socket's credentials; its open subscriptions re-check with them at once. */
export function renewSocketAuthorization(socket: object, authorization: string): void {
  const s = socketState(socket);
  s.authorization = authorization;
  for (const fn of [...s.listeners]) fn();
}

/** connection_init's params with the Authorization the socket was renewed to, if it was. */
export function renewedConnectionParams(socket: object, params: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const authorization = renewedAuthorization(socket);
  return authorization ? { ...params, authorization } : params;
}

export function authorizationOf(ctx: RequestContext): string | null {
  const c = ctx as SubscriptionContext;
  const renewedHeader = renewedAuthorization(c.socket);
  if (renewedHeader) return renewedHeader;
  const fromParams = c.connectionParams?.authorization ?? c.connectionParams?.Authorization;
  if (typeof fromParams === 'string') return fromParams;
  return c.request?.headers?.get?.('authorization') ?? null;
}

/** When the credential expires (ms since the epoch); null: never (an API token without expiry) or unknown. */
export function expiryOf(header: string | null, user: CurrentUser | null): number | null {
  if (user?.apiToken) return user.apiToken.expiresAt ? user.apiToken.expiresAt.getTime() : null;
  const claims = header?.startsWith('Bearer ') ? jwt.decode(header.slice(7)) : null;
  return claims && typeof claims === 'object' && typeof claims.exp === 'number' ? claims.exp * 1000 : null;
}

/**
 * Starts watching; `permits` says whether the (re-read) user may still hold this subscription.
 * `end` is called (after closing the socket, when there is one) with the reason. Returns the stop function.
 */
export function watchAuth(
  ctx: RequestContext,
  permits: (user: CurrentUser) => AppError | null,
  end: (err: AppError) => void,
): () => void {
  let header = authorizationOf(ctx);
  const socket = (ctx as SubscriptionContext).socket;
  let done = false;
  let expTimer: NodeJS.Timeout | undefined;
  let recheckTimer: NodeJS.Timeout | undefined;
  const unlisten: (() => void)[] = [];
  const stop = () => {
    done = true;
    clearTimeout(expTimer);
    clearTimeout(recheckTimer);
    for (const off of unlisten) off();
  };
  const revoke = (code: number, err: AppError) => {
    if (done) return;
    stop();
    if (socket && socket.readyState === socket.OPEN) socket.close(code, code === CLOSE_UNAUTHORIZED ? 'Unauthorized' : 'Forbidden');
    end(err);
  };

  const armExpiry = (user: CurrentUser | null) => {
    clearTimeout(expTimer);
    const exp = expiryOf(header, user);
    if (exp === null) return;
    // setTimeout holds at most ~24.8 days; a longer-lived API token is caught by a later re-check
    expTimer = setTimeout(() => revoke(CLOSE_UNAUTHORIZED, unauthorized('Token expired')), Math.min(Math.max(0, exp - Date.now()), 2 ** 31 - 1));
    expTimer.unref();
  };

  let running = false;
  let again = false;
  const recheck = async () => {
    if (done) return;
    if (running) return void (again = true);
    running = true;
    clearTimeout(recheckTimer);
    try {
      const auth = await authenticate(ctx.app, header);
      if (done) return;
      if (!auth.user) return revoke(CLOSE_UNAUTHORIZED, auth.error);
      const denied = permits(auth.user);
      if (denied) return revoke(CLOSE_FORBIDDEN, denied);
    } catch (err) {
      ctx.app.logger.warn({ err: (err as Error).message }, 'live: credential re-check failed (kept open)');
    } finally {
      running = false;
    }
    if (done) return;
    if (again) {
      again = false;
      return void recheck();
    }
    schedule();
  };
  const schedule = () => {
    clearTimeout(recheckTimer);
    recheckTimer = setTimeout(() => void recheck(), liveOptions.authRecheckMs);
    recheckTimer.unref();
  };

  armExpiry(ctx.user);
  const tokenId = ctx.user?.apiToken?.tokenId;
  if (tokenId !== undefined && ctx.app.live) unlisten.push(ctx.app.live.credentials.onToken(tokenId, () => void recheck()));
  if (socket) {
    const listeners = socketState(socket).listeners;
    const onRenew = () => {
      header = authorizationOf(ctx);
      // the renewal itself was checked (same user, valid); the re-check applies the user's current scope
      armExpiry(null);
      void recheck();
    };
    listeners.add(onRenew);
    unlisten.push(() => listeners.delete(onRenew));
  }
  schedule();
  return stop;
}
