import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routes } from '../../rest-compat/routes';

/** The reference the clients were written against: ../shared when present, else the copy in docs/. */
function referenceText(): string {
  const shared = new URL('../../../shared/api-reference.md', import.meta.url);
  const copy = new URL('../../docs/reference/api-reference.md', import.meta.url);
  return readFileSync(existsSync(shared) ? shared : copy, 'utf8');
}

const canonical = (method: string, path: string) =>
  `${method} ${path.replace(/\{[^}]+\}/g, '{}').replace(/:[A-Za-z_]+#?/g, '{}')}`;

export function documentedRoutes(text: string): string[] {
  const found = new Set<string>();
  const re = /\b(GET|POST|PUT|DELETE)\s*\|?\s*\n?\s*(\/api\/[^\s|?`]+)/g;
  for (const m of text.matchAll(re)) found.add(canonical(m[1], m[2].replace(/[.,]$/, '')));
  return [...found].sort();
}

describe('REST route coverage', () => {
  const documented = documentedRoutes(referenceText());
  const served = new Set(routes.map((r) => canonical(r.method, r.path)));

  it('finds the documented routes in the reference', () => {
    expect(documented.length).toBeGreaterThan(90);
    expect(documented).toContain('POST /api/auth/login');
    expect(documented).toContain('DELETE /api/admin/connectors/{}/credentials');
  });

  it('serves every documented method + path', () => {
    const missing = documented.filter((d) => !served.has(d));
    expect(missing).toEqual([]);
  });

  it('serves no path twice', () => {
    const all = routes.map((r) => canonical(r.method, r.path));
    expect(all.length).toBe(new Set(all).size);
  });
});
