/** Legacy page-based list envelopes (spec 00 §9) as GraphQL objects: the rows field plus total/page/perPage/pages. */
import { parsePage } from '../../shared/pagination';

export interface PageParent<F> {
  filter: F;
  page: number;
  perPage: number;
  /** Matching rows, counted once per page object. */
  total: () => Promise<number>;
}

/** Page arguments clamped as the legacy REST parameters are (page >= 1, 1 <= perPage <= 1000, default 50). */
export function pageParent<F>(
  args: { page?: number | null; perPage?: number | null },
  filter: F,
  count: (filter: F) => Promise<number>,
): PageParent<F> {
  const { page, perPage } = parsePage(args.page?.toString(), args.perPage?.toString());
  let total: Promise<number> | undefined;
  return { filter, page, perPage, total: () => (total ??= count(filter)) };
}

export const pageCount = (total: number, perPage: number) => Math.max(1, Math.ceil(total / perPage));
