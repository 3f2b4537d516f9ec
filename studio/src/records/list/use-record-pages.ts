import { useInfiniteQuery } from '@tanstack/react-query';
import { dataApi } from '../../api/graphql.ts';
import type { ObjectMeta } from '../../api/metadata.ts';
import { recordSelection } from '../data/selection.ts';
import type { RecordData } from '../data/records-api.ts';

export const PAGE_SIZE = 100;

export interface ListQuery {
  filter: Record<string, unknown>;
  orderBy: Record<string, 'ASC' | 'DESC'>[];
  columns: string[];
}

interface Page {
  totalCount?: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: RecordData[];
}

/**
 * The records of a list, one keyset page (100) at a time: the first page carries totalCount, the
 * next ones are asked for with `after: endCursor` only when `fetchNextPage` is called.
 */
export function useRecordPages(object: ObjectMeta, objects: ObjectMeta[], query: ListQuery) {
  const api = object.api;
  const selection = recordSelection(object, objects, query.columns);
  const document = (withTotal: boolean) =>
    `query($f: ${api.filter}, $o: [${api.orderBy}!], $after: String) { ${api.many}(filter: $f, orderBy: $o, first: ${PAGE_SIZE}, after: $after) { ${withTotal ? 'totalCount ' : ''}pageInfo { hasNextPage endCursor } nodes { ${selection} } } }`;
  return useInfiniteQuery({
    queryKey: ['records', object.name, 'list', query, selection],
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam }): Promise<Page> =>
      (await dataApi(document(pageParam === null), { f: query.filter, o: query.orderBy.length ? query.orderBy : undefined, after: pageParam }))[api.many],
    getNextPageParam: (last) => (last.pageInfo.hasNextPage ? last.pageInfo.endCursor : undefined),
    staleTime: 10_000,
  });
}
