/**
 * Times in the legacy JSON (spec 00 §1). GraphQL answers an instant as ISO-8601 UTC with `Z` (`DateTime`) and a
 * day as `YYYY-MM-DD` (`Date`); the legacy clients read other text, so every time an operation answers is
 * re-rendered here, found through the operation's types (not by key names), before a route shapes its body.
 *
 * The mapping, one form per GraphQL type wherever it appears:
 * - `DateTime` `2026-04-14T12:00:00.123Z` -> `2026-04-14T12:00:00.123000+00:00` (Python's isoformat of an aware
 *   UTC datetime: microseconds only when non-zero, so `2026-04-14T12:00:00Z` -> `2026-04-14T12:00:00+00:00`);
 * - `Date` `2026-04-14` -> `2026-04-14` (the same text).
 * The legacy rendered no naive timestamps; JSON values (audit `details`, settings) are data and pass unchanged.
 */
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { leafPlan, rewriteLeaves, type LeafPlan } from './answer-leaves';
import type { PrismaClient } from '../src/db';
import { badRequest } from '../src/errors';
import { toAppError } from '../src/graphql/error-mapping';
import { isoDate } from '../src/graphql/scalars';
import { parseCalendarDate } from '../src/admin/orders/dates';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `2026-04-14T12:00:00.123000+00:00`: UTC, microseconds only when non-zero. */
export function legacyTimestamp(d: Date): string {
  const base =
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const ms = d.getUTCMilliseconds();
  return `${base}${ms ? `.${pad(ms, 3)}000` : ''}+00:00`;
}

type TimeType = 'DateTime' | 'Date';

/** The legacy text of a GraphQL time value, by its GraphQL type. */
const LEGACY_FORM: Record<TimeType, (value: string) => string> = {
  DateTime: (iso) => legacyTimestamp(new Date(iso)),
  Date: (day) => day,
};

/** Where an operation's answer holds times: response key -> the time type of that leaf, or the plan below it. */
export type TimePlan = LeafPlan<TimeType>;

/** The times of the first operation in `document` (a validated request document). */
export const timePlan = (schema: GraphQLSchema, document: DocumentNode): TimePlan =>
  leafPlan(schema, document, (type) => (type.name === 'DateTime' || type.name === 'Date' ? type.name : undefined));

function leaf(value: unknown, type: TimeType): unknown {
  if (typeof value === 'string') return LEGACY_FORM[type](value);
  if (Array.isArray(value)) return value.map((v) => leaf(v, type));
  return value;
}

/** Re-renders, in place, every time of an operation's data (plain JSON) in its legacy form; returns `data`. */
export const toLegacyTimes = <T>(data: T, plan: TimePlan): T => rewriteLeaves(data, plan, leaf);

// ---------------------------------------------------------------------------------------------------
// Times in legacy requests
// ---------------------------------------------------------------------------------------------------

/**
 * The day field of a legacy order body (`expectedDate`, `shipByDate` as read into the core input) in the Date
 * scalar's form: blank clears (null), a calendar day with white space or a time part around it becomes `YYYY-MM-DD`;
 * other text stays as sent, for the core's rule to refuse (the legacy checked the day once every field was valid:
 * beside a failed field, `failed`, such text is left out).
 */
export function legacyBodyDay(input: Record<string, unknown>, field: string, failed = false): Record<string, unknown> {
  const value = input[field];
  if (typeof value !== 'string') return input;
  const date = parseCalendarDate(value);
  if (value.trim() === '') return { ...input, [field]: null };
  if (date) return { ...input, [field]: isoDate(date) };
  if (!failed) return input;
  const { [field]: _unchecked, ...rest } = input;
  return rest;
}

/** PostgreSQL's reading of text the legacy handed to its SQL as sent (the session time zone is UTC). */
export interface LegacyCasts {
  /** `text::timestamptz`, or null when PostgreSQL refuses it. */
  timestamptz(text: string): Promise<Date | null>;
  /** `text::date` as `YYYY-MM-DD`, or null when PostgreSQL refuses it. */
  date(text: string): Promise<string | null>;
}

/** A refused cast is the client's text; the database being unreachable is still a 503. */
async function cast<T>(run: () => Promise<T>): Promise<T | null> {
  try {
    return await run();
  } catch (e) {
    if (toAppError(e).status === 503) throw e;
    return null;
  }
}

export function legacyCasts(prisma: PrismaClient): LegacyCasts {
  return {
    timestamptz: (text) =>
      cast(async () => {
        const t = (await prisma.$queryRaw<{ t: Date }[]>`SELECT ${text}::timestamptz AS t`)[0].t;
        // infinity, and years an ISO-8601 DateTime cannot carry (BC, past 9999), are text no filter can use
        return Number.isNaN(t.getTime()) || t.getUTCFullYear() < 1 || t.getUTCFullYear() > 9999 ? null : t;
      }),
    date: (text) => cast(async () => (await prisma.$queryRaw<{ d: string }[]>`SELECT (${text})::date::text AS d`)[0].d),
  };
}

const DATE_ONLY = /^\s*\d{4}-\d{2}-\d{2}\s*$/;

/**
 * The audit log's `start_date` / `end_date` (any PostgreSQL timestamp text, as the legacy's query cast them) as
 * the typed filter: `start_date` -> `createdFrom`; `end_date` with a time -> `createdUntil` (inclusive), a date
 * alone -> `endDate` (that whole day: the legacy cast it to its midnight, docs/legacy-differences/admin-catalog.md).
 * Text PostgreSQL refuses is a 400 `Invalid start_date: ...` (the legacy answered 500).
 */
export async function legacyAuditBounds(casts: LegacyCasts, startDate: string | null, endDate: string | null) {
  const bounds: { createdFrom?: string; createdUntil?: string; endDate?: string } = {};
  if (startDate) {
    const t = await casts.timestamptz(startDate);
    if (!t) throw badRequest(`Invalid start_date: ${startDate}`);
    bounds.createdFrom = t.toISOString();
  }
  if (endDate && DATE_ONLY.test(endDate)) {
    const day = await casts.date(endDate.trim());
    if (!day) throw badRequest(`Invalid end_date: ${endDate}`);
    bounds.endDate = day;
  } else if (endDate) {
    const t = await casts.timestamptz(endDate);
    if (!t) throw badRequest(`Invalid end_date: ${endDate}`);
    bounds.createdUntil = t.toISOString();
  }
  return bounds;
}
