import { PlatformError } from '../errors/index.ts';
import { searchFields } from '../metadata/search-fields.ts';
import type { RootRead } from '../query/index.ts';
import { findBadText } from '../util/text.ts';
import { read, type ReadContext } from './read.ts';

/** One record global search found: its object, id and title (its name, as the studio shows it). */
export interface SearchHit {
  object: string;
  id: string;
  title: string;
}

export const SEARCH_DEFAULT_FIRST = 20;
export const SEARCH_MAX_FIRST = 100;
const MAX_TEXT = 200;

interface RankedHit extends SearchHit {
  exact: boolean;
  prefix: boolean;
  similarity: number;
}

const bad = (pointer: string, message: string) => new PlatformError('BAD_USER_INPUT', `${pointer.slice(1)} ${message}`, { details: [{ pointer, message }] });

/**
 * The text a search looks for, trimmed: at least 3 characters, or 2 when one is not ASCII (a
 * two-character Chinese name, 王伟, says as much as a six-letter word; its trigram key is long
 * enough, migration 0012-search). Shorter texts would match too much to be worth an answer.
 */
function searchText(value: unknown): string {
  if (typeof value !== 'string') throw bad('/text', 'must be a string');
  const problem = findBadText(value, '/text');
  if (problem) throw new PlatformError('BAD_USER_INPUT', `text ${problem.message}`, { details: [problem] });
  const text = value.trim();
  if (!text) throw bad('/text', 'must not be empty');
  const length = [...text].length;
  const min = /[^\x01-\x7f]/.test(text) ? 2 : 3;
  if (length < min) throw bad('/text', `is too short: at least ${min} characters${min === 3 ? ' (2 with a Chinese character)' : ''}`);
  if (length > MAX_TEXT) throw bad('/text', `is too long: at most ${MAX_TEXT} characters`);
  return text;
}

function firstOf(value: unknown): number {
  if (value === undefined || value === null) return SEARCH_DEFAULT_FIRST;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > SEARCH_MAX_FIRST) throw bad('/first', `must be a whole number from 1 to ${SEARCH_MAX_FIRST}`);
  return value;
}

/**
 * `search`: the records of every object the caller may read whose searched fields contain the text
 * (their title field, and fields flagged `searchable`), at most `first` (default 20, at most 100).
 * One read through the planner (one statement): each object's hits come from its trigram indexes,
 * under the caller's row-level access, matching only the fields they may read. Hits are ranked
 * together — exact value first, then prefix, then trigram similarity — and answered grouped by
 * object, the object of the best hit first.
 */
export async function search(ctx: ReadContext, args: { text: unknown; first?: unknown }): Promise<SearchHit[]> {
  const text = searchText(args.text);
  const first = firstOf(args.first);
  const objects = [...ctx.model.objects.values()]
    .filter((o) => (!ctx.security || ctx.security.object(o.name).read) && searchFields(o.catalog.definition).length > 0);
  if (!objects.length) return [];
  const roots: RootRead[] = objects.map((o, i) => ({ key: `o${i}`, request: { kind: 'search', object: o.name, text, first } }));
  const data = JSON.parse(await read(ctx, roots)) as Record<string, Omit<RankedHit, 'object'>[]>;
  const ranked = objects.flatMap((o, i) => data[`o${i}`].map((hit): RankedHit => ({ object: o.name, ...hit })));
  const score = (h: RankedHit) => [Number(h.exact), Number(h.prefix), h.similarity];
  ranked.sort((x, y) => {
    const [a, b] = [score(x), score(y)];
    return b[0] - a[0] || b[1] - a[1] || b[2] - a[2];
  });
  const best = ranked.slice(0, first);
  const order = [...new Set(best.map((h) => h.object))];
  return order.flatMap((object) => best.filter((h) => h.object === object).map(({ id, title }) => ({ object, id, title })));
}
