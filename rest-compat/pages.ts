// Legacy page-numbered lists (spec 00 §9: `page`, `per_page` up to 1000, `{rows, total, page, per_page, pages}`)
// served by the GraphQL connections, whose pages hold at most MAX_PAGE_SIZE rows for every caller, REST included:
// a legacy page is read as consecutive connection pages (`first`, `offset`) and rendered as the legacy envelope.
import { MAX_PAGE_SIZE } from '../src/graphql/lists';
import { parsePage, type PageRequest } from './pagination';
import type { OperationData, RestRequest } from './route';

/** How a route's operation reads a legacy page: its connection is the operation's first root field. */
export interface LegacyPageSpec {
  /** Key of the rows in the legacy envelope (`items`, `bins`, ...). */
  rows: string;
  /** Every row, without page/per_page (a list the legacy never paginated); the answer is the rows alone. */
  all?: boolean;
}

interface ConnectionData {
  totalCount?: number;
  edges: { node: unknown }[];
  pageInfo?: { hasNextPage: boolean };
}

/** One run of the operation with these paging variables: its data, or null when it failed (the caller renders that run). */
type Run = (paging: { first: number; offset: number }) => Promise<OperationData | null | undefined>;

export const legacyPageRequest = (req: RestRequest): PageRequest => parsePage(req.query.get('page'), req.query.get('per_page'));

/**
 * Reads the rows of one legacy page (or of the whole list) chunk by chunk: the data of the first run with every
 * chunk's edges, or null as soon as a run failed (the caller renders that run). `totalCount` is asked by the operation and read from the
 * first chunk.
 */
export async function readLegacyPage(spec: LegacyPageSpec, req: RestRequest, run: Run): Promise<OperationData | null> {
  const want = spec.all ? Number.POSITIVE_INFINITY : legacyPageRequest(req).perPage;
  let offset = spec.all ? 0 : legacyPageRequest(req).offset;
  let first: OperationData | null | undefined;
  const edges: unknown[] = [];
  let read = 0;
  for (;;) {
    const size = Math.min(MAX_PAGE_SIZE, want - read);
    // Beyond GraphQL's Int no table has rows: the page is empty all the same.
    const data = await run({ first: size, offset: Math.min(offset, 2147483647) });
    if (!data) return null;
    const key = Object.keys(data)[0];
    const conn = data[key] as ConnectionData;
    first ??= data;
    edges.push(...conn.edges);
    read += conn.edges.length;
    offset += conn.edges.length;
    const total = (first[key] as ConnectionData).totalCount;
    const exhausted = conn.edges.length < size || (total !== undefined && offset >= total) || conn.pageInfo?.hasNextPage === false;
    if (read >= want || exhausted) break;
  }
  const key = Object.keys(first)[0];
  return { ...first, [key]: { ...(first[key] as object), edges } };
}

/** The legacy envelope of the rows read (`data`'s first root field), in place of the connection. */
export function toLegacyPage(spec: LegacyPageSpec, req: RestRequest, data: OperationData): OperationData {
  const key = Object.keys(data)[0];
  const conn = data[key] as ConnectionData;
  const rows = conn.edges.map((e) => e.node);
  if (spec.all) return { ...data, [key]: rows };
  const { page, perPage } = legacyPageRequest(req);
  const total = conn.totalCount ?? 0;
  return { ...data, [key]: { [spec.rows]: rows, total, page, per_page: perPage, pages: Math.max(1, Math.ceil(total / perPage)) } };
}
