import { dataApi } from '../../api/graphql.ts';
import type { ObjectMeta } from '../../api/metadata.ts';
import { recordSelection } from './selection.ts';

export type RecordData = Record<string, unknown> & { id: string };

/** The data API calls the studio makes for an object's records (names from the object's `api`). */
export function recordsApi(object: ObjectMeta, objects: ObjectMeta[]) {
  const api = object.api;
  const all = recordSelection(object, objects);
  return {
    selection: all,
    async get(id: string): Promise<RecordData | null> {
      return (await dataApi(`query($id: ID!) { ${api.one}(id: $id) { ${all} } }`, { id }))[api.one];
    },
    /** `allowDuplicates`: keep the record though WARN duplicate rules match it (after the user saw the matches). */
    async create(data: Record<string, unknown>, options: { allowDuplicates?: boolean } = {}): Promise<RecordData> {
      const allow = options.allowDuplicates ? ', allowDuplicates: true' : '';
      return (await dataApi(`mutation($d: ${api.createInput}!) { ${api.createOne}(data: $d${allow}) { ${all} } }`, { d: data }))[api.createOne];
    },
    async update(id: string, data: Record<string, unknown>, options: { allowDuplicates?: boolean } = {}): Promise<RecordData> {
      const allow = options.allowDuplicates ? ', allowDuplicates: true' : '';
      return (await dataApi(`mutation($id: ID!, $d: ${api.updateInput}!) { ${api.updateOne}(id: $id, data: $d${allow}) { ${all} } }`, { id, d: data }))[api.updateOne];
    },
    /** The records with these ids (the merge screen's), in no particular order. */
    async getMany(ids: string[]): Promise<RecordData[]> {
      return (await dataApi(`query($f: ${api.filter}) { ${api.many}(filter: $f, first: ${ids.length}) { nodes { ${all} createdAt } } }`, { f: { id: { in: ids } } }))[api.many].nodes;
    },
    /** Merges the duplicates into the master (`fieldChoices`: {field: id of the record whose value the master takes}). */
    async merge(masterId: string, duplicateIds: string[], fieldChoices: Record<string, string>): Promise<RecordData> {
      return (await dataApi(`mutation($m: ID!, $d: [ID!]!, $c: JSON) { ${api.mergeOne}(masterId: $m, duplicateIds: $d, fieldChoices: $c) { id } }`, { m: masterId, d: duplicateIds, c: fieldChoices }))[api.mergeOne];
    },
    async remove(id: string): Promise<void> {
      await dataApi(`mutation($id: ID!) { ${api.deleteOne}(id: $id) { id } }`, { id });
    },
    /** Sets the same values on the given records (one updateMany over their ids). */
    async updateMany(ids: string[], data: Record<string, unknown>): Promise<number> {
      const res = await dataApi(`mutation($f: ${api.filter}!, $d: ${api.updateInput}!) { ${api.updateMany}(filter: $f, data: $d) { count } }`, { f: { id: { in: ids } }, d: data });
      return res[api.updateMany].count;
    },
    /**
     * Gives the records to `owner` in one updateMany over their ids (one transaction, audited per
     * record): the ids it changed. Records the caller may see but not change are left as they were
     * (not an error): the caller compares with what it asked for.
     */
    async setOwner(ids: string[], owner: string): Promise<string[]> {
      const res = await dataApi(`mutation($f: ${api.filter}!, $d: ${api.updateInput}!) { ${api.updateMany}(filter: $f, data: $d) { ids } }`, { f: { id: { in: ids } }, d: { owner } });
      return res[api.updateMany].ids;
    },
    async deleteMany(ids: string[]): Promise<number> {
      const res = await dataApi(`mutation($f: ${api.filter}!) { ${api.deleteMany}(filter: $f) { count } }`, { f: { id: { in: ids } } });
      return res[api.deleteMany].count;
    },
  };
}
