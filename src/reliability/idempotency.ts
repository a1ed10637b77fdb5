import { createHash } from 'node:crypto';
import { getOperationAST, GraphQLError, Kind, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { AppServices } from '../app';
import type { RequestContext } from '../context';
import { isGraphQLOwnError, toAppError } from '../graphql/error-mapping';
import { badRequest, conflict } from '../errors';

/**
 * Idempotent retries (issue 10). A client that sends `Idempotency-Key: <key>` on a REST POST/PUT/DELETE or a
 * GraphQL mutation gets, for a retry with the same key and the same request, the first response again
 * (same status, same body) without the work being done twice.
 *
 * Store: PostgreSQL `idempotency_keys`, primary key (scope, key), scope = `<user id | anon>:<METHOD>:<route>`.
 *  1. claim: `INSERT ... ON CONFLICT DO NOTHING` of an in-flight row (status_code NULL). The one request that
 *     inserts it executes; every other one reads the row:
 *       - another request hash              -> 409 "Idempotency-Key reused with a different request"
 *       - a stored response                 -> that response, replayed
 *       - still in flight                   -> waits (polling) up to `waitMs` for the first to finish, then
 *                                              replays it; after `waitMs` 409 "... still in progress"
 *       - gone (the first answered 5xx)     -> claims again and executes
 *  2. complete: 2xx and 4xx responses are stored; a 5xx deletes the in-flight row so a retry can run.
 * Rows expire after 24 h: an expired row is replaced on claim and purged in the background.
 * An in-flight row is never taken over before it expires (a crash between the work's commit and the
 * response being stored must not let a retry run the work twice).
 */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_WAIT_MS = 5_000;
export const MAX_KEY_LENGTH = 255;

export const KEY_MISMATCH_MESSAGE = 'Idempotency-Key reused with a different request';
export const IN_PROGRESS_MESSAGE = 'A request with this Idempotency-Key is still in progress';
export const INVALID_KEY_MESSAGE = 'Invalid Idempotency-Key';

/** Paths / root fields whose responses carry a bearer token: never stored (the table must not hold tokens). */
export const REST_EXCLUDED_PATHS = new Set(['/api/auth/login', '/api/auth/refresh']);
export const GRAPHQL_EXCLUDED_FIELDS = new Set(['login', 'refreshToken']);

export interface StoredResponse {
  status: number;
  /** The body as sent (REST: the exact bytes; GraphQL: the execution result as JSON text). */
  response: { text?: string };
}

export type Claim =
  | { kind: 'owner'; scope: string; key: string }
  | { kind: 'replay'; stored: StoredResponse }
  | { kind: 'mismatch' }
  | { kind: 'in_progress' };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Stable JSON (sorted object keys) so a retry that re-serialises its body in another key order still matches. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export const requestHash = (...parts: string[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\u0000');
  return h.digest('hex');
};

/** The header value, `undefined` when absent, `null` when present but unusable (empty, too long, control chars). */
export function readIdempotencyKey(value: string | string[] | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return undefined;
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined) return undefined;
  const key = v.trim();
  if (key.length === 0 || key.length > MAX_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) return null;
  return key;
}

export const scopeOf = (userId: number | null | undefined, method: string, route: string) =>
  `${userId ?? 'anon'}:${method}:${route}`.slice(0, 255);

export class IdempotencyStore {
  private lastPurge = 0;

  constructor(
    private readonly app: Pick<AppServices, 'prisma' | 'logger'>,
    readonly opts: { ttlMs?: number; waitMs?: number; purgeEveryMs?: number } = {},
  ) {}

  private get ttlMs() {
    return this.opts.ttlMs ?? IDEMPOTENCY_TTL_MS;
  }

  /** Claims (scope, key) for this request, or tells what to answer instead. */
  async claim(scope: string, key: string, hash: string): Promise<Claim> {
    this.maybePurge();
    const prisma = this.app.prisma;
    const deadline = Date.now() + (this.opts.waitMs ?? DEFAULT_WAIT_MS);
    let pause = 20;
    for (;;) {
      const inserted = await prisma.$queryRaw<{ key: string }[]>`
        INSERT INTO idempotency_keys (key, scope, request_hash, status_code, response, created_at, expires_at)
        VALUES (${key}, ${scope}, ${hash}, NULL, NULL, now(), now() + make_interval(secs => ${this.ttlMs / 1000}))
        ON CONFLICT (scope, key) DO NOTHING
        RETURNING key`;
      if (inserted.length === 1) return { kind: 'owner', scope, key };

      const rows = await prisma.$queryRaw<{ request_hash: string; status_code: number | null; response: StoredResponse['response'] | null; expired: boolean }[]>`
        SELECT request_hash, status_code, response, expires_at <= now() AS expired
        FROM idempotency_keys WHERE scope = ${scope} AND key = ${key}`;
      const row = rows[0];
      if (!row) continue; // released (5xx) or purged in between: claim again
      if (row.expired) {
        // Only the expired row is removed (a fresh claim by a concurrent request stays).
        await prisma.$executeRaw`DELETE FROM idempotency_keys WHERE scope = ${scope} AND key = ${key} AND expires_at <= now()`;
        continue;
      }
      if (row.request_hash !== hash) return { kind: 'mismatch' };
      if (row.status_code !== null) return { kind: 'replay', stored: { status: row.status_code, response: row.response ?? {} } };
      if (Date.now() >= deadline) return { kind: 'in_progress' };
      await sleep(pause);
      pause = Math.min(pause * 2, 200);
    }
  }

  /** Stores the response of a claimed key (2xx/4xx) or releases the key (5xx) so a retry can run. */
  async finish(claim: { scope: string; key: string }, status: number, response: StoredResponse['response']): Promise<void> {
    if (status >= 500) return this.release(claim);
    try {
      await this.app.prisma.$executeRaw`
        UPDATE idempotency_keys SET status_code = ${status}, response = ${JSON.stringify(response)}::jsonb
        WHERE scope = ${claim.scope} AND key = ${claim.key} AND status_code IS NULL`;
    } catch (err) {
      // The work is done but its response could not be stored: the key stays in flight (409 for retries)
      // rather than letting a retry run the work again.
      this.app.logger.error({ err, scope: claim.scope }, 'idempotency: storing the response failed');
    }
  }

  /** Deletes the in-flight row; when the database is unreachable, retries in the background for a minute. */
  async release(claim: { scope: string; key: string }): Promise<void> {
    const attempt = () => this.app.prisma.$executeRaw`
      DELETE FROM idempotency_keys WHERE scope = ${claim.scope} AND key = ${claim.key} AND status_code IS NULL`;
    try {
      await attempt();
    } catch {
      const until = Date.now() + 60_000;
      const retry = () => {
        attempt().catch(() => {
          if (Date.now() < until) setTimeout(retry, 1000).unref();
          else this.app.logger.warn({ scope: claim.scope }, 'idempotency: could not release a key; it stays until it expires');
        });
      };
      setTimeout(retry, 500).unref();
    }
  }

  /** Removes expired rows (at most once per `purgeEveryMs`, in the background). */
  maybePurge(): void {
    const now = Date.now();
    if (now - this.lastPurge < (this.opts.purgeEveryMs ?? 10 * 60 * 1000)) return;
    this.lastPurge = now;
    void this.purgeExpired().catch(() => {});
  }

  async purgeExpired(): Promise<number> {
    return this.app.prisma.$executeRaw`DELETE FROM idempotency_keys WHERE expires_at <= now()`;
  }
}

const stores = new WeakMap<object, IdempotencyStore>();

/** One store per server instance (tests run several servers in a process). */
export function idempotencyStoreFor(app: AppServices): IdempotencyStore {
  let s = stores.get(app);
  if (!s) {
    s = new IdempotencyStore(app, { waitMs: app.config.idempotencyWaitMs });
    stores.set(app, s);
  }
  return s;
}

/** The GraphQL error a client sees for a claim that must not execute (CONFLICT). */
function conflictResult(message: string): ExecutionResult {
  return { errors: [conflict(message)] };
}

/** An error as the masking of src/server.ts renders it, plus its HTTP-like status. */
function renderError(error: GraphQLError): { status: number; json: Record<string, unknown> } {
  if (isGraphQLOwnError(error)) {
    const status = typeof error.extensions?.status === 'number' ? (error.extensions.status as number) : 400;
    return { status, json: error.toJSON() as unknown as Record<string, unknown> };
  }
  const mapped = toAppError(error);
  const json: Record<string, unknown> = { message: mapped.message };
  if (error.locations) json.locations = error.locations;
  if (error.path) json.path = error.path;
  json.extensions = mapped.extensions;
  return { status: mapped.status, json };
}

/**
 * The GraphQL face: an envelop plugin on `onExecute` for mutations carrying `Idempotency-Key`.
 * scope = `<user>:GRAPHQL:<operation name or root fields>`, hash over the document and the variables.
 * The REST adapter's inner `yoga.fetch` does not forward the header, so REST requests are handled once, in the router.
 */
export function useIdempotency(app: AppServices): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const ctx = args.contextValue as unknown as RequestContext & { request?: Request; params?: { query?: string } };
      const header = ctx.request?.headers?.get('idempotency-key');
      if (header === undefined || header === null) return;
      const op = getOperationAST(args.document, args.operationName ?? undefined);
      if (!op || op.operation !== 'mutation') return;
      const fields = op.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []));
      if (fields.some((f) => GRAPHQL_EXCLUDED_FIELDS.has(f))) return;
      const key = readIdempotencyKey(header);
      if (key === null) {
        setResultAndStopExecution({
          errors: [badRequest(INVALID_KEY_MESSAGE)],
        });
        return;
      }
      if (key === undefined) return;
      const store = idempotencyStoreFor(app);
      const scope = scopeOf(ctx.user?.userId, 'GRAPHQL', op.name?.value ?? fields.join(','));
      const hash = requestHash(ctx.params?.query ?? '', args.operationName ?? '', canonicalJson(args.variableValues ?? {}));

      return (async () => {
        let claim: Claim;
        try {
          claim = await store.claim(scope, key, hash);
        } catch (e) {
          const err = toAppError(e);
          setResultAndStopExecution({ errors: [err] });
          return;
        }
        if (claim.kind === 'mismatch') return setResultAndStopExecution(conflictResult(KEY_MISMATCH_MESSAGE));
        if (claim.kind === 'in_progress') return setResultAndStopExecution(conflictResult(IN_PROGRESS_MESSAGE));
        if (claim.kind === 'replay') return setResultAndStopExecution(JSON.parse(claim.stored.response.text ?? '{}') as ExecutionResult);
        const owned = claim;
        return {
          async onExecuteDone({ result }) {
            if (!result || Symbol.asyncIterator in (result as object)) return store.release(owned);
            const r = result as ExecutionResult;
            const rendered = (r.errors ?? []).map((e) => renderError(e));
            const status = rendered.reduce((max, e) => Math.max(max, e.status), 200);
            const json: Record<string, unknown> = {};
            if (rendered.length) json.errors = rendered.map((e) => e.json);
            if (r.data !== undefined) json.data = r.data;
            // Stored as text: jsonb would reorder the object keys.
            await store.finish(owned, status, { text: JSON.stringify(json) });
          },
        };
      })();
    },
  };
}
