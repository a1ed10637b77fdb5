/**
 * Field builders reproducing pydantic v2 lax-mode validation (spec 90 §4–§6) on top of zod v4.
 *
 * Each builder returns a `PField`: a small descriptor holding an exact pydantic-style check. `body(shape)`
 * assembles a top-level schema as a real zod schema (`z.ZodType<Out>`), whose issues carry the pydantic
 * entry `{type, loc, msg}` in `params.pydantic`; `parseInput` (./errors) turns them into a
 * `ValidationError`. Every field is checked (errors of ALL fields are reported, in declaration order,
 * nested entries in array order); a model-level `refine` runs only when every field is valid.
 *
 * Behaviour was checked against pydantic 2.13 / pydantic-core 2.46 (see tests/unit/validation*.test.ts).
 *
 * Presence rules inside a body/model:
 *   - required field absent           -> `missing` / `Field required`
 *   - `optional(f)` absent             -> key omitted from the output (PUT handlers can tell "not sent")
 *   - `optional(f, dflt)` absent       -> `dflt` (deep-copied)
 *   - optional field given `null`      -> `null` (pydantic `Optional[...]`), unless `onNull` says otherwise
 *   - `alias(f, 'name')`               -> `name` is read only when the documented key is absent
 */
import { z } from 'zod';
import { PYDANTIC_PARAM, type Loc, type PydanticDetail } from './pydantic-errors';
import { codePointLength, stripSpace } from '../src/shared/text';

export type { Loc, PydanticDetail } from './pydantic-errors';

// ---------------------------------------------------------------------------------------------------
// Core types
// ---------------------------------------------------------------------------------------------------

const FAIL: unique symbol = Symbol('pydantic.fail');
type Fail = typeof FAIL;

type Check<T> = (value: unknown, loc: Loc, errs: PydanticDetail[]) => T | Fail;

type Absent<T> = { kind: 'missing' } | { kind: 'omit' } | { kind: 'default'; value: T };

/** A field descriptor. `Opt` = true when the key may be absent from the output. */
export interface PField<T, Opt extends boolean = boolean> {
  /** validates a value that is present (including `null`) */
  readonly check: Check<T>;
  /** what happens when the key (and every alias) is absent */
  readonly absent: Absent<T>;
  /** alternative input keys, consulted in order only when the documented key is absent */
  readonly aliases: readonly string[];
  /** phantom marker for the output typing */
  readonly _opt?: Opt;
  /** JSON Schema of the accepted value (documentation only: OpenAPI); never consulted by `check`. */
  readonly json?: JsonSchema;
}

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses) object; documentation metadata of a field. */
export type JsonSchema = { [keyword: string]: unknown };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a field of any value type (the shape's output type is inferred per key)
export type Shape = Record<string, PField<any, boolean>>;

type FieldOut<F> = F extends PField<infer T, boolean> ? T : never;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- matches a field of any value type
type OptKeys<S extends Shape> = { [K in keyof S]: S[K] extends PField<any, true> ? K : never }[keyof S];
type ReqKeys<S extends Shape> = Exclude<keyof S, OptKeys<S>>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
export type ShapeOut<S extends Shape> = Simplify<
  { [K in ReqKeys<S>]: FieldOut<S[K]> } & { [K in OptKeys<S>]?: FieldOut<S[K]> }
>;


function field<T>(check: Check<T>, json?: JsonSchema): PField<T, false> {
  return { check, absent: { kind: 'missing' }, aliases: [], json };
}

/** Drops undefined keywords (`{ minimum: undefined }`) so the documented schema stays clean. */
const clean = (o: JsonSchema): JsonSchema => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

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

// ---------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------

/** Rust `char::is_whitespace` (Unicode White_Space) — what pydantic-core trims around int strings. */
const RUST_WS = '\\t\\n\\x0b\\x0c\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
/** Python `str.isspace()` — what `str.strip()` and `Decimal()` strip. */
const PY_WS = '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const RUST_TRIM = new RegExp(`^[${RUST_WS}]+|[${RUST_WS}]+$`, 'g');
const PY_WS_ANY = new RegExp(`[${PY_WS}]`);

/** Python `str.strip()` with no argument (the core's white space set is Python's `str.isspace()`). */
export const pyStrip = stripSpace;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

const clone = <T>(v: T): T => (v === null || typeof v !== 'object' ? v : structuredClone(v));

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

export interface IntOpts {
  gt?: number;
  ge?: number;
  le?: number;
  /** Reject values outside the Postgres `int` range (default true). // legacy-difference: legacy 500 */
  int32?: boolean;
}

/**
 * pydantic `int` (lax): JSON integers, floats with zero fraction, integer strings, booleans.
 * Constraint order as pydantic-core: le, ge, gt. With `int32` (default), values above 2147483647 fail
 * `less_than_equal` and values below -2147483648 fail `greater_than_equal`.
 * // legacy-difference: the legacy accepted any integer and failed in the DB with a 500.
 */
export function int(opts: IntOpts = {}): PField<number, false> {
  const int32 = opts.int32 ?? true;
  const maximum = opts.le !== undefined ? Math.min(opts.le, int32 ? INT32_MAX : Infinity) : int32 ? INT32_MAX : undefined;
  const minimum = opts.ge !== undefined ? Math.max(opts.ge, int32 ? INT32_MIN : -Infinity) : opts.gt === undefined && int32 ? INT32_MIN : undefined;
  const json = clean({ type: 'integer', exclusiveMinimum: opts.gt, minimum, maximum });
  return field<number>((v, loc, errs) => {
    let n: number;
    if (typeof v === 'boolean') n = v ? 1 : 0;
    else if (typeof v === 'number') {
      if (!Number.isFinite(v)) return fail(errs, 'finite_number', loc, MSG.finite_number);
      if (!Number.isInteger(v)) return fail(errs, 'int_from_float', loc, MSG.int_from_float);
      n = v === 0 ? 0 : v; // drop -0
    } else if (typeof v === 'string') {
      const b = strToBigInt(v);
      if (b === null) return fail(errs, 'int_parsing', loc, MSG.int_parsing);
      if (b === 'size') return fail(errs, 'int_parsing_size', loc, MSG.int_parsing_size);
      // clamp huge values so the bound checks below see them as out of range
      n = b > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : b < BigInt(Number.MIN_SAFE_INTEGER) ? -Infinity : Number(b);
    } else return fail(errs, 'int_type', loc, MSG.int_type);

    if (opts.le !== undefined && n > opts.le) return fail(errs, 'less_than_equal', loc, MSG.less_than_equal(opts.le));
    if (int32 && n > INT32_MAX) return fail(errs, 'less_than_equal', loc, MSG.less_than_equal(INT32_MAX));
    if (opts.ge !== undefined && n < opts.ge)
      return fail(errs, 'greater_than_equal', loc, MSG.greater_than_equal(opts.ge));
    if (opts.gt !== undefined && n <= opts.gt) return fail(errs, 'greater_than', loc, MSG.greater_than(opts.gt));
    if (int32 && n < INT32_MIN) return fail(errs, 'greater_than_equal', loc, MSG.greater_than_equal(INT32_MIN));
    return n;
  }, json);
}

// ---------------------------------------------------------------------------------------------------
// str
// ---------------------------------------------------------------------------------------------------

export interface StrOpts {
  min?: number;
  max?: number;
  /** `str.strip()` the value after the length checks (login username) */
  trim?: boolean;
  /** strip after the length checks; blank -> `Value error, Field cannot be blank` (fulfill) */
  blankIsError?: boolean;
}

function strCheck(opts: StrOpts): Check<string> {
  return (v, loc, errs) => {
    if (typeof v !== 'string') return fail(errs, 'string_type', loc, MSG.string_type);
    if (opts.min !== undefined || opts.max !== undefined) {
      const len = codePointLength(v);
      if (opts.min !== undefined && len < opts.min)
        return fail(errs, 'string_too_short', loc, MSG.string_too_short(opts.min));
      if (opts.max !== undefined && len > opts.max)
        return fail(errs, 'string_too_long', loc, MSG.string_too_long(opts.max));
    }
    if (opts.blankIsError) {
      const s = pyStrip(v);
      if (s === '') return fail(errs, 'value_error', loc, MSG.value_error('Field cannot be blank'));
      return s;
    }
    return opts.trim ? pyStrip(v) : v;
  };
}

/** pydantic `str` with `min_length`/`max_length` (code points). JSON strings only. */
export function str(opts: StrOpts = {}): PField<string, false> {
  return field(strCheck(opts), clean({ type: 'string', minLength: opts.min, maxLength: opts.max }));
}

/**
 * A string restricted by a field validator (spec 90 §6 value_error rows). Length constraints (if any)
 * are checked first, then membership; failure -> `value_error` / `Value error, {message}`.
 * `caseInsensitive`: compare upper-cased and return the canonical (listed) value.
 */
export function enumStr<const V extends string>(
  values: readonly V[],
  message: string,
  opts: { min?: number; max?: number; caseInsensitive?: boolean } = {},
): PField<V, false> {
  const base = strCheck({ min: opts.min, max: opts.max });
  return field<V>((v, loc, errs) => {
    const s = base(v, loc, errs);
    if (s === FAIL) return FAIL;
    const hit = opts.caseInsensitive ? values.find((x) => x.toUpperCase() === s.toUpperCase()) : values.find((x) => x === s);
    if (hit === undefined) return fail(errs, 'value_error', loc, MSG.value_error(message));
    return hit;
  }, clean({
    type: 'string',
    enum: [...values],
    minLength: opts.min,
    maxLength: opts.max,
    description: opts.caseInsensitive ? 'case-insensitive' : undefined,
  }));
}

// ---------------------------------------------------------------------------------------------------
// bool
// ---------------------------------------------------------------------------------------------------

const TRUE_STR = new Set(['1', 't', 'y', 'on', 'yes', 'true']);
const FALSE_STR = new Set(['0', 'f', 'n', 'no', 'off', 'false']);
const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** pydantic `bool` (lax). Strings are not trimmed; matching is ASCII case-insensitive. Numbers: 0/1
 *  (also 0.0/1.0); other integral numbers -> bool_parsing; fractional/non-finite -> bool_type. */
export function bool(): PField<boolean, false> {
  return field<boolean>((v, loc, errs) => {
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
  }, { type: 'boolean' });
}

// ---------------------------------------------------------------------------------------------------
// decimal
// ---------------------------------------------------------------------------------------------------

interface Dec {
  neg: boolean;
  coef: bigint; // >= 0
  exp: number; // value = (neg ? -1 : 1) * coef * 10^exp
}

const DEC_NUM = /^([+-]?)(?:([0-9]+)(?:\.([0-9]*))?|\.([0-9]+))(?:[eE]([+-]?[0-9]+))?$/;
const DEC_SPECIAL = /^[+-]?(?:inf(?:inity)?|s?nan[0-9]*)$/i;

/** Unicode decimal digit (\p{Nd}) -> ASCII digit (Nd characters come in contiguous runs 0..9). */
function ndToAscii(s: string): string {
  return s.replace(/\p{Nd}/gu, (c) => {
    if (c >= '0' && c <= '9') return c;
    let cp = c.codePointAt(0)!;
    let k = 0;
    while (k < 10 && /\p{Nd}/u.test(String.fromCodePoint(cp - 1))) {
      cp--;
      k++;
    }
    return String(k % 10);
  });
}

/** Python `decimal.Decimal(str)`: returns the parsed value, 'special' (NaN/Infinity) or null. */
function parsePyDecimal(raw: string): { dec: Dec; text: string } | 'special' | null {
  let s = pyStrip(raw).replace(/_/g, '');
  if (PY_WS_ANY.test(s)) return null;
  s = ndToAscii(s);
  if (DEC_SPECIAL.test(s)) return 'special';
  const m = DEC_NUM.exec(s);
  if (!m) return null;
  const intPart = m[2] ?? '';
  const frac = m[3] ?? m[4] ?? '';
  const e = m[5] === undefined ? 0 : Number(m[5]);
  if (!Number.isFinite(e)) return null;
  const coef = BigInt((intPart + frac).replace(/^0+(?=.)/, '') || '0');
  const text = `${m[1] === '-' ? '-' : ''}${intPart || '0'}${frac ? '.' + frac : ''}${m[5] !== undefined ? 'e' + m[5] : ''}`;
  return { dec: { neg: m[1] === '-', coef, exp: e - frac.length }, text };
}

function numberToDec(n: number): Dec {
  // exact enough for constraint comparison: use the shortest repr (what Python's str(float) does)
  const r = parsePyDecimal(String(n));
  if (r === null || r === 'special') throw new Error('unreachable');
  return r.dec;
}

/** sign of (d - b) for an integer bound b, exact. */
function cmpDec(d: Dec, b: number): number {
  if (d.coef === 0n) return b === 0 ? 0 : b > 0 ? -1 : 1;
  const sign = d.neg ? -1 : 1;
  const mag = d.coef.toString().length + d.exp; // |d| in [10^(mag-1), 10^mag)
  if (mag > 40) return sign; // far beyond any bound we use
  if (mag < -40) return b === 0 ? sign : b > 0 ? -1 : 1; // tiny non-zero
  const scale = Math.max(0, -d.exp);
  const left = BigInt(sign) * d.coef * 10n ** BigInt(Math.max(0, d.exp));
  const right = BigInt(b) * 10n ** BigInt(scale);
  return left > right ? 1 : left < right ? -1 : 0;
}

export interface DecimalOpts {
  ge?: number;
  le?: number;
}

/**
 * pydantic `Decimal` (lax): numbers and numeric strings (Python `Decimal()` syntax: whitespace stripped,
 * `_` ignored, Unicode digits, exponent). NaN/Infinity -> finite_number; other strings ->
 * decimal_parsing; bool/null/array/object -> decimal_type. Constraints are compared exactly (le, ge).
 * Returns a JS number.
 */
export function decimal(opts: DecimalOpts = {}): PField<number, false> {
  return field<number>((v, loc, errs) => {
    let dec: Dec;
    let out: number;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return fail(errs, 'finite_number', loc, MSG.finite_number);
      dec = numberToDec(v);
      out = v;
    } else if (typeof v === 'string') {
      const r = parsePyDecimal(v);
      if (r === null) return fail(errs, 'decimal_parsing', loc, MSG.decimal_parsing);
      if (r === 'special') return fail(errs, 'finite_number', loc, MSG.finite_number);
      dec = r.dec;
      out = Number(r.text);
    } else return fail(errs, 'decimal_type', loc, MSG.decimal_type);
    if (opts.le !== undefined && cmpDec(dec, opts.le) > 0)
      return fail(errs, 'less_than_equal', loc, MSG.less_than_equal(opts.le));
    if (opts.ge !== undefined && cmpDec(dec, opts.ge) < 0)
      return fail(errs, 'greater_than_equal', loc, MSG.greater_than_equal(opts.ge));
    // legacy-difference: a finite decimal too large for a double (e.g. "1e400" unit_cost) reached the DB
    // and failed with a 500; we answer finite_number.
    if (!Number.isFinite(out)) return fail(errs, 'finite_number', loc, MSG.finite_number);
    return out === 0 ? 0 : out;
  }, {
    anyOf: [clean({ type: 'number', minimum: opts.ge, maximum: opts.le }), { type: 'string', description: 'a decimal number' }],
  });
}

// ---------------------------------------------------------------------------------------------------
// containers
// ---------------------------------------------------------------------------------------------------

/** pydantic `list[entry]` with optional `min_length`. Non-arrays -> list_type. */
export function list<T>(entry: PField<T, boolean>, opts: { min?: number } = {}): PField<T[], false> {
  return field<T[]>((v, loc, errs) => {
    if (!Array.isArray(v)) return fail(errs, 'list_type', loc, MSG.list_type);
    const out: T[] = [];
    let bad = false;
    v.forEach((item, i) => {
      const r = entry.check(item, [...loc, i], errs);
      if (r === FAIL) bad = true;
      else out.push(r);
    });
    if (bad) return FAIL;
    if (opts.min !== undefined && out.length < opts.min)
      return fail(errs, 'too_short', loc, MSG.list_too_short(opts.min, out.length));
    return out;
  }, clean({ type: 'array', items: describeField(entry), minItems: opts.min }));
}

/**
 * pydantic `dict[str, str]` with optional `min_length`. Non-objects -> dict_type; a non-string value ->
 * string_type at [field, key]; with `keyMax`, a longer key -> string_too_long at [field, key, "[key]"]
 * (reported before that key's value error, as pydantic does).
 * Note: JS objects list integer-like keys first, so error order differs from Python for such keys.
 */
export function strMap(opts: { min?: number; keyMax?: number } = {}): PField<Record<string, string>, false> {
  return field<Record<string, string>>((v, loc, errs) => {
    if (!isPlainObject(v)) return fail(errs, 'dict_type', loc, MSG.dict_type);
    const entries: [string, string][] = [];
    let bad = false;
    for (const [k, val] of Object.entries(v)) {
      if (opts.keyMax !== undefined && codePointLength(k) > opts.keyMax) {
        fail(errs, 'string_too_long', [...loc, k, '[key]'], MSG.string_too_long(opts.keyMax));
        bad = true;
      }
      if (typeof val !== 'string') {
        fail(errs, 'string_type', [...loc, k], MSG.string_type);
        bad = true;
      } else entries.push([k, val]);
    }
    if (bad) return FAIL;
    if (opts.min !== undefined && entries.length < opts.min)
      return fail(errs, 'too_short', loc, MSG.dict_too_short(opts.min, entries.length));
    return Object.fromEntries(entries); // fromEntries defines own props: "__proto__" stays a plain key
  }, clean({
    type: 'object',
    additionalProperties: { type: 'string' },
    minProperties: opts.min,
    propertyNames: opts.keyMax !== undefined ? { maxLength: opts.keyMax } : undefined,
  }));
}

/** Validates every field of `shape` against `obj` (a plain object); collects errors in declaration order. */
function runShape(shape: Shape, obj: Record<string, unknown>, loc: Loc, errs: PydanticDetail[]): Record<string, unknown> | Fail {
  const out: Record<string, unknown> = {};
  let bad = false;
  for (const [key, f] of Object.entries(shape)) {
    let inputKey: string | undefined = hasOwn(obj, key) ? key : undefined;
    if (inputKey === undefined) inputKey = f.aliases.find((a) => hasOwn(obj, a));
    if (inputKey === undefined) {
      if (f.absent.kind === 'missing') {
        fail(errs, 'missing', [...loc, key], MSG.missing);
        bad = true;
      } else if (f.absent.kind === 'default') out[key] = clone(f.absent.value);
      continue;
    }
    const r = f.check(obj[inputKey], [...loc, inputKey], errs);
    if (r === FAIL) bad = true;
    else if (r !== OMIT) out[key] = r;
  }
  return bad ? FAIL : out;
}

/**
 * A nested model used as an array element (`ReceiveItemEntry`, `POLineEntry`, ...). Non-objects ->
 * model_type `Input should be a valid dictionary or instance of {entryName}`.
 */
export function model<S extends Shape>(entryName: string, shape: S): PField<ShapeOut<S>, false> {
  return field<ShapeOut<S>>((v, loc, errs) => {
    if (!isPlainObject(v)) return fail(errs, 'model_type', loc, MSG.model_type(entryName));
    return runShape(shape, v, loc, errs) as ShapeOut<S> | Fail;
  }, { title: entryName, ...describeShape(shape) });
}

// ---------------------------------------------------------------------------------------------------
// optional / alias
// ---------------------------------------------------------------------------------------------------

/** internal sentinel: "treat as absent" (onNull: 'absent') */
const OMIT: unique symbol = Symbol('pydantic.omit');

export type OnNull = 'null' | 'default' | 'absent';

/**
 * `Optional[T] = default`. Absent -> `dflt` (or key omitted when no default). `null` -> `null`
 * (pydantic), or with `onNull`: 'default' -> the default value, 'absent' -> as if the key was not sent.
 */
export function optional<T>(f: PField<T, boolean>): PField<T | null, true>;
export function optional<T>(f: PField<T, boolean>, dflt: undefined, opts: { onNull: 'absent' }): PField<T, true>;
export function optional<T>(f: PField<T, boolean>, dflt: T, opts: { onNull: 'default' }): PField<T, false>;
export function optional<T>(f: PField<T, boolean>, dflt: T, opts?: { onNull?: OnNull }): PField<T | null, false>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the implementation of the overloads above, whose signatures carry the types
export function optional<T>(f: PField<T, boolean>, dflt?: T, opts: { onNull?: OnNull } = {}): PField<any, boolean> {
  const onNull = opts.onNull ?? 'null';
  const check: Check<unknown> = (v, loc, errs) => {
    if (v === null) {
      if (onNull === 'default' && dflt !== undefined) return clone(dflt);
      if (onNull === 'absent') return dflt !== undefined ? clone(dflt) : (OMIT as unknown);
      return null;
    }
    return f.check(v, loc, errs);
  };
  const inner = describeField(f);
  return {
    check,
    absent: dflt === undefined ? { kind: 'omit' } : { kind: 'default', value: dflt },
    aliases: f.aliases,
    // null is accepted (-> null, the default or "not sent", as onNull says)
    json: clean({ anyOf: [inner, { type: 'null' }], default: dflt === undefined ? undefined : clone(dflt) }),
  };
}

/** Accept `names` as alternative input keys, consulted (in order) only when the documented key is absent.
 *  Errors on an aliased value are reported at the alias actually sent (as pydantic AliasChoices does). */
export function alias<T, O extends boolean>(f: PField<T, O>, ...names: string[]): PField<T, O> {
  return { ...f, aliases: [...f.aliases, ...names] };
}

// ---------------------------------------------------------------------------------------------------
// body
// ---------------------------------------------------------------------------------------------------

export interface BodyOpts<Out> {
  /**
   * Model-level rule (pydantic `model_validator(mode="after")`): runs only when every field is valid;
   * return an error message (rendered `Value error, {message}` at loc []) or null/undefined.
   */
  refine?: (value: Out) => string | null | undefined;
}

export type BodySchema<Out> = z.ZodType<Out, unknown> & { readonly pydanticShape: Shape };

/** Validates a raw (JS) value with the exact pydantic semantics; returns the value or the details. */
export function validateShape<S extends Shape>(
  shape: S,
  raw: unknown,
  opts: BodyOpts<ShapeOut<S>> = {},
): { ok: true; value: ShapeOut<S> } | { ok: false; details: PydanticDetail[] } {
  const errs: PydanticDetail[] = [];
  if (!isPlainObject(raw)) {
    fail(errs, 'dict_type', [], MSG.dict_type);
    return { ok: false, details: errs };
  }
  const out = runShape(shape, raw, [], errs);
  if (out === FAIL) return { ok: false, details: errs };
  const value = out as ShapeOut<S>;
  const problem = opts.refine?.(value);
  if (problem) return { ok: false, details: [{ type: 'value_error', loc: [], msg: MSG.value_error(problem) }] };
  return { ok: true, value };
}

/**
 * Top-level request body schema (a zod schema). Parse with `parseInput(schema, raw)`. A non-object input
 * yields a single `dict_type` entry at loc [] (REST bodies are normalised by `readLegacyBody` first).
 */
export function body<S extends Shape>(shape: S, opts: BodyOpts<ShapeOut<S>> = {}): BodySchema<ShapeOut<S>> {
  const schema = z.unknown().transform((raw, ctx) => {
    const r = validateShape(shape, raw, opts);
    if (r.ok) return r.value;
    for (const d of r.details) {
      ctx.addIssue({ code: 'custom', message: d.msg, path: d.loc, input: raw, params: { [PYDANTIC_PARAM]: d } });
    }
    return z.NEVER;
  });
  return Object.assign(schema, { pydanticShape: shape }) as unknown as BodySchema<ShapeOut<S>>;
}

/** A standalone zod schema for one field (e.g. a GraphQL argument), loc relative to `locPrefix`. */
export function fieldSchema<T>(f: PField<T, boolean>, locPrefix: Loc = []): z.ZodType<T, unknown> {
  return z.unknown().transform((raw, ctx) => {
    const errs: PydanticDetail[] = [];
    const r = raw === undefined && f.absent.kind !== 'missing'
      ? (f.absent.kind === 'default' ? clone(f.absent.value) : undefined)
      : raw === undefined
        ? fail(errs, 'missing', locPrefix, MSG.missing)
        : f.check(raw, locPrefix, errs);
    if (r === OMIT) return undefined as T;
    if (r !== FAIL) return r as T;
    for (const d of errs) {
      ctx.addIssue({ code: 'custom', message: d.msg, path: d.loc, input: raw, params: { [PYDANTIC_PARAM]: d } });
    }
    return z.NEVER;
  }) as unknown as z.ZodType<T, unknown>;
}

// ---------------------------------------------------------------------------------------------------
// JSON Schema (documentation: the OpenAPI document of the REST layer)
// ---------------------------------------------------------------------------------------------------

/** The JSON Schema of one field (`{}` = any value, for a field built without metadata). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a field of any value type
export function describeField(f: PField<any, boolean>): JsonSchema {
  const json: JsonSchema = f.json ? structuredClone(f.json) : {};
  if (f.aliases.length > 0) json['x-aliases'] = [...f.aliases];
  return json;
}

/**
 * The JSON Schema of a shape: an object whose required keys are the fields without a default that may
 * not be absent. Unknown keys are accepted (and ignored) as by pydantic, so `additionalProperties` stays open.
 */
export function describeShape(shape: Shape): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [key, f] of Object.entries(shape)) {
    properties[key] = describeField(f);
    if (f.absent.kind === 'missing') required.push(key);
  }
  return clean({ type: 'object', properties, required: required.length > 0 ? required : undefined });
}

/** The JSON Schema of a `body(...)` schema, or undefined when `schema` was not built with `body`. */
export function describeBody(schema: unknown): JsonSchema | undefined {
  const shape = (schema as { pydanticShape?: Shape } | null)?.pydanticShape;
  return shape ? describeShape(shape) : undefined;
}
