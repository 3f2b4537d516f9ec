export interface TemplateLabel {
  en: string;
  'zh-CN': string;
  [locale: string]: string;
}

/** A template's manifest (template.json), with where it lives. */
export interface TemplateManifest {
  name: string;
  /** Its package namespace (`crm`, `k12`…): what install records as the owner of its components. */
  namespace: string;
  /** Always true for a bundled template: its components keep their un-prefixed names (`lead`, `student`). */
  legacyNames: true;
  version: string;
  label: TemplateLabel;
  description: TemplateLabel;
  /** Templates to apply before this one. */
  requires: string[];
  /** The objects document, relative to the template's folder. */
  metadata: string;
  /** Further documents (processes: pools, workflows, approval flows, views…), applied after `metadata`. */
  documents?: string[];
  /** The runtime plugins whose kinds `documents` use (`pools`, `workflows`…). */
  plugins?: string[];
  /** The sample data file, relative to the template's folder (`installSampleData`). */
  sampleData?: string;
  /** The template's folder (absolute). */
  dir: string;
  /** The metadata document (absolute). */
  metadataPath: string;
}

/** Every template, required ones first: the order to apply them in. */
export function listTemplates(): TemplateManifest[];

/** The objects document of the template called `name` (metadata.json alone). */
export function readTemplateDocument(name: string): { objects: Record<string, unknown>[] };

/** The whole template as one metadata document: metadata.json, then each of `documents`, merged by key. */
export function readTemplatePackage(name: string): Record<string, Record<string, unknown>[]>;

/** Earlier versions kept in `releases/<version>.json` (whole documents), newest first. */
export function listTemplateReleases(name: string): { version: string; path: string }[];

/** The whole document of one version of a template: the current one, or one kept in releases/. */
export function readTemplateRelease(name: string, version: string): Record<string, Record<string, unknown>[]>;
