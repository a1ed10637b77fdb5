import { ValidationError, type PydanticDetail } from '../../validation/errors';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.+\-Z]*)?$/;

/** `YYYY-MM-DD` (a time part is ignored) as a UTC midnight Date, or null when it is not a real date. */
export function parseCalendarDate(value: string): Date | null {
  const m = ISO_DATE.exec(value.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date;
}

export const dateErrorMessage = (field: string) => `Value error, ${field} must be a valid date (YYYY-MM-DD)`;

/** The problem of a date column's value, or null when it is absent, empty (clears the column) or a calendar date. */
export function dateProblem(value: string | null | undefined, field: string): PydanticDetail | null {
  if (value === undefined || value === null || value.trim() === '' || parseCalendarDate(value)) return null;
  return { type: 'value_error', loc: [field], msg: dateErrorMessage(field) };
}

/**
 * A date column from a request body: absent stays absent, null or "" clears it, anything else must be a
 * calendar date. // legacy-difference: the legacy passed the text to the database, which answered 500.
 */
export function bodyDate(value: string | null | undefined, field: string): Date | null | undefined {
  const problem = dateProblem(value, field);
  if (problem) throw new ValidationError([problem]);
  if (value === undefined) return undefined;
  if (value === null || value.trim() === '') return null;
  return parseCalendarDate(value);
}

/** NOT NULL columns sent as null in a PUT body. // legacy-difference: the legacy answered 500. */
export const nullProblems = (input: Record<string, unknown>, fields: string[]): PydanticDetail[] =>
  fields.filter((f) => input[f] === null).map((f) => ({ type: 'string_type', loc: [f], msg: 'Input should be a valid string' }));
