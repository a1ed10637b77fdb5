// The legacy status and body of a core failure: a top-level GraphQL error or one of a mutation's userErrors.
import { AppError, httpStatus, type ErrorCode } from '../src/errors';
import { toAppError } from '../src/graphql/error-mapping';
import { ValidationError } from './pydantic-errors';
import { snakeKeys } from './case';
import type { RestRoute } from './route';

/** What the adapter reads of a failure: its code, message and structured data (camelCase). */
export interface CoreFailure {
  code: ErrorCode;
  message: string;
  data?: Record<string, unknown> | null;
  /** The camelCase path of the offending input field, when the operation selects it. */
  field?: readonly (string | number)[] | null;
}

/** One of a mutation payload's userErrors as the operation selects it (`userErrors { code message data }`). */
export const isUserErrorList = (v: unknown): v is CoreFailure[] => Array.isArray(v) && v.every((e) => typeof e?.code === 'string');

/**
 * Legacy status from the code; body `{"error": message, ...data in snake_case}` unless the route renders its own
 * (wave-validate's `valid: false`, the connector test's `blocked_destination`). A failed validation is the
 * legacy 400 `validation_error` with pydantic's details.
 */
export function legacyError(failure: CoreFailure | AppError, route?: RestRoute): { status: number; body: unknown } {
  const original = (failure as AppError).originalError;
  if (original instanceof ValidationError) return { status: 400, body: { error: 'validation_error', details: original.details } };
  const own = route?.errorBody?.(failure);
  const data = failure.data ? (snakeKeys(failure.data) as Record<string, unknown>) : {};
  return { status: httpStatus(failure.code), body: own ?? { error: failure.message, ...data } };
}

/** Whatever a REST request threw as a core error; a failed legacy body read keeps its pydantic details. */
export function restFailure(e: unknown): AppError {
  if (e instanceof ValidationError) return new AppError('BAD_USER_INPUT', 'validation_error', { originalError: e });
  return toAppError(e);
}
