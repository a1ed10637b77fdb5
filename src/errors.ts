import { GraphQLError } from 'graphql';

/**
 * One error model with two faces: GraphQL sees `extensions.code` (+ details),
 * the REST layer renders `extensions.status` and `extensions.restBody` (or `{"error": message}`).
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

export class AppError extends GraphQLError {
  readonly status: number;
  readonly code: ErrorCode;
  constructor(
    status: number,
    code: ErrorCode,
    message: string,
    opts: { restBody?: RestBody; details?: unknown; extensions?: Record<string, unknown> } = {},
  ) {
    super(message, {
      extensions: {
        code,
        status,
        ...(opts.details !== undefined ? { details: opts.details } : {}),
        ...(opts.restBody ? { restBody: opts.restBody } : {}),
        ...opts.extensions,
      },
    });
    this.status = status;
    this.code = code;
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
