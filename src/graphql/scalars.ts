import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

// One wire format per kind of time (issue #16): an instant is ISO-8601 in UTC with `Z` (Date#toISOString), a
// calendar date is `YYYY-MM-DD`. Inputs are read strictly; anything else is the caller's bad input.

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** Year, month and day name a real calendar day (no 2026-02-30) of the common era, as PostgreSQL stores it (no year 0). */
function isCalendarDay(year: number, month: number, day: number): boolean {
  if (year < 1) return false;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

// RFC 3339 date-time with a required offset; beyond 9999 the year takes toISOString's extended form (+YYYYYY).
const INSTANT = /^(\d{4}|\+\d{6})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An ISO-8601 instant with `Z` or an offset (`2026-04-14T12:00:00Z`, `...T14:00:00.5+02:00`), or null. */
export function parseInstant(text: string): Date | null {
  const m = INSTANT.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (!isCalendarDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  const offset = m[8].toUpperCase();
  if (offset !== 'Z' && (Number(offset.slice(1, 3)) > 23 || Number(offset.slice(4, 6)) > 59)) return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A `YYYY-MM-DD` text naming a real day, or null. */
export function parseDate(text: string): string | null {
  const m = CALENDAR_DATE.exec(text);
  return m && isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3])) ? text : null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The UTC day of a Date as `YYYY-MM-DD` (date columns come back as UTC midnights). */
export const isoDate = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

function instantInput(value: unknown): Date {
  const d = typeof value === 'string' ? parseInstant(value) : null;
  if (!d) throw badInput(`DateTime must be an ISO-8601 date-time with Z or an offset (2026-04-14T12:00:00Z), got ${JSON.stringify(value)}`);
  return d;
}

function dateInput(value: unknown): string {
  const d = typeof value === 'string' ? parseDate(value) : null;
  if (!d) throw badInput(`Date must be a calendar date YYYY-MM-DD (2026-04-14), got ${JSON.stringify(value)}`);
  return d;
}

/** An instant: ISO-8601 in UTC with `Z`, milliseconds always present (Date#toISOString). */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An instant as ISO-8601 in UTC with Z and milliseconds (2026-04-14T12:00:00.000Z). Input: ISO-8601 with Z or an offset.',
  serialize: (v) => {
    const d = v instanceof Date ? v : typeof v === 'string' ? new Date(v) : null;
    if (!d || Number.isNaN(d.getTime())) throw new TypeError(`DateTime cannot represent ${String(v)}`);
    return d.toISOString();
  },
  parseValue: instantInput,
  parseLiteral: (ast) => instantInput(ast.kind === Kind.STRING ? ast.value : undefined),
});

/** A calendar date as `YYYY-MM-DD`. */
export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar day as YYYY-MM-DD (2026-04-14), no time and no zone.',
  serialize: (v) => {
    if (v instanceof Date && !Number.isNaN(v.getTime())) return isoDate(v);
    if (typeof v === 'string' && parseDate(v)) return v;
    throw new TypeError(`Date cannot represent ${String(v)}`);
  },
  parseValue: dateInput,
  parseLiteral: (ast) => dateInput(ast.kind === Kind.STRING ? ast.value : undefined),
});

function literalToJs(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
      return Number.parseInt(ast.value, 10);
    case Kind.FLOAT:
      return Number.parseFloat(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map(literalToJs);
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literalToJs(f.value)]));
    default:
      return undefined;
  }
}

/** Free-form JSON (audit details, settings maps, raw legacy bodies). */
export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value (free-form details, maps and rows).',
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral: literalToJs,
});
