/**
 * The cells of an import row (spec 70 §14): CSV text or JSON values, read as leniently as the import always read them
 * (an integer may come as "7", a decimal as "1.5"), each refused with the sentence its row error shows
 * (`quantity: Input should be a valid integer, unable to parse string as an integer`). The sentences are the import's
 * documented row errors, so they are written here, with the rules of each kind of cell.
 */
import { parseDecimalText, type Dec } from '../../shared/decimal-text';
import { codePointLength } from '../../shared/text';

/** A cell's value, or the sentence of its problem. */
export type Cell<T> = { value: T } | { problem: string };
/** Reads one cell (its value as sent: never undefined, maybe null). */
export type CellReader<T> = (v: unknown) => Cell<T>;

const ok = <T>(value: T): Cell<T> => ({ value });
const problem = (sentence: string): Cell<never> => ({ problem: sentence });

const plural = (n: number) => (n === 1 ? '' : 's');
const SAY = {
  greaterThan: (n: number) => `Input should be greater than ${n}`,
  greaterThanEqual: (n: number) => `Input should be greater than or equal to ${n}`,
  lessThanEqual: (n: number) => `Input should be less than or equal to ${n}`,
  finite: 'Input should be a finite number',
};

const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;

// ---------------------------------------------------------------------------------------------------
// text
// ---------------------------------------------------------------------------------------------------

/** A text cell: a string (no other type) of `min`..`max` characters (code points, as the column counts). */
export function textCell(opts: { min?: number; max?: number } = {}): CellReader<string> {
  return (v) => {
    if (typeof v !== 'string') return problem('Input should be a valid string');
    const len = codePointLength(v);
    if (opts.min !== undefined && len < opts.min) return problem(`String should have at least ${opts.min} character${plural(opts.min)}`);
    if (opts.max !== undefined && len > opts.max) return problem(`String should have at most ${opts.max} character${plural(opts.max)}`);
    return ok(v);
  };
}

// ---------------------------------------------------------------------------------------------------
// integer
// ---------------------------------------------------------------------------------------------------

/** White space trimmed around an integer's text (Unicode White_Space). */
const INT_SPACE = '\\t\\n\\x0b\\x0c\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const INT_TRIM = new RegExp(`^[${INT_SPACE}]+|[${INT_SPACE}]+$`, 'g');
/** Digits with an optional sign, `_` only between digits, an optional `.000…` suffix. */
const INT_TEXT = /^[+-]?[0-9]+(?:_[0-9]+)*(?:\.0+)?$/;

/** The whole number a text spells, 'size' when it is too long to read, or null when it spells none. */
function textToBigInt(s: string): bigint | 'size' | null {
  const t = s.replace(INT_TRIM, '');
  if (!INT_TEXT.test(t)) return null;
  if (t.length > 4300) return 'size';
  const dot = t.indexOf('.');
  return BigInt((dot >= 0 ? t.slice(0, dot) : t).replace(/_/g, ''));
}

/**
 * A whole-number cell: a JSON integer, a float without a fraction, a boolean (0 / 1) or integer text; bounds checked
 * in the order le, ge, gt, and always within the database's int.
 */
export function intCell(opts: { gt?: number; ge?: number; le?: number } = {}): CellReader<number> {
  return (v) => {
    let n: number;
    if (typeof v === 'boolean') n = v ? 1 : 0;
    else if (typeof v === 'number') {
      if (!Number.isFinite(v)) return problem(SAY.finite);
      if (!Number.isInteger(v)) return problem('Input should be a valid integer, got a number with a fractional part');
      n = v === 0 ? 0 : v;
    } else if (typeof v === 'string') {
      const b = textToBigInt(v);
      if (b === null) return problem('Input should be a valid integer, unable to parse string as an integer');
      if (b === 'size') return problem('Unable to parse input string as an integer, exceeded maximum size');
      n = b > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : b < BigInt(Number.MIN_SAFE_INTEGER) ? -Infinity : Number(b);
    } else return problem('Input should be a valid integer');
    if (opts.le !== undefined && n > opts.le) return problem(SAY.lessThanEqual(opts.le));
    if (n > INT32_MAX) return problem(SAY.lessThanEqual(INT32_MAX));
    if (opts.ge !== undefined && n < opts.ge) return problem(SAY.greaterThanEqual(opts.ge));
    if (opts.gt !== undefined && n <= opts.gt) return problem(SAY.greaterThan(opts.gt));
    if (n < INT32_MIN) return problem(SAY.greaterThanEqual(INT32_MIN));
    return ok(n);
  };
}

// ---------------------------------------------------------------------------------------------------
// decimal
// ---------------------------------------------------------------------------------------------------

/** The sign of (d - b) for a whole bound b, exactly. */
function compare(d: Dec, b: number): number {
  if (d.coef === 0n) return b === 0 ? 0 : b > 0 ? -1 : 1;
  const sign = d.neg ? -1 : 1;
  const mag = d.coef.toString().length + d.exp;
  if (mag > 40) return sign;
  if (mag < -40) return b === 0 ? sign : b > 0 ? -1 : 1;
  const scale = Math.max(0, -d.exp);
  const left = BigInt(sign) * d.coef * 10n ** BigInt(Math.max(0, d.exp));
  const right = BigInt(b) * 10n ** BigInt(scale);
  return left > right ? 1 : left < right ? -1 : 0;
}

/** A decimal cell: a JSON number or decimal text, compared exactly with its bounds (le, then ge). */
export function decimalCell(opts: { ge?: number; le?: number } = {}): CellReader<number> {
  return (v) => {
    let dec: Dec;
    let out: number;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return problem(SAY.finite);
      const r = parseDecimalText(String(v));
      if (r === null || r === 'special') return problem(SAY.finite);
      dec = r.dec;
      out = v;
    } else if (typeof v === 'string') {
      const r = parseDecimalText(v);
      if (r === null) return problem('Input should be a valid decimal');
      if (r === 'special') return problem(SAY.finite);
      dec = r.dec;
      out = Number(r.text);
    } else return problem('Decimal input should be an integer, float, string or Decimal object');
    if (opts.le !== undefined && compare(dec, opts.le) > 0) return problem(SAY.lessThanEqual(opts.le));
    if (opts.ge !== undefined && compare(dec, opts.ge) < 0) return problem(SAY.greaterThanEqual(opts.ge));
    // a decimal too large for a double (1e400) cannot be stored
    if (!Number.isFinite(out)) return problem(SAY.finite);
    return ok(out === 0 ? 0 : out);
  };
}
