import { describe, expect, it } from 'vitest';
import { isPlatformError } from '../../src/errors/index.ts';
import { canonicalJson, generatePublisherKey, manifestOfTemplate, signatureValid, signPackage, validateManifest, type PackageManifest } from '../../src/packages/index.ts';
import { listTemplates, readTemplateDocument } from '../../../templates/index.js';
import { homeworkManifest, lessonsManifest } from './fixtures.ts';

/** The refusal's code and its details' pointers (with messages, for the failure output). */
function refusal(manifest: unknown, check?: Parameters<typeof validateManifest>[1]): { code: string; errors: { pointer: string; message: string }[] } {
  try {
    validateManifest(manifest, check);
  } catch (error) {
    if (!isPlatformError(error)) throw error;
    return { code: error.code, errors: error.details.map((d) => ({ pointer: d.pointer, message: d.message })) };
  }
  throw new Error('the manifest was accepted');
}
const pointers = (r: ReturnType<typeof refusal>) => r.errors.map((e) => e.pointer);

describe('package manifests (tessera:package)', () => {
  it('accepts a namespaced package, and an extension of its dependency checked against that dependency', () => {
    expect(validateManifest(lessonsManifest()).name).toBe('tutor-lessons');
    expect(validateManifest(homeworkManifest(), { dependencies: new Map([['tutor-lessons', lessonsManifest()]]) }).namespace).toBe('hw');
  });

  it('refuses every un-namespaced component with its pointer: objects, rules, fields added to another package\'s object', () => {
    const manifest = lessonsManifest();
    manifest.components.objects.push({ name: 'lesson2', fields: [] });
    manifest.components.validationRules.push({ name: 'titled', object: 'tutor__lesson', assert: 'true', message: { en: 'x' } });
    manifest.components.workflows = [{ name: 'remind', object: 'tutor__lesson' }];
    const r = refusal(manifest);
    expect(r.code).toBe('VALIDATION_FAILED');
    expect(pointers(r)).toEqual(['/components/objects/2/name', '/components/validationRules/1/name', '/components/workflows/0/name']);
    expect(r.errors[0].message).toMatch(/tutor__lesson2/);

    const extension = homeworkManifest();
    extension.components.objects[0].fields = [{ name: 'due', type: 'date' }];
    const deps = new Map([['tutor-lessons', lessonsManifest()]]);
    expect(refusal(extension, { dependencies: deps }).errors).toEqual([{ pointer: '/components/objects/0/fields/0/name', message: expect.stringMatching(/hw__due/) }]);
    // Offline (no registry): an extension's fields are still checked.
    expect(pointers(refusal(extension))).toEqual(['/components/objects/0/fields/0/name']);
  });

  it('refuses an un-namespaced object that is no dependency\'s, and a package without dependencies extending anything', () => {
    const deps = new Map([['tutor-lessons', lessonsManifest()]]);
    expect(pointers(refusal(homeworkManifest({ components: { objects: [{ name: 'student', fields: [] }] } }), { dependencies: deps }))).toEqual(['/components/objects/0/name']);
    expect(pointers(refusal(lessonsManifest({ components: { objects: [{ name: 'lead', fields: [{ name: 'tutor__x', type: 'text' }] }] } })))).toEqual(['/components/objects/0/name']);
  });

  it('refuses a bad semver version and a bad range, each at its pointer', () => {
    for (const version of ['1.0', 'v1.0.0', '1.0.0.0', 'latest']) expect(pointers(refusal(lessonsManifest({ version }))), version).toEqual(['/version']);
    expect(pointers(refusal(homeworkManifest({ dependencies: { 'tutor-lessons': 'one point oh' } })))).toEqual(['/dependencies/tutor-lessons']);
    expect(pointers(refusal(homeworkManifest({ dependencies: { 'tutor-homework': '^1.0.0' } })))).toEqual(['/dependencies/tutor-homework']);
  });

  it('refuses a bad namespace, name, label and an unknown right through the schema', () => {
    const r = refusal({ ...lessonsManifest(), namespace: 'Tutor_1', name: 'Tutor Lessons', label: { en: 'x' }, rights: ['root'] });
    expect(pointers(r).sort()).toEqual(['/label/zh-CN', '/name', '/namespace', '/rights/0']);
  });

  it('refuses names used from a namespace no dependency has, or that the dependency does not define', () => {
    const deps = new Map([['tutor-lessons', lessonsManifest()]]);
    const unknownNs = homeworkManifest();
    unknownNs.components.objects[1].fields = [{ name: 'x', type: 'lookup', target: 'acme__thing', relationName: 'xs' }];
    expect(refusal(unknownNs, { dependencies: deps }).errors).toEqual([{ pointer: '/components/objects/1/fields/0/target', message: expect.stringMatching(/no dependency has the namespace acme/) }]);
    const missing = homeworkManifest();
    missing.components.objects[1].fields = [{ name: 'x', type: 'lookup', target: 'tutor__desk', relationName: 'xs' }];
    expect(refusal(missing, { dependencies: deps }).errors).toEqual([{ pointer: '/components/objects/1/fields/0/target', message: expect.stringMatching(/tutor-lessons does not define/) }]);
    const ownMissing = lessonsManifest();
    ownMissing.components.validationRules[0].object = 'tutor__lessons';
    expect(pointers(refusal(ownMissing))).toEqual(['/components/validationRules/0/object']);
  });

  it('checks the object of a dotted use (`ns__object.field`) as it checks a whole name', () => {
    const deps = new Map([['tutor-lessons', lessonsManifest()]]);
    const dotted = homeworkManifest();
    dotted.components.objects[1].fields = [{ name: 'x', type: 'text', description: 'not a use: tutor__desk.code is prose' }];
    dotted.components.validationRules = [{ name: 'hw__r', object: 'hw__assignment', columns: ['tutor__desk.code', 'tutor__room.code', 'hw__assignment.x'] }];
    expect(refusal(dotted, { dependencies: deps }).errors).toEqual([{ pointer: '/components/validationRules/0/columns/0', message: expect.stringMatching(/uses tutor__desk, which tutor-lessons does not define/) }]);
  });

  it('grandfathers the bundled templates\' names with legacyNames, which nothing else may use', () => {
    const templates = listTemplates();
    const versionOf = (name: string) => templates.find((t) => t.name === name)!.version;
    for (const template of templates) {
      const manifest = manifestOfTemplate(template, readTemplateDocument(template.name) as PackageManifest['components'], versionOf);
      expect(validateManifest(manifest, { allowLegacyNames: true }).name).toBe(template.name);
      expect(pointers(refusal(manifest)), template.name).toEqual(['/legacyNames']);
    }
  });
});

describe('package signatures', () => {
  it('serializes canonically: key order and spacing do not change the bytes', () => {
    expect(canonicalJson({ b: [1, { d: 'x', c: null }], a: 'é' })).toBe('{"a":"é","b":[1,{"c":null,"d":"x"}]}');
    expect(canonicalJson(JSON.parse('{ "z": 1, "a": { "y": 2, "b": 3 } }'))).toBe(canonicalJson({ a: { b: 3, y: 2 }, z: 1 }));
  });

  it('verifies the signed package, re-indented and reordered, and refuses one changed byte of the manifest or the files', () => {
    const key = generatePublisherKey();
    const signed = signPackage({ manifest: lessonsManifest(), files: { 'data/rooms.json': '[{"code":"A1"}]' } }, key.privateKeyPem);
    expect(signed.signature.publicKey).toBe(key.publicKey);
    expect(signatureValid(signed)).toBe(true);
    const text = JSON.stringify(signed, null, 2);
    expect(signatureValid(JSON.parse(text))).toBe(true);
    const tampered = text.replace('"Lesson planner"', '"Lesson plannex"');
    expect(tampered).not.toBe(text);
    expect(signatureValid(JSON.parse(tampered))).toBe(false);
    expect(signatureValid(JSON.parse(text.replace('A1', 'A2')))).toBe(false);
    const otherKey = generatePublisherKey();
    expect(signatureValid({ ...signed, signature: { ...signed.signature, publicKey: otherKey.publicKey } })).toBe(false);
    expect(signatureValid({ ...signed, signature: { ...signed.signature, publicKey: 'not a key' } })).toBe(false);
  });
});
