import { useQuery, useQueryClient } from '@tanstack/react-query';
import { metadataApi } from '../../api/graphql.ts';

export interface SavedView {
  id: string;
  name: string;
  shared: boolean;
  mine: boolean;
  filters: unknown;
  sort: unknown;
  columns: string[] | null;
}

const FIELDS = 'id name shared mine filters sort columns';

/** The saved list views of an object the user can use (theirs and the shared ones), from `/metadata`. */
export function useListViews(object: string) {
  return useQuery({
    queryKey: ['listViews', object],
    queryFn: async () => (await metadataApi<{ listViews: SavedView[] }>(`query($o: String!) { listViews(object: $o) { ${FIELDS} } }`, { o: object })).listViews,
  });
}

export function useViewMutations(object: string) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: ['listViews', object] });
  return {
    async save(input: { id?: string; name: string; shared: boolean; filters: unknown; sort: unknown; columns: string[] | null }): Promise<SavedView> {
      const view = (await metadataApi(`mutation($i: SaveListViewInput!) { saveListView(input: $i) { ${FIELDS} } }`, { i: { ...input, object } })).saveListView;
      await refresh();
      return view;
    },
    async remove(id: string): Promise<void> {
      await metadataApi(`mutation($id: ID!) { deleteListView(id: $id) }`, { id });
      await refresh();
    },
  };
}
