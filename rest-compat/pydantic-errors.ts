/**
 * The legacy validation error: pydantic-v2-shaped detail entries (spec 90 §4/§6), which the REST adapter answers as
 * 400 `{"error":"validation_error","details":[...]}`. Nothing here knows about HTTP.
 */
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
