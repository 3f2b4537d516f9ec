import { fieldMeta } from './records-fixture.tsx';

/** A many-to-many field (to `tag`): many-to-many.test.tsx tests its widget, form-fields-more.test.tsx counts it. */
export const M2M_FIXTURES = [fieldMeta({ name: 'tags', type: 'manyToMany', label: 'Tags', target: 'tag' } as never)];
