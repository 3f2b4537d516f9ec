import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FieldMeta } from '../../src/api/metadata.ts';
import { filterOf, type Condition } from '../../src/ui/filter-model.ts';

/**
 * The bundled templates' shared list views (templates/<name>/ui.json) as the studio applies them:
 * every condition becomes a part of the data API filter (none silently dropped, which would widen
 * what a view shows), on a field of the view's object.
 */
const TEMPLATES = path.resolve(import.meta.dirname, '../../../templates');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(TEMPLATES, file), 'utf8'));

for (const template of ['crm-core', 'k12-tutoring']) {
  describe(`${template} list views`, () => {
    const objects = new Map<string, { name: string; type: string }[]>(
      ['crm-core', template].flatMap((t) => read(`${t}/metadata.json`).objects).map((o: any) => [o.name, o.fields]));
    const views = read(`${template}/ui.json`).listViews as { object: string; name: string; filters: (Omit<Condition, 'value'> & { value?: string })[] }[];
    it('has views', () => expect(views.length).toBeGreaterThan(3));
    for (const view of views) {
      it(`${view.object} / ${view.name}: every condition filters`, () => {
        const fields = objects.get(view.object)!.map((f) => ({ name: f.name, type: f.type, operators: [] }) as unknown as FieldMeta);
        const filter = filterOf(fields, view.filters.map((c) => ({ value: '', ...c })), { me: '01a24700-0000-7000-8000-00000000000a' });
        const parts = view.filters.length === 1 ? [filter] : (filter.and as unknown[]);
        expect(parts, JSON.stringify(filter)).toHaveLength(view.filters.length);
      });
    }
  });
}
