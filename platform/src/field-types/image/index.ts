import type { FieldType } from '../field-type.ts';
import { fileRefType } from '../_shared/file-ref.ts';
import propertiesSchema from './image.schema.json' with { type: 'json' };

/** The raster types an image field may take; its content is sniffed, so a declared type proves nothing. */
export const IMAGE_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

/** An uploaded raster image (PNG, JPEG, GIF, WebP; never SVG, which can carry script), with a thumbnail. */
export const image: FieldType = fileRefType({
  name: 'image',
  label: { en: 'Image', 'zh-CN': '图片' },
  propertiesSchema,
  widget: 'image',
  defaultAccept: IMAGE_TYPES,
  defaultMaxSize: 10 * 2 ** 20,
  check: (field) => ((field.accept as string[]) ?? [])
    .map((type, i) => ({ type, i }))
    .filter(({ type }) => type !== 'image/*' && !IMAGE_TYPES.includes(type))
    .map(({ type, i }) => ({ pointer: `/accept/${i}`, message: `${type} is not a raster image type an image field takes (${IMAGE_TYPES.join(', ')}, image/*)` })),
});
