import { Jimp } from 'jimp';
import { imageSize } from './image-size.ts';

/** The longest side of a thumbnail, in pixels. */
export const THUMBNAIL_PX = 256;
/** Images with more pixels than this get no thumbnail (decoding one would hold ~4 bytes a pixel). */
export const MAX_THUMBNAIL_SOURCE_PIXELS = 40_000_000;

/** The types thumbnails are made of: what jimp (pure JavaScript) decodes. WebP is shown as itself. */
const DECODED = new Set(['image/png', 'image/jpeg', 'image/gif']);

/**
 * A thumbnail of an uploaded image, at most THUMBNAIL_PX on its longest side (never enlarged),
 * made with jimp: pure JavaScript, so no native binary or install script (sharp needs both) — the
 * cost is speed (~100 ms for a photo here), paid once at upload. JPEG stays JPEG (photos), the
 * rest becomes PNG (keeps transparency). Null when the image cannot or should not be decoded.
 */
export async function makeThumbnail(mime: string, bytes: Buffer): Promise<{ mime: string; bytes: Buffer } | null> {
  if (!DECODED.has(mime)) return null;
  const size = imageSize(mime, bytes.subarray(0, Math.min(bytes.length, 256 * 1024)));
  if (!size || size.width * size.height > MAX_THUMBNAIL_SOURCE_PIXELS) return null;
  try {
    const image = await Jimp.read(bytes);
    if (image.width > THUMBNAIL_PX || image.height > THUMBNAIL_PX) image.scaleToFit({ w: THUMBNAIL_PX, h: THUMBNAIL_PX });
    const out = mime === 'image/jpeg' ? 'image/jpeg' : 'image/png';
    return { mime: out, bytes: await image.getBuffer(out as 'image/png') };
  } catch {
    // A file whose header is an image's but whose body does not decode: kept, shown without a thumbnail.
    return null;
  }
}
