/** Legacy page-based pagination of the admin lists (spec 00 §9): the query parameters as the legacy read them. */

export interface PageRequest {
  page: number;
  perPage: number;
  offset: number;
}

const parseIntParam = (v: string | null | undefined): number | null =>
  v !== null && v !== undefined && /^\s*[-+]?\d+\s*$/.test(v) ? Number.parseInt(v, 10) : null;

/**
 * `page` default 1, `per_page` default 50 capped at 1000; non-integers fall back to the defaults.
 * legacy-difference: page <= 0 and per_page <= 0 were 500s; they are clamped to 1 here.
 */
export function parsePage(page: string | null | undefined, perPage: string | null | undefined): PageRequest {
  // Clamped to GraphQL's Int range: a page past the end is just empty (legacy), never an error.
  const p = Math.min(2147483647, Math.max(1, parseIntParam(page) ?? 1));
  const pp = Math.min(1000, Math.max(1, parseIntParam(perPage) ?? 50));
  return { page: p, perPage: pp, offset: (p - 1) * pp };
}

/** Integer filters (warehouse_id, zone_id, item_id) are ignored when missing, non-integer or 0. */
export function intFilter(v: string | null | undefined): number | undefined {
  const n = parseIntParam(v);
  return n && n > 0 && n <= 2147483647 ? n : undefined;
}
