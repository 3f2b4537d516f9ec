import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { metadataApi } from '../../api/graphql.ts';

/** One configuration change, as `metadataHistory` answers it. */
export interface HistoryEntry {
  seq: number;
  version: number;
  securityVersion: number | null;
  at: string;
  actor: { id: string; name: string; email: string } | null;
  via: string;
  kind: string;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
}

export interface HistoryFilter {
  kinds?: string[];
  actor?: string;
  target?: string;
}

interface Page {
  kinds: string[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: HistoryEntry[];
}

export const PAGE_SIZE = 25;
const QUERY = `query($first: Int, $after: String, $filter: MetadataHistoryFilter) { metadataHistory(first: $first, after: $after, filter: $filter) {
  kinds pageInfo { hasNextPage endCursor } nodes { seq version securityVersion at actor { id name email } via kind action target before after } } }`;

/** The setup audit trail, newest first, a page at a time (cursor paging on `metadataHistory`). */
export function useHistory(filter: HistoryFilter) {
  return useInfiniteQuery({
    queryKey: ['metadataHistory', filter],
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam }) => (await metadataApi<{ metadataHistory: Page }>(QUERY, { first: PAGE_SIZE, after: pageParam, filter })).metadataHistory,
    getNextPageParam: (last) => (last.pageInfo.hasNextPage ? last.pageInfo.endCursor : null),
  });
}

/** The tenant's users, for the author filter; empty for a reader who may not list users. */
export function useAuthors() {
  return useQuery({
    queryKey: ['metadataHistory', 'authors'],
    queryFn: async () => {
      try {
        return (await metadataApi<{ users: { id: string; name: string }[] }>('{ users { id name } }')).users;
      } catch {
        return [];
      }
    },
  });
}
