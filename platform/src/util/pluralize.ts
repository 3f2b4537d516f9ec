const IRREGULAR = new Map<string, string>(Object.entries({
  person: 'people', child: 'children', man: 'men', woman: 'women', datum: 'data', criterion: 'criteria',
  opportunity: 'opportunities', analysis: 'analyses', status: 'statuses', campus: 'campuses',
}));
const UNCOUNTABLE = new Set(['information', 'equipment', 'news', 'series', 'species', 'feedback', 'staff', 'data', 'inventory']);

/** English plural of the last word of `word`, keeping its case: `Lead` → `Leads`, `salesCompany` → `salesCompanies`. */
export function pluralize(word: string): string {
  const match = /([A-Za-z]+)$/.exec(word);
  if (!match) return word;
  const last = match[1];
  const head = word.slice(0, word.length - last.length);
  const lower = last.toLowerCase();
  const keepCase = (plural: string) => (last[0] === last[0].toUpperCase() ? plural[0].toUpperCase() + plural.slice(1) : plural);
  if (UNCOUNTABLE.has(lower)) return word;
  const irregular = IRREGULAR.get(lower);
  if (irregular) return head + keepCase(irregular);
  if (/[^aeiou]y$/.test(lower)) return head + last.slice(0, -1) + 'ies';
  if (/(s|x|z|ch|sh)$/.test(lower)) return head + last + 'es';
  return head + last + 's';
}
