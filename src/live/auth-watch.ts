// Keeps checking a subscriber's credentials while its subscription is open. The token was checked at subscribe
// time (shield + the resolver); afterwards:
// - when the token expires (a timer at its `exp`), the socket is closed with 4401 Unauthorized;
// - every liveOptions.authRecheckMs the user is re-read (authenticate): disabled, deleted or password changed
//   -> 4401; still valid but no longer allowed (role or warehouse scope changed) -> 4403 Forbidden.
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

export function authorizationOf(ctx: RequestContext): string | null {
  const c = ctx as SubscriptionContext;
  const fromParams = c.connectionParams?.authorization ?? c.connectionParams?.Authorization;
  if (typeof fromParams === 'string') return fromParams;
  return c.request?.headers?.get?.('authorization') ?? null;
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
  const header = authorizationOf(ctx);
  const socket = (ctx as SubscriptionContext).socket;
  let done = false;
  let expTimer: NodeJS.Timeout | undefined;
  let recheckTimer: NodeJS.Timeout | undefined;
  const stop = () => {
    done = true;
    clearTimeout(expTimer);
    clearTimeout(recheckTimer);
  };
  const revoke = (code: number, err: AppError) => {
    if (done) return;
    stop();
    if (socket && socket.readyState === socket.OPEN) socket.close(code, code === CLOSE_UNAUTHORIZED ? 'Unauthorized' : 'Forbidden');
    end(err);
  };

  const claims = header?.startsWith('Bearer ') ? jwt.decode(header.slice(7)) : null;
  const exp = claims && typeof claims === 'object' && typeof claims.exp === 'number' ? claims.exp * 1000 : null;
  if (exp !== null) {
    // setTimeout holds at most ~24.8 days; tokens live 8 hours
    expTimer = setTimeout(() => revoke(CLOSE_UNAUTHORIZED, unauthorized('Token expired')), Math.min(Math.max(0, exp - Date.now()), 2 ** 31 - 1));
    expTimer.unref();
  }

  const recheck = async () => {
    if (done) return;
    try {
      const auth = await authenticate(ctx.app, header);
      if (done) return;
      if (!auth.user) return revoke(CLOSE_UNAUTHORIZED, auth.error);
      const denied = permits(auth.user);
      if (denied) return revoke(CLOSE_FORBIDDEN, denied);
    } catch (err) {
      ctx.app.logger.warn({ err: (err as Error).message }, 'live: credential re-check failed (kept open)');
    }
    if (!done) schedule();
  };
  const schedule = () => {
    recheckTimer = setTimeout(() => void recheck(), liveOptions.authRecheckMs);
    recheckTimer.unref();
  };
  schedule();
  return stop;
}
