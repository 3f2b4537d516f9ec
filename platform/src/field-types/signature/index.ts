import type { FieldType } from '../field-type.ts';
import { fileRefType } from '../_shared/file-ref.ts';
import propertiesSchema from './signature.schema.json' with { type: 'json' };

/**
 * A drawn signature, kept as a PNG image file: the studio's pad draws on a canvas and uploads what
 * it drew, so a signature is shown, downloaded and permission-checked as any image (SVG path data
 * would need a sanitizer on every read; a PNG needs none).
 */
export const signature: FieldType = fileRefType({
  name: 'signature',
  label: { en: 'Signature', 'zh-CN': '签名' },
  propertiesSchema,
  widget: 'signature',
  defaultAccept: ['image/png'],
  defaultMaxSize: 512 * 1024,
});
