// The industry templates of this folder, read from their manifests (template.json). Plain ESM: no build.
import fs from 'node:fs';
import path from 'node:path';

const root = import.meta.dirname;

/** Reads one folder's manifest, or undefined when the folder is not a template. */
function readManifest(dir) {
  const file = path.join(root, dir, 'template.json');
  if (!fs.existsSync(file)) return undefined;
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  return { ...manifest, dir: path.join(root, dir), metadataPath: path.join(root, dir, manifest.metadata) };
}

/**
 * Every template's manifest, plus `dir` and `metadataPath` (absolute), ordered so that a template
 * comes after the templates it requires (crm-core first): the order to apply them in.
 */
export function listTemplates() {
  const byName = new Map();
  for (const entry of fs.readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const manifest = readManifest(entry.name);
    if (manifest) byName.set(manifest.name, manifest);
  }
  const ordered = [];
  const visiting = new Set();
  const visit = (name, from) => {
    if (ordered.some((t) => t.name === name)) return;
    const manifest = byName.get(name);
    if (!manifest) throw new Error(`Template ${from} requires ${name}, which is not in ${root}`);
    if (visiting.has(name)) throw new Error(`Templates require each other in a cycle through ${name}`);
    visiting.add(name);
    for (const required of manifest.requires ?? []) visit(required, name);
    visiting.delete(name);
    ordered.push(manifest);
  };
  for (const name of byName.keys()) visit(name, name);
  return ordered;
}

/** The metadata document ({"objects": [...]}) of the template called `name`. */
export function readTemplateDocument(name) {
  const manifest = listTemplates().find((t) => t.name === name);
  if (!manifest) throw new Error(`No template named ${name}`);
  return JSON.parse(fs.readFileSync(manifest.metadataPath, 'utf8'));
}
