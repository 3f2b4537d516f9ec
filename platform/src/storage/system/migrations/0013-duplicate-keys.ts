import { Migration } from '@mikro-orm/migrations';

/**
 * The key fuzzy duplicate rules compare (duplicates/, metadata/duplicate-rules.ts): pg_trgm finds no
 * trigram in Chinese text where LC_CTYPE is C (0012-search says why), so a value holding any
 * non-ASCII character is keyed as its lower-cased text followed by the base64 of its GB18030 bytes
 * (spaces taken out first: `王 伟明` is `王伟明`), `+`, `/`, padding and line breaks dropped or made
 * letters, which pg_trgm indexes. Why base64 and not global search's hex: a duplicate check is an
 * equality-like probe (is there a record this similar?), answered from the trigrams' posting lists;
 * hex has 16 symbols (4,096 trigrams, each in tens of thousands of names at 1M), base64 ~36 after
 * pg_trgm's lower-casing (~46,000), so a probe reads ~10× less and re-checks fewer candidates
 * (measured: bench suite `duplicates`). The price: base64 groups 3 bytes, so a name missing its first
 * character shares few trigrams with the full one (`伟明` / `王伟明`), while a shared beginning counts
 * (`欧阳明` / `欧阳明华` 0.62) — right for names, whose surname comes first. ASCII values keep
 * their lower-cased text, pg_trgm's own trigrams. Immutable for index expressions (as search_key).
 */
export class Migration0013DuplicateKeys extends Migration {
  override name = '0013-duplicate-keys';

  override async up(): Promise<void> {
    this.addSql(`create or replace function tessera.duplicate_key(value text) returns text language sql immutable strict parallel safe as $$
  select case when value ~ '[^\\x01-\\x7f]'
    then lower(value) || ' ' || translate(encode(convert_to(lower(regexp_replace(value, '\\s+', '', 'g')), 'GB18030'), 'base64'), E'+/=\\n', 'xy')
    else lower(value) end
$$`);
  }
}
