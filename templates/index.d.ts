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
  /** The metadata document, relative to the template's folder. */
  metadata: string;
  /** The template's folder (absolute). */
  dir: string;
  /** The metadata document (absolute). */
  metadataPath: string;
}

/** Every template, required ones first: the order to apply them in. */
export function listTemplates(): TemplateManifest[];

/** The metadata document of the template called `name`. */
export function readTemplateDocument(name: string): { objects: Record<string, unknown>[] };
