// Text rules of the core: length in code points (what PostgreSQL's varchar counts) and trimming of Unicode white space.

/** White space trimmed around text input: the Unicode White_Space set with the ASCII separators \x1c-\x1f. */
const SPACE = '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const TRIM = new RegExp(`^[${SPACE}]+|[${SPACE}]+$`, 'g');
const ANY_SPACE = new RegExp(`[${SPACE}]`);

/** The text without leading and trailing white space. */
export function stripSpace(s: string): string {
  return s.replace(TRIM, '');
}

/** Whether the text holds white space anywhere. */
export function hasSpace(s: string): boolean {
  return ANY_SPACE.test(s);
}

/** Length in Unicode code points. */
export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
