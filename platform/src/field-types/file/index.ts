import type { FieldType } from '../field-type.ts';
import { fileRefType } from '../_shared/file-ref.ts';
import propertiesSchema from './file.schema.json' with { type: 'json' };

/** Any uploaded file (a contract, a PDF), up to `maxSize` bytes of the `accept`ed types. */
export const file: FieldType = fileRefType({
  name: 'file',
  label: { en: 'File', 'zh-CN': '文件' },
  propertiesSchema,
  widget: 'file',
  defaultAccept: ['*/*'],
  defaultMaxSize: 10 * 2 ** 20,
});
