import { Migration } from '@mikro-orm/migrations';

/**
 * Global search (query/plan/search.ts): trigram matching with pg_trgm, and the functions its
 * indexes and queries share.
 *
 * pg_trgm takes its trigrams from "words", and which characters make a word is the database's
 * LC_CTYPE: the platform's databases are initialised with `--locale=C`, where only ASCII letters and
 * digits count, so Chinese text yields no trigram at all (`show_trgm('华东精密机械')` is empty) and a
 * trigram index on the raw column cannot find `精密机`. A field's search index is therefore on
 * `tessera.search_key(column)`: the value lower-cased, followed, when it holds any non-ASCII
 * character, by the hex of its GB18030 bytes. Hex is ASCII, so pg_trgm indexes it; GB18030 is a
 * stateless per-character encoding, so a fragment of the text is a fragment of the hex (and a
 * common hanzi is two bytes: four hex digits). ASCII-only values
 * (phone numbers, e-mail addresses, English names) keep only their lower-cased text, whose
 * trigrams are pg_trgm's own. Matches through the hex are a superset (a fragment can meet the hex
 * across a character boundary): queries always re-check the text itself (`strpos(lower(…))`).
 *
 * `search_key` is declared immutable although `convert_to` is stable (it depends on the server
 * encoding, which a database never changes): index expressions require it.
 *
 * pg_trgm is created in the `tessera` schema unless the database already has it elsewhere;
 * `tessera.search_similarity` calls its `similarity` wherever it is, so queries need not know.
 */
export class Migration0012Search extends Migration {
  override name = '0012-search';

  override async up(): Promise<void> {
    this.addSql(`do $$
declare
  s text;
begin
  if not exists (select 1 from pg_extension where extname = 'pg_trgm') then
    create extension pg_trgm schema tessera;
  end if;
  select n.nspname into s from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm';
  execute format('create or replace function tessera.search_similarity(a text, b text) returns real language sql immutable strict parallel safe as %L',
    format('select %I.similarity(a, b)', s));
end
$$`);
    this.addSql(`create or replace function tessera.search_key(value text) returns text language sql immutable strict parallel safe as $$
  select case when value ~ '[^\\x01-\\x7f]' then lower(value) || ' ' || encode(convert_to(lower(value), 'GB18030'), 'hex') else lower(value) end
$$`);
    // The LIKE pattern that finds a text in search keys. ASCII text: itself, LIKE's specials escaped.
    // With non-ASCII characters: a pattern over the key's hex, each such character by the last 3 hex
    // digits of its bytes and a wildcard around it, runs of ASCII by their whole hex. One trigram
    // per character is enough for the index to find few candidates, and reading fewer posting
    // lists is what makes it fast (a 4-character text reads 4, not 14); the wildcards make it match
    // a superset, and queries re-check the text. Evaluated once per query, not per row.
    this.addSql(`create or replace function tessera.search_pattern(value text) returns text language sql immutable strict parallel safe as $$
  select case when value ~ '[^\\x01-\\x7f]'
    then regexp_replace('%' || (select string_agg(case when c ~ '[^\\x01-\\x7f]' then '%' || right(encode(convert_to(c, 'GB18030'), 'hex'), 3) || '%'
                                                   else encode(convert_to(c, 'GB18030'), 'hex') end, '' order by n)
                                from string_to_table(lower(value), null) with ordinality as t(c, n)) || '%', '%+', '%', 'g')
    else '%' || replace(replace(replace(lower(value), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%' end
$$`);
  }
}
