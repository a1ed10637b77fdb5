/** The cell readers of the bulk import: the lenient reads and the sentences its row errors show (spec 70 §14). */
import { describe, expect, it } from 'vitest';
import { decimalCell, intCell, textCell, type Cell } from '../../src/admin/imports/import-cells';

const said = <T>(c: Cell<T>) => ('problem' in c ? c.problem : c.value);

describe('import cells', () => {
  it('text: strings only, lengths in code points', () => {
    const t = textCell({ min: 1, max: 3 });
    expect(said(t('abc'))).toBe('abc');
    expect(said(t('😀😀😀'))).toBe('😀😀😀');
    expect(said(t(''))).toBe('String should have at least 1 character');
    expect(said(t('abcd'))).toBe('String should have at most 3 characters');
    for (const v of [null, 5, true, {}]) expect(said(t(v)), String(v)).toBe('Input should be a valid string');
  });

  it('integer: numbers without a fraction, integer text, booleans; bounds le, ge, gt, then the int range', () => {
    const q = intCell({ gt: 0, le: 1000000 });
    for (const [v, out] of [[7, 7], ['  7 ', 7], ['1_000', 1000], ['3.00', 3], [true, 1], [2.0, 2]] as const) expect(said(q(v)), String(v)).toBe(out);
    expect(said(q('many'))).toBe('Input should be a valid integer, unable to parse string as an integer');
    expect(said(q(1.5))).toBe('Input should be a valid integer, got a number with a fractional part');
    expect(said(q(null))).toBe('Input should be a valid integer');
    expect(said(q(0))).toBe('Input should be greater than 0');
    expect(said(q(false))).toBe('Input should be greater than 0');
    expect(said(q(1000001))).toBe('Input should be less than or equal to 1000000');
    expect(said(q('9'.repeat(5000)))).toBe('Unable to parse input string as an integer, exceeded maximum size');
    const any = intCell({ ge: 0 });
    expect(said(any('99999999999'))).toBe('Input should be less than or equal to 2147483647');
    expect(said(any(-1))).toBe('Input should be greater than or equal to 0');
  });

  it('decimal: numbers and decimal text, compared exactly', () => {
    const w = decimalCell({ ge: 0, le: 99999 });
    for (const [v, out] of [[1.5, 1.5], [' 1_0.5 ', 10.5], ['99999', 99999], ['-0', 0], ['1e2', 100]] as const) expect(said(w(v)), String(v)).toBe(out);
    expect(said(w('abc'))).toBe('Input should be a valid decimal');
    expect(said(w('NaN'))).toBe('Input should be a finite number');
    expect(said(w(true))).toBe('Decimal input should be an integer, float, string or Decimal object');
    expect(said(w('99999.0001'))).toBe('Input should be less than or equal to 99999');
    expect(said(w(-0.0001))).toBe('Input should be greater than or equal to 0');
    expect(said(decimalCell()('1e400'))).toBe('Input should be a finite number');
  });
});
