/**
 * The legacy body read of a route whose operation takes the core's camelCase `input` (one zod schema in
 * `src/<module>/<module>.inputs.ts`, the only definition of its rules).
 *
 * The adapter reads what only the legacy face has: the snake_case keys and their aliases, and pydantic's lax types
 * ("5" for an int, "true" for a bool, a decimal in a string). What it reads becomes the GraphQL `input`; the core
 * checks the rules (bounds, lengths, cross-field rules) and answers its problems as userErrors (a query: a top-level
 * BAD_USER_INPUT with `extensions.problems`), which `render` turns into pydantic's details at the legacy `loc`.
 *
 * One check stays here: the types. A GraphQL variable must have its type, so a value that is not an int, a string,
 * a list ... (or an int beyond GraphQL's 32 bits) is refused before the operation runs. pydantic lists such errors
 * together with the rule errors of the other fields, in field order, so on that path alone the adapter also runs the
 * core's schema over what it could read and merges its problems in; the rules themselves are never written here.
 */
import { z } from 'zod';
import type { InputIssue, InputProblem } from '../src/errors';
import { inputProblems } from '../src/graphql/inputs';
import { toSnake } from './case';
import { bool, decimal, int, INT32_MAX, INT32_MIN, MSG, str, type JsonSchema, type Loc, type PydanticDetail, type TypeCheck } from './pydantic';
import { ValidationError } from './pydantic-errors';

type Path = readonly (string | number)[];

/** What the adapter needs to know of one field of the core schema. */
type Node = { optional: boolean; nullable: boolean } & (
  | { kind: 'int' | 'decimal' | 'string' | 'boolean' | 'any' }
  | { kind: 'enum'; values: string[] }
  | { kind: 'array'; element: Node }
  | { kind: 'record'; value: Node }
  | { kind: 'object'; fields: [string, Node][] }
);

export interface LegacyInputOptions {
  /** The legacy key of a field when it is not the snake_case of its name, by dotted path (`items.itemId`, no list indexes). */
  keys?: Record<string, string>;
  /** Further keys the legacy accepted for a field, read only when its key is absent (pydantic AliasChoices). */
  aliases?: Record<string, string[]>;
  /** The pydantic model name of a nested object, by dotted path (its `model_type` message names it). */
  models?: Record<string, string>;
  /**
   * How the legacy read a field of a closed set (a GraphQL enum), by dotted path: its length bounds, checked before
   * the value (pydantic's `constr` before the field validator), and whether any case was accepted.
   */
  enums?: Record<string, { min?: number; max?: number; caseInsensitive?: boolean }>;
  /**
   * Rewrites what was read before the core sees it: legacy forms of a value the core takes stricter (a day with a
   * time part). `failed`: some value failed its type, so the core's problems are about to join those errors.
   */
  prepare?: (input: Record<string, unknown>, failed: boolean) => Record<string, unknown>;
}

/** The zod definition fields this module reads (zod 4 keeps them on `def`). */
interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  entries?: Record<string, string>;
  format?: string;
  checks?: { _zod: { def: { check: string; format?: string } } }[];
}
const defOf = (s: z.ZodType) => (s as unknown as { def: Def }).def;

const isIntSchema = (d: Def) =>
  d.format === 'safeint' || d.format === 'int32' || (d.checks ?? []).some((c) => c._zod.def.check === 'number_format' && /int/.test(c._zod.def.format ?? ''));

function describe(schema: z.ZodType): Node {
  let s = schema;
  // may be absent (optional, a default); may be null (nullable: the legacy's `Optional[...]`, a GraphQL null)
  let optional = false;
  let nullable = false;
  for (;;) {
    const d = defOf(s);
    if (d.type === 'optional' || d.type === 'default' || d.type === 'prefault') {
      optional = true;
      s = d.innerType!;
    } else if (d.type === 'nullable') {
      optional = true;
      nullable = true;
      s = d.innerType!;
    } else if (d.type === 'pipe') s = d.in!;
    else break;
  }
  const d = defOf(s);
  const presence = { optional, nullable };
  switch (d.type) {
    case 'number':
      return { kind: isIntSchema(d) ? 'int' : 'decimal', ...presence };
    case 'string':
      return { kind: 'string', ...presence };
    case 'enum':
      return { kind: 'enum', values: Object.values(d.entries!), ...presence };
    case 'boolean':
      return { kind: 'boolean', ...presence };
    case 'array':
      return { kind: 'array', element: describe(d.element!), ...presence };
    case 'record':
      return { kind: 'record', value: describe(d.valueType!), ...presence };
    case 'object':
      return { kind: 'object', fields: Object.entries(d.shape!).map(([k, v]) => [k, describe(v)]), ...presence };
    default:
      return { kind: 'any', ...presence };
  }
}

const keyOf = (path: Path) => path.map(String).join('\u0000');
const dotted = (path: Path) => path.filter((p) => typeof p === 'string').join('.');
const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// The pydantic type checks, without bounds (the core's).
const TYPE_CHECKS: Record<'int' | 'decimal' | 'string' | 'boolean', TypeCheck<unknown>> = {
  int: int(),
  decimal: decimal(),
  string: str(),
  boolean: bool(),
};

/** A legacy body read into the core's input, with what rendering its problems needs. */
export class LegacyRead {
  readonly value: Record<string, unknown> = {};
  private readonly locs = new Map<string, Loc>();
  private readonly order = new Map<string, number>();
  private readonly lengths = new Map<string, number>();
  /** The entries of maps whose keys are data: a length bound there is the key's (pydantic's loc `[..., key, "[key]"]`). */
  private readonly mapEntries = new Set<string>();
  /** Type errors (pydantic details) by the order of their field. */
  readonly typeErrors: { seq: number; path: Path; detail: PydanticDetail }[] = [];
  /**
   * Values GraphQL cannot carry whose detail the core may give: ints beyond 32 bits (unless the core finds a bound of
   * its own broken, their detail here) and values outside a closed set (the core's rule names the set).
   */
  readonly pending: { seq: number; path: Path; detail: PydanticDetail }[] = [];

  constructor(private readonly legacyNames: Map<string, string>) {}

  note(path: Path, loc: Loc): number {
    const seq = this.order.size;
    this.locs.set(keyOf(path), loc);
    this.order.set(keyOf(path), seq);
    return seq;
  }

  noteLength(path: Path, n: number) {
    this.lengths.set(keyOf(path), n);
  }

  noteMapEntry(path: Path) {
    this.mapEntries.add(keyOf(path));
  }

  /** The legacy `loc` of a camelCase field path (relative to the input). */
  locOf(path: Path): Loc {
    return this.locs.get(keyOf(path)) ?? path.map((p) => (typeof p === 'number' ? p : /^\d+$/.test(p) ? Number(p) : toSnake(p)));
  }

  /** The order of a problem: a map key's comes before its value's (pydantic checks the key first). */
  problemSeq(path: Path, issue: InputIssue): number {
    return this.seqOf(path) - (this.isKeyProblem(path, issue) ? 0.25 : 0);
  }

  /** Whether a problem is a length bound of a map key (its detail is at `[..., key, "[key]"]`). */
  isKeyProblem(path: Path, issue: InputIssue): boolean {
    return this.mapEntries.has(keyOf(path)) && (issue.kind === 'TOO_SMALL' || issue.kind === 'TOO_BIG') && issue.origin === 'string';
  }

  seqOf(path: Path): number {
    for (let n = path.length; n >= 0; n--) {
      const seq = this.order.get(keyOf(path.slice(0, n)));
      if (seq !== undefined) return seq + (n < path.length ? 0.5 : 0);
    }
    return -1;
  }

  /** A core problem (field path relative to the input) as pydantic's detail at the legacy loc. */
  detailOf(path: Path, message: string, issue: InputIssue): PydanticDetail {
    const loc = this.locOf(path);
    switch (issue.kind) {
      case 'TOO_SMALL':
      case 'TOO_BIG': {
        const n = issue.limit;
        if (issue.origin === 'string') {
          const at = this.mapEntries.has(keyOf(path)) ? [...loc, '[key]'] : loc;
          return issue.kind === 'TOO_SMALL'
            ? { type: 'string_too_short', loc: at, msg: MSG.string_too_short(n) }
            : { type: 'string_too_long', loc: at, msg: MSG.string_too_long(n) };
        }
        if (issue.origin === 'array') {
          const actual = this.lengths.get(keyOf(path)) ?? 0;
          return issue.kind === 'TOO_SMALL'
            ? { type: 'too_short', loc, msg: MSG.list_too_short(n, actual) }
            : { type: 'too_long', loc, msg: `List should have at most ${n} item${n === 1 ? '' : 's'} after validation, not ${actual}` };
        }
        if (issue.origin === 'object') {
          const actual = this.lengths.get(keyOf(path)) ?? 0;
          return issue.kind === 'TOO_SMALL'
            ? { type: 'too_short', loc, msg: MSG.dict_too_short(n, actual) }
            : { type: 'too_long', loc, msg: `Dictionary should have at most ${n} item${n === 1 ? '' : 's'} after validation, not ${actual}` };
        }
        if (issue.kind === 'TOO_SMALL') {
          return issue.inclusive
            ? { type: 'greater_than_equal', loc, msg: MSG.greater_than_equal(n) }
            : { type: 'greater_than', loc, msg: MSG.greater_than(n) };
        }
        return issue.inclusive
          ? { type: 'less_than_equal', loc, msg: MSG.less_than_equal(n) }
          : { type: 'less_than', loc, msg: `Input should be less than ${n}` };
      }
      default:
        // a rule of the core: pydantic's field and model validators raised ValueError with the same sentence
        return { type: 'value_error', loc, msg: MSG.value_error(this.legacyWords(message)) };
    }
  }

  /** A core sentence names fields by their camelCase names; the legacy one by its keys. */
  private legacyWords(message: string): string {
    return message.replace(/\b[a-z]+(?:[A-Z][a-z0-9]*)+\b/g, (w) => this.legacyNames.get(w) ?? w);
  }

  /** pydantic's details of the core's problems (field paths from the argument: `['input', ...]`), in field order. */
  render(problems: readonly { field: readonly (string | number)[] | null; message: string; issue: InputIssue }[]): PydanticDetail[] {
    const rows = problems.map((p) => {
      const path = (p.field ?? ['input']).slice(1);
      return { seq: this.problemSeq(path, p.issue), detail: this.detailOf(path, p.message, p.issue) };
    });
    return firstPerLoc(rows);
  }
}

/** pydantic reports one error per field, the first; rows sorted by field order. */
function firstPerLoc(rows: { seq: number; detail: PydanticDetail }[]): PydanticDetail[] {
  const seen = new Set<string>();
  const out: PydanticDetail[] = [];
  for (const r of [...rows].sort((a, b) => a.seq - b.seq)) {
    const k = keyOf(r.detail.loc);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(r.detail);
  }
  return out;
}

const FAILED = Symbol('failed');

/** A value of a node's type, standing in for one that failed it. */
function standIn(node: Node): unknown {
  switch (node.kind) {
    case 'int':
    case 'decimal':
      return 0;
    case 'boolean':
      return false;
    case 'string':
      return '';
    case 'enum':
      return node.values[0];
    case 'array':
      return [];
    case 'record':
    case 'object':
      return {};
    default:
      return null;
  }
}

/** The legacy read of one route's body into the core input `schema`. */
export class LegacyInput {
  private readonly root: Node & { kind: 'object' };
  private readonly legacyNames = new Map<string, string>();

  constructor(readonly schema: z.ZodType, private readonly opts: LegacyInputOptions = {}) {
    const root = describe(schema);
    if (root.kind !== 'object') throw new Error('a legacy input reads an object schema');
    this.root = root;
    const collect = (node: Node, path: string[]) => {
      if (node.kind === 'array') collect(node.element, path);
      if (node.kind !== 'object') return;
      for (const [name, child] of node.fields) {
        const p = [...path, name];
        this.legacyNames.set(name, this.keyFor(p));
        collect(child, p);
      }
    };
    collect(root, []);
  }

  private keyFor(path: Path): string {
    return this.opts.keys?.[dotted(path)] ?? toSnake(String(path[path.length - 1]));
  }

  /** The JSON Schema of the legacy body (the OpenAPI document): the core's bounds under the legacy keys. */
  jsonSchema(): JsonSchema {
    const { $schema: _drop, ...core } = z.toJSONSchema(this.schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    return this.legacySchema(this.root, core, []);
  }

  private legacySchema(node: Node, json: JsonSchema, path: Path): JsonSchema {
    const branches = json.anyOf as JsonSchema[] | undefined;
    if (branches) return { ...json, anyOf: branches.map((b) => (b.type === 'null' ? b : this.legacySchema(node, b, path))) };
    if (node.kind === 'array' && json.items) return { ...json, items: this.legacySchema(node.element, json.items as JsonSchema, path) };
    if (node.kind !== 'object') return json;
    const props = (json.properties ?? {}) as Record<string, JsonSchema>;
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const [name, child] of node.fields) {
      const p = [...path, name];
      const key = this.keyFor(p);
      const aliases = this.opts.aliases?.[dotted(p)];
      properties[key] = { ...this.legacySchema(child, props[name] ?? {}, p), ...(aliases?.length ? { 'x-aliases': aliases } : {}) };
      if (!child.optional) required.push(key);
    }
    const title = this.modelName(path);
    return {
      ...(title && path.length > 0 ? { title } : {}),
      type: 'object',
      properties,
      ...(required.length > 0 ? { required } : {}),
    };
  }

  /** The model name of a nested object (`model_type` names it). */
  private modelName(path: Path): string | undefined {
    return this.opts.models?.[dotted(path)];
  }

  /**
   * Reads a body (a plain object: `readLegacyBody` made it one) into the core input. Throws the legacy validation
   * error when a value has not the type of its field; the rules are the core's.
   */
  read(body: unknown): LegacyRead {
    if (!isPlainObject(body)) throw new ValidationError([{ type: 'dict_type', loc: [], msg: MSG.dict_type }]);
    const read = new LegacyRead(this.legacyNames);
    const out = this.readObject(this.root, body, [], [], read);
    const failed = read.typeErrors.length > 0 || read.pending.length > 0;
    Object.assign(read.value, this.opts.prepare ? this.opts.prepare(out, failed) : out);
    if (!failed) return read;
    throw new ValidationError(this.typeFailure(read));
  }

  /** The details of a body with type errors: those, and the core's problems of the fields that were read. */
  private typeFailure(read: LegacyRead): PydanticDetail[] {
    const failed = read.typeErrors.map((e) => keyOf(e.path));
    const related = (path: Path) => {
      const k = keyOf(path);
      return failed.some((f) => f === k || f.startsWith(k === '' ? '' : k + '\u0000') || k.startsWith(f + '\u0000'));
    };
    const problems = (inputProblems(this.schema, read.value, []) ?? []).filter(
      (p: InputProblem) => p.issue.kind !== 'INVALID_TYPE' && (read.isKeyProblem(p.field, p.issue) || !related(p.field)),
    );
    const rows = problems.map((p) => ({ seq: read.problemSeq(p.field, p.issue), detail: read.detailOf(p.field, p.message, p.issue) }));
    // a value's own problems replace its pending detail (a key's bound is the key's, not its value's)
    const ruled = new Set(problems.filter((p) => !read.isKeyProblem(p.field, p.issue)).map((p) => keyOf(p.field)));
    const pending = read.pending.filter((r) => !ruled.has(keyOf(r.path)));
    return firstPerLoc([...read.typeErrors, ...pending, ...rows]);
  }

  private readObject(node: Node & { kind: 'object' }, obj: Record<string, unknown>, loc: Loc, path: Path, read: LegacyRead): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, child] of node.fields) {
      const p = [...path, name];
      const key = this.keyFor(p);
      const sent = hasOwn(obj, key) ? key : this.opts.aliases?.[dotted(p)]?.find((a) => hasOwn(obj, a));
      const at = [...loc, sent ?? key];
      const seq = read.note(p, at);
      if (sent === undefined) {
        if (!child.optional) read.typeErrors.push({ seq, path: p, detail: { type: 'missing', loc: at, msg: MSG.missing } });
        continue;
      }
      const v = obj[sent];
      // null where the core takes no null (a field that may only be left out) is the type error of its value
      if (v === null && child.nullable) {
        out[name] = null;
        continue;
      }
      const r = this.readValue(child, v, at, p, seq, read);
      if (r !== FAILED) out[name] = r;
    }
    return out;
  }

  private readValue(node: Node, v: unknown, loc: Loc, path: Path, seq: number, read: LegacyRead): unknown {
    const typeError = (detail: PydanticDetail) => {
      read.typeErrors.push({ seq, path, detail });
      return FAILED;
    };
    switch (node.kind) {
      case 'any':
        return v;
      case 'array': {
        if (!Array.isArray(v)) return typeError({ type: 'list_type', loc, msg: MSG.list_type });
        read.noteLength(path, v.length);
        // a failed element keeps its place (undefined), so the core's problems keep their indexes
        return v.map((e, i) => {
          const p = [...path, i];
          const at = [...loc, i];
          const s = read.note(p, at);
          const r = this.readValue(node.element, e, at, p, s, read);
          return r === FAILED ? undefined : r;
        });
      }
      case 'record': {
        if (!isPlainObject(v)) return typeError({ type: 'dict_type', loc, msg: MSG.dict_type });
        const entries = Object.entries(v);
        read.noteLength(path, entries.length);
        const out: [string, unknown][] = [];
        for (const [k, e] of entries) {
          const p = [...path, k];
          const at = [...loc, k];
          read.noteMapEntry(p);
          const r = this.readValue(node.value, e, at, p, read.note(p, at), read);
          // the key of a failed value still meets the core's key rules (pydantic reports both): it goes on with a
          // stand-in value of its type, whose own problems are the type error's
          out.push([k, r === FAILED ? standIn(node.value) : r]);
        }
        return Object.fromEntries(out);
      }
      case 'enum': {
        const errs: PydanticDetail[] = [];
        const text = TYPE_CHECKS.string.check(v, loc, errs) as string;
        if (errs.length > 0) return typeError(errs[0]);
        const rule = this.opts.enums?.[dotted(path)] ?? {};
        const len = [...text].length;
        if (rule.min !== undefined && len < rule.min) return typeError({ type: 'string_too_short', loc, msg: MSG.string_too_short(rule.min) });
        if (rule.max !== undefined && len > rule.max) return typeError({ type: 'string_too_long', loc, msg: MSG.string_too_long(rule.max) });
        const hit = node.values.find((x) => (rule.caseInsensitive ? x.toUpperCase() === text.toUpperCase() : x === text));
        if (hit !== undefined) return hit;
        read.pending.push({ seq, path, detail: { type: 'value_error', loc, msg: MSG.value_error(`Input should be one of ${node.values.join(', ')}`) } });
        return text;
      }
      case 'object': {
        if (!isPlainObject(v)) {
          const name = this.modelName(path);
          return typeError(name ? { type: 'model_type', loc, msg: MSG.model_type(name) } : { type: 'dict_type', loc, msg: MSG.dict_type });
        }
        return this.readObject(node, v, loc, path, read);
      }
      default: {
        const errs: PydanticDetail[] = [];
        const r = TYPE_CHECKS[node.kind].check(v, loc, errs);
        if (errs.length > 0) return typeError(errs[0]);
        if (node.kind === 'decimal' && typeof r === 'number' && !Number.isFinite(r)) {
          // a decimal beyond a double ("1e400"): the core's bounds see the largest double of its sign (pydantic compares
          // the exact decimal), and without a bound broken it is finite_number (legacy-difference: the database's 500)
          read.pending.push({ seq, path, detail: { type: 'finite_number', loc, msg: MSG.finite_number } });
          return r > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE;
        }
        if (node.kind === 'int' && typeof r === 'number' && (r > INT32_MAX || r < INT32_MIN)) {
          // the core's bounds lie within 32 bits: the nearest value beyond them fails the same bounds
          const clamped = r > INT32_MAX ? INT32_MAX + 1 : INT32_MIN - 1;
          read.pending.push({
            seq,
            path,
            detail: r > INT32_MAX
              ? { type: 'less_than_equal', loc, msg: MSG.less_than_equal(INT32_MAX) }
              : { type: 'greater_than_equal', loc, msg: MSG.greater_than_equal(INT32_MIN) },
          });
          return clamped;
        }
        return r;
      }
    }
  }
}

/** A route's legacy read of the core input `schema`. */
export const legacyInput = (schema: z.ZodType, opts?: LegacyInputOptions) => new LegacyInput(schema, opts);

/** Whether a userError's data is the issue of an input problem (else facts of a business failure). */
export function isInputIssue(data: unknown): data is InputIssue {
  const kind = (data as { kind?: unknown } | null)?.kind;
  return kind === 'TOO_SMALL' || kind === 'TOO_BIG' || kind === 'NOT_ALLOWED' || kind === 'INVALID_TYPE' || kind === 'RULE';
}
