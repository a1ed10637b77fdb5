// Mutation payloads: every mutation answers `<Name>Payload { <result>, userErrors }`, as Shopify and Saleor do.
// Expected business failures and invalid input come back as userErrors (the transaction rolled back, nothing was
// written); top-level errors are left for authentication, authorization, malformed requests and faults.
import { builder } from './builder';
import { AppError, InputError, type ErrorCode } from '../errors';

const ERROR_CODES = {
  BAD_USER_INPUT: 'The input is invalid, or the request is not allowed in the current state of the object.',
  UNAUTHENTICATED: 'No valid credentials (top-level errors only).',
  FORBIDDEN: 'The caller may not do this (top-level errors only).',
  NOT_FOUND: 'The object does not exist, or the caller may not see it.',
  CONFLICT: 'The request conflicts with the current state (a duplicate, an order already in a batch, a sync running).',
  RATE_LIMITED: 'Too many attempts; retry later (top-level errors only).',
  SERVICE_UNAVAILABLE: 'A dependency is down; retry later (top-level errors only).',
  INTERNAL_SERVER_ERROR: 'A fault on the server (top-level errors only).',
} satisfies Record<ErrorCode, string>;

/** The one error code enum: `extensions.code` of top-level errors and `code` of userErrors. */
export const ErrorCodeEnum = builder.enumType('ErrorCode', {
  description: 'Why a request failed. userErrors carry BAD_USER_INPUT, NOT_FOUND or CONFLICT.',
  values: Object.fromEntries(Object.entries(ERROR_CODES).map(([k, description]) => [k, { description }])) as Record<ErrorCode, { description: string }>,
});

export interface UserErrorShape {
  field: readonly (string | number)[] | null;
  code: ErrorCode;
  message: string;
  data?: Record<string, unknown> | null;
}

export const UserError = builder.objectRef<UserErrorShape>('UserError').implement({
  description: 'An expected failure of a mutation: invalid input or a business rule. Nothing was written.',
  fields: (t) => ({
    field: t.stringList({
      nullable: true,
      description: 'Path to the offending input field, camelCase (`["input", "quantity"]`); null when no single field is at fault.',
      resolve: (e) => e.field?.map(String) ?? null,
    }),
    code: t.field({ type: ErrorCodeEnum, description: 'What kind of failure.', resolve: (e) => e.code }),
    message: t.exposeString('message', { description: 'A sentence for the person at the screen.' }),
    data: t.field({
      type: 'JSON',
      nullable: true,
      description:
        'Facts to act on, for some failures (an order already in a batch: `{ soNumber, batchId }`; invalid input: the issue, e.g. `{ kind: "TOO_SMALL", origin: "number", limit: 0, inclusive: false }`).',
      resolve: (e) => e.data ?? null,
    }),
  }),
});

/** Codes a mutation answers as userErrors; any other error stays a top-level error. */
const USER_ERROR_CODES = new Set<ErrorCode>(['BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT']);

/** The userErrors an error stands for, or null when it is not an expected failure. */
function userErrorsOf(e: unknown): UserErrorShape[] | null {
  if (e instanceof InputError) {
    return e.problems.map((p) => ({ field: p.field, code: 'BAD_USER_INPUT', message: p.message, data: { ...p.issue } }));
  }
  if (e instanceof AppError && USER_ERROR_CODES.has(e.code)) {
    return [{ field: e.field ?? null, code: e.code, message: e.message, data: e.data ?? null }];
  }
  return null;
}

/** What a payload resolver returns: the result, or the userErrors and no result. */
export interface Payload<R> {
  result: R | null;
  userErrors: UserErrorShape[];
}

/** Runs a mutation's work; an expected failure becomes userErrors (its transaction has rolled back). */
export async function payloadOf<R>(work: () => Promise<R>): Promise<Payload<R>> {
  try {
    return { result: await work(), userErrors: [] };
  } catch (e) {
    const userErrors = userErrorsOf(e);
    if (userErrors) return { result: null, userErrors };
    throw e;
  }
}

/**
 * `<name>` payload type: one nullable result field (`resultField`, of `resultType`) and `userErrors`.
 * The result is null exactly when userErrors is not empty.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any output type (object, prisma object or scalar) may be the result
export function payloadType<R>(name: string, opts: { description: string; resultField: string; resultType: any; resultDescription: string }) {
  return builder.objectRef<Payload<R>>(name).implement({
    description: opts.description,
    fields: (t) => ({
      [opts.resultField]: t.field({
        type: opts.resultType,
        nullable: true,
        description: opts.resultDescription,
        resolve: (p) => p.result as never,
      }),
      userErrors: t.field({
        type: [UserError],
        description: 'Expected failures; empty on success. When not empty, nothing was written.',
        resolve: (p) => p.userErrors,
      }),
    }),
  });
}
