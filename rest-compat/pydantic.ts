/**
 * pydantic v2 lax-mode type checks (spec 90 §5–§6): what the legacy accepted as an int, a string, a bool or a decimal,
 * and the detail (`{type, loc, msg}`) it gave a value of another type. The legacy body read (./legacy-input.ts) runs
 * them over the fields of a core input; the rules (bounds, lengths, cross-field rules) are the core's zod schemas,
 * whose problems the read renders with the messages of `MSG`.
 *
 * Behaviour was checked against pydantic 2.13 / pydantic-core 2.46 (tests/unit/validation.oracle.test.ts).
 */
import { parseDecimalText } from '../src/shared/decimal-text';
import type { Loc, PydanticDetail } from './pydantic-errors';

export type { Loc, PydanticDetail } from './pydantic-errors';

const FAIL: unique symbol = Symbol('pydantic.fail');
type Fail = typeof FAIL;

/** The lax read of a value of one type: the value as the legacy took it, or its detail pushed onto `errs`. */
export interface TypeCheck<T> {
  readonly check: (value: unknown, loc: Loc, errs: PydanticDetail[]) => T | Fail;
}

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses) object: the documentation of a legacy body. */
export type JsonSchema = { [keyword: string]: unknown };

// ---------------------------------------------------------------------------------------------------
// Messages (spec 90 §6) — pydantic pluralises "character"/"item" on the constraint value
// ---------------------------------------------------------------------------------------------------

const plural = (n: number) => (n === 1 ? '' : 's');

export const MSG = {
  missing: 'Field required',
  greater_than: (n: number) => `Input should be greater than ${n}`,
  greater_than_equal: (n: number) => `Input should be greater than or equal to ${n}`,
  less_than_equal: (n: number) => `Input should be less than or equal to ${n}`,
  string_too_short: (n: number) => `String should have at least ${n} character${plural(n)}`,
  string_too_long: (n: number) => `String should have at most ${n} character${plural(n)}`,
  list_too_short: (n: number, actual: number) =>
    `List should have at least ${n} item${plural(n)} after validation, not ${actual}`,
  dict_too_short: (n: number, actual: number) =>
    `Dictionary should have at least ${n} item${plural(n)} after validation, not ${actual}`,
  int_parsing: 'Input should be a valid integer, unable to parse string as an integer',
  int_parsing_size: 'Unable to parse input string as an integer, exceeded maximum size',
  int_from_float: 'Input should be a valid integer, got a number with a fractional part',
  int_type: 'Input should be a valid integer',
  string_type: 'Input should be a valid string',
  bool_parsing: 'Input should be a valid boolean, unable to interpret input',
  bool_type: 'Input should be a valid boolean',
  list_type: 'Input should be a valid list',
  dict_type: 'Input should be a valid dictionary',
  model_type: (entry: string) => `Input should be a valid dictionary or instance of ${entry}`,
  decimal_parsing: 'Input should be a valid decimal',
  decimal_type: 'Decimal input should be an integer, float, string or Decimal object',
  finite_number: 'Input should be a finite number',
  value_error: (message: string) => `Value error, ${message}`,
} as const;

function fail(errs: PydanticDetail[], type: string, loc: Loc, msg: string): Fail {
  errs.push({ type, loc: [...loc], msg });
  return FAIL;
}

/** Rust `char::is_whitespace` (Unicode White_Space) — what pydantic-core trims around int strings. */
const RUST_WS = '\\t\\n\\x0b\\x0c\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const RUST_TRIM = new RegExp(`^[${RUST_WS}]+|[${RUST_WS}]+$`, 'g');

export const INT32_MAX = 2147483647;
export const INT32_MIN = -2147483648;
const TWO_63 = 2 ** 63;

// ---------------------------------------------------------------------------------------------------
// int
// ---------------------------------------------------------------------------------------------------

/** pydantic-core lax `str -> int`: trimmed, ASCII digits, optional sign, `_` only between digits, an
 *  optional `.000…` suffix (at least one zero). Returns a bigint, 'size' or null. */
const INT_STR = /^[+-]?[0-9]+(?:_[0-9]+)*(?:\.0+)?$/;
function strToBigInt(s: string): bigint | 'size' | null {
  const t = s.replace(RUST_TRIM, '');
  if (!INT_STR.test(t)) return null;
  if (t.length > 4300) return 'size';
  const dot = t.indexOf('.');
  const digits = (dot >= 0 ? t.slice(0, dot) : t).replace(/_/g, '');
  return BigInt(digits);
}

/**
 * pydantic `int` (lax): JSON integers, floats with zero fraction, integer strings, booleans. An integer string beyond
 * a double's safe range reads as +/-Infinity (beyond any bound: the caller's bounds see it out of range).
 */
export function int(): TypeCheck<number> {
  return {
    check(v, loc, errs) {
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (typeof v === 'number') {
        if (!Number.isFinite(v)) return fail(errs, 'finite_number', loc, MSG.finite_number);
        if (!Number.isInteger(v)) return fail(errs, 'int_from_float', loc, MSG.int_from_float);
        return v === 0 ? 0 : v; // drop -0
      }
      if (typeof v === 'string') {
        const b = strToBigInt(v);
        if (b === null) return fail(errs, 'int_parsing', loc, MSG.int_parsing);
        if (b === 'size') return fail(errs, 'int_parsing_size', loc, MSG.int_parsing_size);
        return b > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : b < BigInt(Number.MIN_SAFE_INTEGER) ? -Infinity : Number(b);
      }
      return fail(errs, 'int_type', loc, MSG.int_type);
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// str
// ---------------------------------------------------------------------------------------------------

/** pydantic `str`: JSON strings only. */
export function str(): TypeCheck<string> {
  return { check: (v, loc, errs) => (typeof v === 'string' ? v : fail(errs, 'string_type', loc, MSG.string_type)) };
}

// ---------------------------------------------------------------------------------------------------
// bool
// ---------------------------------------------------------------------------------------------------

const TRUE_STR = new Set(['1', 't', 'y', 'on', 'yes', 'true']);
const FALSE_STR = new Set(['0', 'f', 'n', 'no', 'off', 'false']);
const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** pydantic `bool` (lax). Strings are not trimmed; matching is ASCII case-insensitive. Numbers: 0/1
 *  (also 0.0/1.0); other integral numbers -> bool_parsing; fractional/non-finite -> bool_type. */
export function bool(): TypeCheck<boolean> {
  return {
    check(v, loc, errs) {
      if (typeof v === 'boolean') return v;
      if (typeof v === 'string') {
        const s = asciiLower(v);
        if (TRUE_STR.has(s)) return true;
        if (FALSE_STR.has(s)) return false;
        return fail(errs, 'bool_parsing', loc, MSG.bool_parsing);
      }
      if (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < TWO_63) {
        if (v === 0) return false;
        if (v === 1) return true;
        return fail(errs, 'bool_parsing', loc, MSG.bool_parsing);
      }
      return fail(errs, 'bool_type', loc, MSG.bool_type);
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// decimal
// ---------------------------------------------------------------------------------------------------

/**
 * pydantic `Decimal` (lax): numbers and numeric strings (Python `Decimal()` syntax: whitespace stripped, `_` ignored,
 * Unicode digits, exponent), read as a JS number. NaN/Infinity -> finite_number; other strings -> decimal_parsing;
 * bool/null/array/object -> decimal_type. A finite decimal beyond a double ("1e400") reads as +/-Infinity: the caller
 * decides (a bound it breaks, else finite_number).
 */
export function decimal(): TypeCheck<number> {
  return {
    check(v, loc, errs) {
      if (typeof v === 'number') {
        if (!Number.isFinite(v)) return fail(errs, 'finite_number', loc, MSG.finite_number);
        return v === 0 ? 0 : v;
      }
      if (typeof v !== 'string') return fail(errs, 'decimal_type', loc, MSG.decimal_type);
      const read = parseDecimalText(v);
      if (read === null) return fail(errs, 'decimal_parsing', loc, MSG.decimal_parsing);
      if (read === 'special') return fail(errs, 'finite_number', loc, MSG.finite_number);
      const out = Number(read.text);
      return out === 0 ? 0 : out;
    },
  };
}
