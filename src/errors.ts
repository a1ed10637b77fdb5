import { GraphQLError } from 'graphql';

/**
 * One error model for the core. An error has a code (one of ErrorCode), a message, and where it helps a client:
 * the offending input `field` (a camelCase path) and structured `data` (camelCase facts, e.g. the batch an order
 * is already in). GraphQL shows them as `extensions.code`/`field`/`data`, or as a mutation's `userErrors`; the
 * REST adapter (rest-compat/) derives the legacy status and body from the same three.
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

const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

/** The HTTP status of an error code (for the endpoints that answer plain HTTP). */
export const httpStatus = (code: ErrorCode) => HTTP_STATUS[code];

export interface ErrorDetails {
  /** Path of the offending input field, camelCase (`['input', 'scannedBarcode']`). */
  field?: readonly (string | number)[];
  /** Structured facts a client needs to act on the error (camelCase keys). */
  data?: Record<string, unknown>;
  /** Other extensions (e.g. the argument and maximum of a refused page size). */
  extensions?: Record<string, unknown>;
  /** The error this one stands for (kept off the wire). */
  originalError?: Error;
}

export class AppError extends GraphQLError {
  readonly code: ErrorCode;
  readonly field?: readonly (string | number)[];
  readonly data?: Record<string, unknown>;
  constructor(code: ErrorCode, message: string, opts: ErrorDetails = {}) {
    super(message, {
      extensions: {
        code,
        ...(opts.field ? { field: opts.field } : {}),
        ...(opts.data ? { data: opts.data } : {}),
        ...opts.extensions,
      },
      originalError: opts.originalError,
    });
    this.code = code;
    this.field = opts.field;
    this.data = opts.data;
  }

  get status(): number {
    return httpStatus(this.code);
  }
}

/**
 * What is wrong with one input value, as data: a bound not met (`origin` tells number, text length or list length;
 * `inclusive` whether the limit itself is allowed), a value outside a closed set, or a rule of the input (the
 * message says which).
 */
export type InputIssue =
  | { kind: 'TOO_SMALL' | 'TOO_BIG'; origin: 'number' | 'string' | 'array' | 'object'; limit: number; inclusive: boolean }
  | { kind: 'NOT_ALLOWED'; allowed: readonly string[] }
  | { kind: 'INVALID_TYPE'; expected: string }
  | { kind: 'RULE' };

/** One problem of an input: the camelCase path of the field (from the argument, `['input', 'lines', 1, 'quantity']`), a sentence, the issue. */
export interface InputProblem {
  field: readonly (string | number)[];
  message: string;
  issue: InputIssue;
}

/** Invalid input: every problem found, in the order of the input's fields. A mutation answers one userError per problem. */
export class InputError extends AppError {
  readonly problems: readonly InputProblem[];
  constructor(problems: readonly InputProblem[]) {
    super('BAD_USER_INPUT', problems[0]?.message ?? 'Invalid input', {
      field: problems[0]?.field,
      extensions: { problems: problems.map((p) => ({ field: p.field, message: p.message, issue: p.issue })) },
    });
    this.problems = problems;
  }
}

export const badRequest = (message: string, opts?: ErrorDetails) => new AppError('BAD_USER_INPUT', message, opts);
export const unauthorized = (message = 'Unauthorized') => new AppError('UNAUTHENTICATED', message);
export const forbidden = (message = 'Forbidden') => new AppError('FORBIDDEN', message);
export const notFound = (message: string, opts?: ErrorDetails) => new AppError('NOT_FOUND', message, opts);
export const conflict = (message: string, opts?: ErrorDetails) => new AppError('CONFLICT', message, opts);
export const rateLimited = (message: string) => new AppError('RATE_LIMITED', message);
export const serviceUnavailable = (message = 'Service unavailable') => new AppError('SERVICE_UNAVAILABLE', message);
export const internalError = () => new AppError('INTERNAL_SERVER_ERROR', 'Internal server error');
