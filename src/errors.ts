import { GraphQLError } from 'graphql';

/**
 * One error model. GraphQL clients see the message and `extensions.code` (one of ErrorCode), plus `data`
 * (camelCase) where a client needs it (e.g. the batch an order is already in). The REST adapter reads the
 * error object itself (the `originalError` of the GraphQL error): `status` and `legacyBody` (default
 * `{"error": message}`) never reach a GraphQL answer.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

export type RestBody = { error: string } & Record<string, unknown>;

const camel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export class AppError extends GraphQLError {
  readonly status: number;
  readonly code: ErrorCode;
  /** The legacy REST body, when it is not `{"error": message}`. */
  readonly legacyBody?: RestBody;
  constructor(
    status: number,
    code: ErrorCode,
    message: string,
    opts: { restBody?: RestBody; details?: unknown; extensions?: Record<string, unknown> } = {},
  ) {
    const { error: _error, ...extra } = opts.restBody ?? { error: message };
    const data = opts.details === undefined && Object.keys(extra).length > 0 ? Object.fromEntries(Object.entries(extra).map(([k, v]) => [camel(k), v])) : undefined;
    super(message, {
      extensions: {
        code,
        ...(opts.details !== undefined ? { details: opts.details } : {}),
        ...(data ? { data } : {}),
        ...opts.extensions,
      },
    });
    this.status = status;
    this.code = code;
    this.legacyBody = opts.restBody;
  }
}

export const badRequest = (message: string, extra?: Record<string, unknown>) =>
  new AppError(400, 'BAD_USER_INPUT', message, extra ? { restBody: { error: message, ...extra } } : {});
export const unauthorized = (message = 'Unauthorized') => new AppError(401, 'UNAUTHENTICATED', message);
export const forbidden = (message = 'Forbidden') => new AppError(403, 'FORBIDDEN', message);
export const notFound = (message: string) => new AppError(404, 'NOT_FOUND', message);
export const conflict = (message: string, extra?: Record<string, unknown>) =>
  new AppError(409, 'CONFLICT', message, extra ? { restBody: { error: message, ...extra } } : {});
export const rateLimited = (message: string) => new AppError(429, 'RATE_LIMITED', message);
export const serviceUnavailable = (message = 'Service unavailable') =>
  new AppError(503, 'SERVICE_UNAVAILABLE', message);
export const internalError = () => new AppError(500, 'INTERNAL_SERVER_ERROR', 'Internal server error');

/** An error response whose REST body is not `{"error": ...}` alone (e.g. wave-validate's `valid: false`). */
export const customError = (status: number, code: ErrorCode, restBody: RestBody) =>
  new AppError(status, code, restBody.error, { restBody });
