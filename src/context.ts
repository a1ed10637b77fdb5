import type { AppError } from './errors';
import type { IncomingMessage } from 'node:http';
import type { AppServices } from './app';
import type { SseCursor } from './live/sse';

/** The user a request acts as: identity from the token, role and scope re-read from the database. */
export interface CurrentUser {
  userId: number;
  /** From the token, as the legacy server does (stored in created_by, assigned_to, audit rows). */
  username: string;
  fullName: string;
  role: string;
  isAdmin: boolean;
  warehouseId: number | null;
  warehouseIds: number[];
  allowedFunctions: string[];
  /**
   * Set when the caller is a read-only API token (src/api-tokens) instead of a signed-in user: it may read and
   * subscribe within `warehouseIds`, and nothing it sends may write (src/auth/read-only.ts, the REST router).
   */
  apiToken?: { tokenId: number; expiresAt: Date | null };
}

export interface RequestContext {
  app: AppServices;
  requestId: string;
  clientIp: string;
  /** Set when the request carried a valid token of an active user. */
  user: CurrentUser | null;
  /** Why `user` is null (missing header, bad token, disabled user, ...); shield rules throw it. */
  authError: AppError | null;
  /** HTTP only: the `Last-Event-ID` header (an EventSource reconnecting); activityFeed resumes after it. */
  lastEventId?: string;
  /** HTTP only: where activityFeed notes the id of the event being answered, for the SSE `id:` line (src/live/sse.ts). */
  sseCursor?: SseCursor;
}

/** Context of a request known to be authenticated (what shield guarantees to guarded resolvers). */
export type AuthedContext = RequestContext & { user: CurrentUser };

/** What the HTTP layer hands yoga besides the request (REST passes the auth it already checked). */
export type ServerContext = {
  req?: IncomingMessage;
  restAuth?: { user: CurrentUser | null; error: AppError | null };
  clientIp?: string;
  requestId?: string;
  connectionParams?: Record<string, unknown>;
};
