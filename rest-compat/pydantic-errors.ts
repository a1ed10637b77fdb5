/**
 * Validation error type shared by the REST and GraphQL layers.
 *
 * A `ValidationError` carries pydantic-v2-shaped detail entries (spec 90 §4/§6). The REST layer renders
 * it as 400 `{"error":"validation_error","details":[...]}`, GraphQL as BAD_USER_INPUT with the details in
 * `extensions`. Nothing here knows about HTTP.
 */
import type { z } from 'zod';

export type Loc = (string | number)[];

export type PydanticDetail = { type: string; loc: Loc; msg: string };

export class ValidationError extends Error {
  readonly details: PydanticDetail[];

  constructor(details: PydanticDetail[]) {
    super(details.length > 0 ? `validation_error: ${details[0].msg}` : 'validation_error');
    this.name = 'ValidationError';
    this.details = details;
  }
}

/** Key under which our builders stash the pydantic entry in a zod issue's `params`. */
export const PYDANTIC_PARAM = 'pydantic';

/**
 * Converts zod issues into pydantic detail entries. Issues produced by the builders of `./pydantic`
 * carry the exact entry in `params.pydantic`; any other zod issue (a foreign schema) is mapped
 * generically so nothing is lost.
 */
export function issuesToDetails(issues: readonly z.core.$ZodIssue[]): PydanticDetail[] {
  return issues.map((issue) => {
    const params = (issue as { params?: Record<string, unknown> }).params;
    const d = params?.[PYDANTIC_PARAM] as PydanticDetail | undefined;
    if (d && typeof d.type === 'string') return { type: d.type, loc: [...d.loc], msg: d.msg };
    return {
      type: issue.code,
      loc: issue.path.map((p) => (typeof p === 'number' ? p : String(p))),
      msg: issue.message,
    };
  });
}

/**
 * Validates `raw` (already a JS value: use `readLegacyBody` for REST bodies) against a schema built with
 * `body(...)` (or any zod schema) and returns the parsed value, or throws `ValidationError`.
 */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data as z.output<S>;
  throw new ValidationError(issuesToDetails(result.error.issues));
}
