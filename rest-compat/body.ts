/**
 * How the legacy API read request bodies on validated endpoints (spec 90 §3). The legacy did
 * `request.get_json(silent=True) or {}` and then `Model(**data)`:
 *   - content type not JSON, missing, or malformed JSON          -> {}
 *   - JSON null, {}, [], "", 0, false (any falsy value)          -> {}
 *   - non-empty array, non-empty string, non-zero number, true   -> legacy 500;
 *     // legacy-difference: we answer 400 validation_error (`nonObjectBodyError()`)
 * Python's json module also accepts the literals NaN, Infinity and -Infinity; so do we (as JS numbers),
 * so that `{"quantity": NaN}` yields `finite_number` like the legacy rather than "malformed -> {}".
 */
import { ValidationError, type PydanticDetail } from './pydantic-errors';

export type LegacyBody = { ok: true; value: unknown } | { ok: false; reason: 'non_object' };

/** werkzeug `Request.is_json`: mimetype `application/json` or `application/*+json` (case-insensitive). */
export function isJsonContentType(contentType: string | null | undefined): boolean {
  if (!contentType) return false;
  const mime = contentType.split(';', 1)[0].trim().toLowerCase();
  return mime === 'application/json' || (mime.startsWith('application/') && mime.endsWith('+json'));
}

/** Python truthiness of a decoded JSON value. */
function pyTruthy(v: unknown): boolean {
  if (v === null || v === false) return false;
  if (typeof v === 'number') return v !== 0; // NaN is truthy in Python too
  if (typeof v === 'string') return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}

export function readLegacyBody(contentType: string | null, rawText: string): LegacyBody {
  if (!isJsonContentType(contentType)) return { ok: true, value: {} };
  const parsed = parsePythonJson(rawText);
  if (parsed === MALFORMED) return { ok: true, value: {} };
  if (!pyTruthy(parsed)) return { ok: true, value: {} };
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return { ok: true, value: parsed };
  return { ok: false, reason: 'non_object' };
}

/** The single detail we answer for a non-object JSON body (legacy: 500). */
export const NON_OBJECT_BODY_DETAIL: PydanticDetail = Object.freeze({
  type: 'dict_type',
  loc: [],
  msg: 'Input should be a valid dictionary',
}) as PydanticDetail;

// legacy-difference: non-object JSON bodies answered 500 in the legacy; we answer 400 validation_error.
export function nonObjectBodyError(): ValidationError {
  return new ValidationError([{ ...NON_OBJECT_BODY_DETAIL, loc: [] }]);
}

// ---------------------------------------------------------------------------------------------------
// JSON as Python's json.loads reads it
// ---------------------------------------------------------------------------------------------------

const MALFORMED: unique symbol = Symbol('malformed');

/** `JSON.parse`, falling back to a parser that also accepts NaN / Infinity / -Infinity. */
export function parsePythonJson(text: string): unknown | typeof MALFORMED {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // json.loads(bytes) drops a UTF-8 BOM
  try {
    return JSON.parse(t);
  } catch {
    if (!/NaN|Infinity/.test(t)) return MALFORMED;
    try {
      return new PyJsonParser(t).parseDocument();
    } catch {
      return MALFORMED;
    }
  }
}

export const isMalformed = (v: unknown): v is typeof MALFORMED => v === MALFORMED;

const NUMBER_RE = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

class PyJsonParser {
  private i = 0;
  constructor(private readonly s: string) {}

  parseDocument(): unknown {
    this.ws();
    const v = this.value();
    this.ws();
    if (this.i !== this.s.length) throw new SyntaxError('trailing data');
    return v;
  }

  private ws() {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i])) this.i++;
  }

  private lit(word: string): boolean {
    if (this.s.startsWith(word, this.i)) {
      this.i += word.length;
      return true;
    }
    return false;
  }

  private value(): unknown {
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (this.lit('true')) return true;
    if (this.lit('false')) return false;
    if (this.lit('null')) return null;
    if (this.lit('NaN')) return NaN;
    if (this.lit('Infinity')) return Infinity;
    if (this.lit('-Infinity')) return -Infinity;
    return this.number();
  }

  private number(): number {
    NUMBER_RE.lastIndex = this.i;
    const m = NUMBER_RE.exec(this.s);
    if (!m) throw new SyntaxError('bad value');
    this.i += m[0].length;
    return Number(m[0]);
  }

  private string(): string {
    // find the closing quote, honouring escapes, then let JSON.parse decode it
    let j = this.i + 1;
    while (j < this.s.length) {
      const ch = this.s[j];
      if (ch === '\\') j += 2;
      else if (ch === '"') break;
      else j++;
    }
    if (j >= this.s.length) throw new SyntaxError('unterminated string');
    const out = JSON.parse(this.s.slice(this.i, j + 1)) as string;
    this.i = j + 1;
    return out;
  }

  private array(): unknown[] {
    this.i++;
    const out: unknown[] = [];
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      out.push(this.value());
      this.ws();
      const c = this.s[this.i++];
      if (c === ']') return out;
      if (c !== ',') throw new SyntaxError('expected , or ]');
    }
  }

  private object(): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = {};
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') throw new SyntaxError('expected key');
      const k = this.string();
      this.ws();
      if (this.s[this.i++] !== ':') throw new SyntaxError('expected :');
      this.ws();
      const v = this.value();
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
      this.ws();
      const c = this.s[this.i++];
      if (c === '}') return out;
      if (c !== ',') throw new SyntaxError('expected , or }');
    }
  }
}
