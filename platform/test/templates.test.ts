import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server/start.ts';
import { loadCatalog, validateDocument, type ObjectInput } from '../src/metadata/index.ts';

/** A template's document: objects only. */
type MetadataDocument = { objects: ObjectInput[] };
import { fieldType } from '../src/field-types/registry.ts';
import { newTenant, startTestServer } from './support/server.ts';
import { listTemplates, readTemplateDocument, type TemplateManifest } from '../../templates/index.js';

const TEMPLATES_DIR = path.resolve(import.meta.dirname, '../../templates');
const CORE = 'crm-core';
const INDUSTRY = ['manufacturing-project-sales', 'fmcg-channel-distribution', 'k12-tutoring'];
const actor = { userId: null, via: 'template' as const };

const manifests = listTemplates();
const manifest = (name: string): TemplateManifest => manifests.find((m) => m.name === name)!;
const documentOf = (name: string): MetadataDocument => readTemplateDocument(name) as unknown as MetadataDocument;
/** A template's document followed by those of the templates it requires, required ones first. */
const withRequirements = (name: string): { name: string; document: MetadataDocument }[] =>
  [...manifest(name).requires.flatMap(withRequirements), { name, document: documentOf(name) }];

const bilingual = (label: unknown) =>
  typeof label === 'object' && label !== null && typeof (label as Record<string, unknown>).en === 'string' && typeof (label as Record<string, unknown>)['zh-CN'] === 'string';

describe('template manifests', () => {
  it('every template folder has a valid template.json pointing at an existing metadata document', () => {
    const folders = fs.readdirSync(TEMPLATES_DIR, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'node_modules').map((e) => e.name).sort();
    expect(folders).toEqual([CORE, ...INDUSTRY].sort());
    for (const folder of folders) {
      const raw = JSON.parse(fs.readFileSync(path.join(TEMPLATES_DIR, folder, 'template.json'), 'utf8'));
      const required = ['description', 'label', 'legacyNames', 'metadata', 'name', 'namespace', 'requires', 'version'];
      expect(Object.keys(raw).filter((k) => required.includes(k)).sort()).toEqual(required);
      expect(Object.keys(raw).filter((k) => !required.includes(k) && !['documents', 'plugins', 'sampleData'].includes(k)), `${folder}: unknown keys`).toEqual([]);
      for (const file of [...(raw.documents ?? []), ...(raw.sampleData ? [raw.sampleData] : [])]) expect(fs.existsSync(path.join(TEMPLATES_DIR, folder, file)), `${folder}/${file}`).toBe(true);
      // Grandfathered: their un-prefixed names predate namespaces (platform/src/packages/templates.ts).
      expect(raw.legacyNames).toBe(true);
      expect(raw.namespace).toMatch(/^[a-z][a-z0-9]{1,14}$/);
      expect(raw.name).toBe(folder);
      expect(raw.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(bilingual(raw.label), `${folder} label`).toBe(true);
      expect(bilingual(raw.description), `${folder} description`).toBe(true);
      expect(Array.isArray(raw.requires)).toBe(true);
      for (const required of raw.requires) expect(folders).toContain(required);
      const file = path.join(TEMPLATES_DIR, folder, raw.metadata);
      expect(fs.existsSync(file), file).toBe(true);
      const document = JSON.parse(fs.readFileSync(file, 'utf8'));
      expect(document.objects.length).toBeGreaterThan(0);
      expect(() => validateDocument(document)).not.toThrow();
    }
  });

  it('lists the templates required ones first, every industry template after crm-core', () => {
    expect(manifests.map((m) => m.name)[0]).toBe(CORE);
    expect(manifest(CORE).requires).toEqual([]);
    for (const name of INDUSTRY) {
      expect(manifest(name).requires).toEqual([CORE]);
      expect(fs.existsSync(manifest(name).metadataPath)).toBe(true);
    }
  });
});

describe('template documents', () => {
  it('label every object, field and option in en and zh-CN', () => {
    for (const m of manifests) {
      for (const object of documentOf(m.name).objects) {
        expect(bilingual(object.label), `${m.name} ${object.name}.label`).toBe(true);
        expect(bilingual(object.pluralLabel), `${m.name} ${object.name}.pluralLabel`).toBe(true);
        for (const field of object.fields ?? []) {
          expect(bilingual(field.label), `${m.name} ${object.name}.${field.name}.label`).toBe(true);
          for (const option of (field.options as { value: string; label: unknown }[] | undefined) ?? []) {
            expect(bilingual(option.label), `${m.name} ${object.name}.${field.name} option ${option.value}`).toBe(true);
          }
        }
      }
    }
  });

  it('never define the same object twice, so any set of templates can share a tenant', () => {
    const definedBy = new Map<string, string>();
    for (const m of manifests) {
      for (const object of documentOf(m.name).objects) {
        expect(definedBy.get(object.name), `${object.name} is defined by ${definedBy.get(object.name)} and ${m.name}`).toBeUndefined();
        definedBy.set(object.name, m.name);
      }
    }
  });

  it('look up only objects of the template or of the templates it requires, with distinct reverse names', () => {
    for (const name of INDUSTRY) {
      const objects: ObjectInput[] = withRequirements(name).flatMap((d) => d.document.objects);
      const byName = new Map(objects.map((o) => [o.name, o]));
      const reverse = new Map<string, string>();
      for (const object of objects) {
        for (const field of object.fields ?? []) {
          if (field.type !== 'lookup' && field.type !== 'masterDetail') continue;
          const target = byName.get(field.target as string);
          expect(target, `${name}: ${object.name}.${field.name} looks up ${field.target}`).toBeDefined();
          const relation = field.relationName as string | undefined;
          expect(relation, `${name}: ${object.name}.${field.name} has a relationName`).toBeTruthy();
          const key = `${field.target}.${relation}`;
          expect(reverse.get(key), `${key} is the reverse of ${reverse.get(key)} and ${object.name}.${field.name}`).toBeUndefined();
          reverse.set(key, `${object.name}.${field.name}`);
          expect(target!.fields?.some((f) => f.name === relation), `${key} clashes with a field of ${field.target}`).toBe(false);
        }
      }
    }
  });
});

describe('applying the templates', () => {
  let server: RunningServer;
  beforeAll(async () => { server = await startTestServer(); });
  afterAll(async () => { await server?.close(); });

  for (const name of INDUSTRY) {
    it(`applies crm-core then ${name} to a fresh tenant, idempotently, with real tables`, async () => {
      const created = await newTenant(server, 'tpl');
      const tenantId = created.tenant.id;
      const documents = withRequirements(name);
      expect(documents.map((d) => d.name)).toEqual([CORE, name]);

      for (const { document } of documents) {
        const result = await server.platform.metadata.applyMetadata(tenantId, actor, document);
        expect(result.dryRun).toBe(false);
        expect(result.changes.length).toBeGreaterThan(0);
      }

      const catalog = await loadCatalog(server.platform.sql, tenantId);
      const objects = documents.flatMap((d) => d.document.objects);
      expect(catalog.objects.size).toBe(objects.length);
      for (const object of objects) {
        const live = catalog.objects.get(object.name);
        expect(live, `object ${object.name}`).toBeDefined();
        expect(live!.definition.fields.map((f) => f.name), `fields of ${object.name}`).toEqual((object.fields ?? []).map((f) => f.name));
        expect(live!.definition.indexes.length, `indexes of ${object.name}`).toBe(object.indexes?.length ?? 0);
      }

      // Applying the same documents again changes nothing.
      for (const { name: template, document } of documents) {
        const again = await server.platform.metadata.applyMetadata(tenantId, actor, document);
        expect(again.changes, `re-applying ${template}`).toEqual([]);
      }

      // The DDL is real: the first object of the template has a table with a column per field part.
      const sample = catalog.objects.get(documentOf(name).objects[0].name)!;
      const rows = await server.platform.sql.query<{ column_name: string }>(
        'select column_name from information_schema.columns where table_schema = $1 and table_name = $2',
        [created.tenant.schema, sample.tableName]);
      const columns = rows.map((r) => r.column_name);
      const expected = sample.definition.fields.flatMap((f) => fieldType(f.type).columns(f).map((c) => c.column));
      expect(expected.length).toBeGreaterThan(5);
      expect(columns).toEqual(expect.arrayContaining(['id', 'createdAt', 'ownerId', ...expected]));
    });
  }

  it('applies crm-core and all industry templates together to one tenant', async () => {
    const created = await newTenant(server, 'tpl');
    for (const m of manifests) await server.platform.metadata.applyMetadata(created.tenant.id, actor, documentOf(m.name));
    const catalog = await loadCatalog(server.platform.sql, created.tenant.id);
    expect(catalog.objects.size).toBe(manifests.reduce((n, m) => n + documentOf(m.name).objects.length, 0));
  });
});
