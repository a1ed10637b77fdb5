// Decimal text as Python's `Decimal()` reads it (what the legacy server accepted for decimals, in bodies and in
// import files): white space around it, `_` between digits, any script's decimal digits, an exponent.
import { hasSpace, stripSpace } from './text';

/** An exact decimal: (neg ? -1 : 1) * coef * 10^exp. */
export interface Dec {
  neg: boolean;
  coef: bigint;
  exp: number;
}

const DEC_TEXT = /^([+-]?)(?:([0-9]+)(?:\.([0-9]*))?|\.([0-9]+))(?:[eE]([+-]?[0-9]+))?$/;
const DEC_SPECIAL = /^[+-]?(?:inf(?:inity)?|s?nan[0-9]*)$/i;

/** Any Unicode decimal digit as its ASCII digit (each script's digits are a run of ten). */
function asciiDigits(s: string): string {
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

/** The decimal a text spells (white space around it, `_` between digits, an exponent allowed); 'special' for NaN/Infinity. */
export function parseDecimalText(raw: string): { dec: Dec; text: string } | 'special' | null {
  let s = stripSpace(raw).replace(/_/g, '');
  // white space may surround the number, not stand inside it
  if (hasSpace(s)) return null;
  s = asciiDigits(s);
  if (DEC_SPECIAL.test(s)) return 'special';
  const m = DEC_TEXT.exec(s);
  if (!m) return null;
  const intPart = m[2] ?? '';
  const frac = m[3] ?? m[4] ?? '';
  const e = m[5] === undefined ? 0 : Number(m[5]);
  if (!Number.isFinite(e)) return null;
  const coef = BigInt((intPart + frac).replace(/^0+(?=.)/, '') || '0');
  const text = `${m[1] === '-' ? '-' : ''}${intPart || '0'}${frac ? '.' + frac : ''}${m[5] !== undefined ? 'e' + m[5] : ''}`;
  return { dec: { neg: m[1] === '-', coef, exp: e - frac.length }, text };
}
