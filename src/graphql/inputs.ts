// Input validation of the GraphQL face: every argument object is parsed once, in its resolver, by the zod schema of
// its module's `<module>.inputs.ts`; a failure is an InputError whose problems name the camelCase field path.
import { z } from 'zod';
import { InputError, type InputIssue, type InputProblem } from '../errors';
import { codePointLength, stripSpace } from '../shared/text';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

type Bound = { origin: string; inclusive?: boolean };
const ORIGIN = (o: string): 'number' | 'string' | 'array' | 'object' | null =>
  o === 'number' || o === 'int' ? 'number' : o === 'string' || o === 'array' || o === 'object' ? o : null;

function lowerMessage(b: Bound, n: number): string {
  if (b.origin === 'string') return `String should have at least ${plural(n, 'character')}`;
  if (b.origin === 'array') return `List should have at least ${plural(n, 'item')}`;
  if (b.origin === 'object') return `Map should have at least ${n} ${n === 1 ? 'entry' : 'entries'}`;
  return b.inclusive ? `Input should be greater than or equal to ${n}` : `Input should be greater than ${n}`;
}

function upperMessage(b: Bound, n: number): string {
  if (b.origin === 'string') return `String should have at most ${plural(n, 'character')}`;
  if (b.origin === 'array') return `List should have at most ${plural(n, 'item')}`;
  if (b.origin === 'object') return `Map should have at most ${n} ${n === 1 ? 'entry' : 'entries'}`;
  return b.inclusive ? `Input should be less than or equal to ${n}` : `Input should be less than ${n}`;
}

/** One zod issue as a problem of the input; its path is prefixed with the argument's name. */
function problemOf(issue: z.core.$ZodIssue, root: readonly (string | number)[]): InputProblem {
  const field = [...root, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))];
  switch (issue.code) {
    case 'too_small':
    case 'too_big': {
      const origin = ORIGIN(issue.origin);
      const limit = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      const inclusive = issue.inclusive ?? true;
      if (origin) {
        const kind = issue.code === 'too_small' ? 'TOO_SMALL' : 'TOO_BIG';
        const message = kind === 'TOO_SMALL' ? lowerMessage({ origin, inclusive }, limit) : upperMessage({ origin, inclusive }, limit);
        return { field, message, issue: { kind, origin, limit, inclusive } };
      }
      break;
    }
    case 'invalid_value':
      return {
        field,
        message: issue.message.startsWith('Invalid option') ? `Input should be one of ${issue.values.map(String).join(', ')}` : issue.message,
        issue: { kind: 'NOT_ALLOWED', allowed: issue.values.map(String) },
      };
    case 'invalid_type':
      return { field, message: `Input should be a valid ${issue.expected}`, issue: { kind: 'INVALID_TYPE', expected: issue.expected } };
    default:
      break;
  }
  const issueData: InputIssue = { kind: 'RULE' };
  return { field, message: issue.message, issue: issueData };
}

/** Parses a resolver's argument with its schema; throws InputError (BAD_USER_INPUT) with every problem. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, root: readonly (string | number)[] = ['input']): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InputError(result.error.issues.map((i) => problemOf(i, root)));
}

/** The problems of a value under a schema, or null when it is valid. */
export function inputProblems(schema: z.ZodType, value: unknown, root: readonly (string | number)[] = ['input']): InputProblem[] | null {
  const result = schema.safeParse(value);
  return result.success ? null : result.error.issues.map((i) => problemOf(i, root));
}

/** Options of a rule over several fields: it is checked only when every field is valid on its own. */
export const onValidFields = { when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 } as const;

export interface TextOpts {
  min?: number;
  max?: number;
  /** Trim white space after the length checks. */
  trim?: boolean;
  /** Trim white space after the length checks; nothing left is the rule error "Field cannot be blank". */
  notBlank?: boolean;
}

/**
 * A text field: length bounds in code points (what a varchar column counts), then, with `trim`, trimmed, with
 * `notBlank`, trimmed and refused when empty. One problem at most per value, the first that fails.
 */
export function text(opts: TextOpts = {}) {
  const bounds = Object.fromEntries(Object.entries({ minLength: opts.min, maxLength: opts.max }).filter(([, v]) => v !== undefined));
  return z.string().transform((s, ctx) => {
    const len = opts.min !== undefined || opts.max !== undefined ? codePointLength(s) : 0;
    if (opts.min !== undefined && len < opts.min) {
      ctx.addIssue({ code: 'too_small', origin: 'string', minimum: opts.min, inclusive: true, input: s });
      return z.NEVER;
    }
    if (opts.max !== undefined && len > opts.max) {
      ctx.addIssue({ code: 'too_big', origin: 'string', maximum: opts.max, inclusive: true, input: s });
      return z.NEVER;
    }
    if (!opts.notBlank) return opts.trim ? stripSpace(s) : s;
    const trimmed = stripSpace(s);
    if (trimmed === '') {
      ctx.addIssue({ code: 'custom', message: 'Field cannot be blank', input: s });
      return z.NEVER;
    }
    return trimmed;
  }).meta(bounds);
}

/** A whole number (GraphQL Int) with bounds: `id()` for database ids (> 0), `int({ gt: 0, le: 100000 })` for quantities. */
export function int(opts: { gt?: number; ge?: number; le?: number } = {}) {
  let s = z.number().int();
  if (opts.le !== undefined) s = s.lte(opts.le);
  if (opts.ge !== undefined) s = s.gte(opts.ge);
  if (opts.gt !== undefined) s = s.gt(opts.gt);
  return s;
}

/** A database id: a positive whole number. */
export const id = () => int({ gt: 0 });

/**
 * A map of text to text whose keys are data, not fields (credential names, setting names): at least `min` entries,
 * keys of at most `keyMax` code points (a longer key is a string problem at the path of its entry; the values are
 * free text, without bounds). A `__proto__` key is dropped by zod, never assigned.
 */
export function textMap(opts: { min?: number; keyMax?: number } = {}) {
  return z.record(z.string(), z.string()).superRefine((map, ctx) => {
    const keys = Object.keys(map);
    if (opts.min !== undefined && keys.length < opts.min) {
      ctx.addIssue({ code: 'too_small', origin: 'object' as never, minimum: opts.min, inclusive: true, input: map });
    }
    if (opts.keyMax === undefined) return;
    for (const key of keys) {
      if (codePointLength(key) > opts.keyMax) {
        ctx.addIssue({ code: 'too_big', origin: 'string', maximum: opts.keyMax, inclusive: true, input: key, path: [key] });
      }
    }
  }).meta({
    ...(opts.min !== undefined ? { minProperties: opts.min } : {}),
    ...(opts.keyMax !== undefined ? { propertyNames: { type: 'string', maxLength: opts.keyMax } } : {}),
  });
}
