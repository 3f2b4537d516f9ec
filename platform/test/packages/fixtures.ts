import type { PackageManifest } from '../../src/packages/index.ts';

/** A small ISV package: one object of its own, a validation rule on it, a lookup within the package. */
export function lessonsManifest(overrides: Partial<PackageManifest> = {}): PackageManifest {
  return {
    namespace: 'tutor',
    name: 'tutor-lessons',
    version: '1.0.0',
    label: { en: 'Lesson planner', 'zh-CN': '课程规划' },
    description: { en: 'Plan lessons per student.', 'zh-CN': '按学生规划课程。' },
    dependencies: {},
    rights: ['manageMetadata'],
    components: {
      objects: [
        { name: 'tutor__lesson', label: { en: 'Lesson', 'zh-CN': '课程' }, fields: [{ name: 'title', type: 'text', required: true }, { name: 'room', type: 'lookup', target: 'tutor__room', relationName: 'lessons' }] },
        { name: 'tutor__room', fields: [{ name: 'code', type: 'text' }] },
      ],
      validationRules: [{ name: 'tutor__titled', object: 'tutor__lesson', assert: 'NOT(ISBLANK(title))', message: { en: 'A lesson needs a title' } }],
    },
    ...overrides,
  };
}

/** A package extending tutor-lessons: a field on its lesson object, and an object looking up its room. */
export function homeworkManifest(overrides: Partial<PackageManifest> = {}): PackageManifest {
  return {
    namespace: 'hw',
    name: 'tutor-homework',
    version: '1.0.0',
    label: { en: 'Homework', 'zh-CN': '家庭作业' },
    dependencies: { 'tutor-lessons': '^1.0.0' },
    rights: [],
    components: {
      objects: [
        { name: 'tutor__lesson', fields: [{ name: 'hw__due', type: 'date' }] },
        { name: 'hw__assignment', fields: [{ name: 'room', type: 'lookup', target: 'tutor__room', relationName: 'assignments' }] },
      ],
    },
    ...overrides,
  };
}
