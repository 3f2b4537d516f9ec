import { compositeType } from '../_shared/composite.ts';
import propertiesSchema from './fullName.schema.json' with { type: 'json' };

const NAME = { type: 'string', minLength: 1, maxLength: 100 };

/**
 * A person's name in three text columns, the family name first (`<name>__last`, `__first`,
 * `__middle`) so that the field sorts by family name, then given name. Each part filters as text.
 * How it reads depends on the reader's language (`formatFullName`): "Ada M. Lovelace" in English,
 * 姓名 order without a space (张三) in Chinese, Japanese and Korean.
 */
export const fullName = compositeType({
  name: 'fullName',
  label: { en: 'Full name', 'zh-CN': '姓名' },
  propertiesSchema,
  typeName: 'FullName',
  widget: 'fullName',
  parts: [
    { name: 'last', type: 'text', required: true, schema: NAME },
    { name: 'first', type: 'text', schema: NAME },
    { name: 'middle', type: 'text', schema: NAME },
  ],
  capabilities: { sortable: true },
});

/** Family name first, no spaces: how Chinese, Japanese and Korean write a name. */
const FAMILY_FIRST = /^(zh|ja|ko)\b/i;

/** A full name as the language `locale` writes it: `Ada M. Lovelace`, or 张三 for zh. */
export function formatFullName(value: { first?: string | null; middle?: string | null; last?: string | null } | null, locale: string): string {
  if (!value) return '';
  const { first, middle, last } = value;
  if (FAMILY_FIRST.test(locale)) return [last, middle, first].filter(Boolean).join('');
  return [first, middle, last].filter(Boolean).join(' ');
}
