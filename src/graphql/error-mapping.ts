import { GraphQLError } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { AppError, badRequest, conflict, internalError, notFound, serviceUnavailable } from '../errors';

const CONNECTION_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', '08006', '08001', '08003']);

/** The fields of a driver, Prisma or Redis error this module reads (any of them may be missing). */
interface RawError {
  name?: string;
  code?: unknown;
  message?: unknown;
  meta?: { code?: string; driverAdapterError?: { cause?: { originalCode?: string } } };
  cause?: { originalCode?: string; code?: string };
}

function sqlState(e: RawError | undefined): string | undefined {
  return (
    e?.meta?.driverAdapterError?.cause?.originalCode ??
    e?.meta?.code ??
    e?.cause?.originalCode ??
    e?.cause?.code ??
    (typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : undefined)
  );
}

/**
 * Turns whatever a resolver threw into the one error model. Expected failures become 4xx; the database
 * being unreachable is a 503 so clients retry; anything else is a 500 whose detail stays in the log.
 */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (e instanceof GraphQLError && e.originalError) return toAppError(e.originalError);
  const err = e as RawError | undefined;
  const code = typeof err?.code === 'string' ? err.code : undefined;
  const state = sqlState(err);
  const text = String(err?.message ?? '');
  if ((code && CONNECTION_CODES.has(code)) || (state && CONNECTION_CODES.has(state)) || /ECONNREFUSED|Connection terminated|connect ETIMEDOUT|Can't reach database|timeout exceeded when trying to connect/i.test(text)) {
    return serviceUnavailable();
  }
  // Redis unreachable (ioredis gave up on the command): a dependency outage, not a bug.
  if (err?.name === 'MaxRetriesPerRequestError' || /Connection is closed|max retries per request|Stream isn't writeable/i.test(text)) {
    return serviceUnavailable();
  }
  if (code === 'P2002' || state === '23505') return conflict('Conflict: a record with this value already exists');
  if (code === 'P2003' || state === '23503') return badRequest('Referenced record does not exist');
  if (code === 'P2025') return notFound('Not found');
  if (state === '23514') return conflict('Insufficient quantity');
  if (state === '22P02' || state === '22007' || state === '22008') return badRequest('Invalid value');
  // NUL bytes / invalid UTF-8 (22021) and out-of-range numbers (22003) sent by a client: its error, not ours.
  if (state === '22021' || state === '22003') return badRequest('Invalid value');
  return internalError();
}

/**
 * GraphQL's own errors (syntax, validation, variable coercion) are safe to show as they are. Variable
 * coercion errors of the executor wrap another GraphQLError in `originalError`; they are client errors too.
 */
export function isGraphQLOwnError(error: GraphQLError): boolean {
  if (error instanceof AppError) return false;
  const original = error.originalError;
  if (!original) return true;
  return original instanceof GraphQLError && !(original instanceof AppError) && !original.originalError;
}

/**
 * graphql-js reports a variable it cannot coerce (an unknown enum value, a wrong type) with no code, as a
 * result without data; it is the caller's bad input, so it gets BAD_USER_INPUT like every other refusal.
 */
export function useVariableErrorCode(): Plugin {
  return {
    onExecute: () => ({
      onExecuteDone({ result, setResult }) {
        if (isAsyncIterable(result) || result.data !== undefined || !result.errors?.length) return;
        if (result.errors.every((e) => e.extensions?.code)) return;
        setResult({
          ...result,
          errors: result.errors.map((e) =>
            e.extensions?.code
              ? e
              : new GraphQLError(e.message, {
                  nodes: e.nodes,
                  source: e.source,
                  positions: e.positions,
                  path: e.path,
                  originalError: e.originalError,
                  extensions: { ...e.extensions, code: 'BAD_USER_INPUT' },
                }),
          ),
        });
      },
    }),
  };
}
