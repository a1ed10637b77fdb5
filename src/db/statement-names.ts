import { createHash } from 'node:crypto';

/**
 * Names for prepared statements: a parameterised statement gets a name derived from its text, so each pooled
 * connection parses it once and PostgreSQL can reuse its plan (planning was ~40 % of the database's CPU on the
 * warehouse day when every statement was planned on every call). The same text always gets the same name, so a
 * name never meets a different text on one connection. Texts past the cap (generated statements whose text varies
 * with the row count) stay unnamed: every connection keeps each prepared statement until it closes.
 */
const MAX_NAMED = 2000;
const names = new Map<string, string>();

export function statementName(text: string): string | undefined {
  const known = names.get(text);
  if (known !== undefined || names.size >= MAX_NAMED) return known;
  const name = 's' + createHash('sha1').update(text).digest('base64url').slice(0, 20);
  names.set(text, name);
  return name;
}
