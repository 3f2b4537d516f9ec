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

let listed;

/**
 * Every template's manifest, plus `dir` and `metadataPath` (absolute), ordered so that a template
 * comes after the templates it requires (crm-core first): the order to apply them in.
 */
export function listTemplates() {
  // Read once: the templates ship with the platform and do not change while it runs.
  listed ??= readTemplates();
  return listed.slice();
}

function readTemplates() {
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

function manifestNamed(name) {
  const manifest = listTemplates().find((t) => t.name === name);
  if (!manifest) throw new Error(`No template named ${name}`);
  return manifest;
}

const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

/** The objects document ({"objects": [...]}) of the template called `name`: what the platform alone can apply. */
export function readTemplateDocument(name) {
  return readJson(manifestNamed(name).metadataPath);
}

/**
 * The whole of a template as one metadata document: its objects document, then each of its
 * `documents` (processes: pools, workflows, approval flows, list views, dashboards… whose kinds the
 * runtime plugins named in `plugins` register), merged key by key in the order listed.
 */
export function readTemplatePackage(name) {
  const manifest = manifestNamed(name);
  const merged = {};
  for (const file of [manifest.metadata, ...(manifest.documents ?? [])]) {
    for (const [key, items] of Object.entries(readJson(path.join(manifest.dir, file)))) {
      if (!Array.isArray(items)) throw new Error(`${name}/${file}: "${key}" is not a list of items`);
      merged[key] = [...(merged[key] ?? []), ...items];
    }
  }
  return merged;
}

/**
 * The earlier versions of a template that it still upgrades from, newest first: each
 * `releases/<version>.json` holds that version's whole document (readTemplatePackage's form).
 */
export function listTemplateReleases(name) {
  const dir = path.join(manifestNamed(name).dir, 'releases');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => /^\d+\.\d+\.\d+.*\.json$/.test(f))
    .map((f) => ({ version: f.slice(0, -'.json'.length), path: path.join(dir, f) }))
    .sort((a, b) => compareVersions(b.version, a.version));
}

/** The whole document of one release of a template: the current one's, or one kept in releases/. */
export function readTemplateRelease(name, version) {
  const manifest = manifestNamed(name);
  if (manifest.version === version) return readTemplatePackage(name);
  const release = listTemplateReleases(name).find((r) => r.version === version);
  if (!release) throw new Error(`Template ${name} has no release ${version}`);
  return readJson(release.path);
}

function compareVersions(a, b) {
  const pa = a.split(/[.-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  const pb = b.split(/[.-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] < pb[i] ? -1 : 1;
  return 0;
}
