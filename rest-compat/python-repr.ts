/**
 * The dashboard's `detail` text (rest-compat/routes/admin-catalog.ts): the audit details rendered like Python's
 * `str(dict)` (spec 70 §12): single-quoted strings, True/False/None, and keys in the order PostgreSQL's jsonb
 * stores them (shorter keys first, then byte order).
 */

const utf8Length = (s: string) => Buffer.byteLength(s, 'utf8');

/** jsonb key order: by length in bytes, then bytewise. */
export function jsonbKeyOrder(a: string, b: string): number {
  return utf8Length(a) - utf8Length(b) || Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Python `repr(str)`. */
export function pyStr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ESCAPES[ch]) out += ESCAPES[ch];
    else if (ch === quote) out += `\\${ch}`;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0x80 && code < 0xa0) out += `\\x${code.toString(16)}`;
    else out += ch;
  }
  return out + quote;
}

/** Python `repr(float)` for the values JSON can carry (exponent padded to two digits). */
function pyFloat(n: number): string {
  const s = String(n);
  if (/e/.test(s)) return s.replace(/e([+-])(\d)$/, 'e$10$2');
  return s;
}

/** Python `repr()` of a JSON value. */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : pyFloat(v);
  if (typeof v === 'string') return pyStr(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort(jsonbKeyOrder).map((k) => `${pyStr(k)}: ${pyRepr(o[k])}`).join(', ')}}`;
  }
  return pyStr(String(v));
}
