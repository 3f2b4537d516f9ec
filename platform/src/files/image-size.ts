/**
 * An image's pixel size from its header, read before decoding it: a small file can declare a
 * gigapixel image (a decompression bomb), and a thumbnail must not decode one.
 */
export function imageSize(mime: string, head: Uint8Array): { width: number; height: number } | null {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (mime === 'image/png' && head.length >= 24) return { width: view.getUint32(16), height: view.getUint32(20) };
  if (mime === 'image/gif' && head.length >= 10) return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
  if (mime === 'image/jpeg') {
    // Walk the segments to the first start-of-frame (SOF0…SOF15 but DHT, JPG and DAC).
    let at = 2;
    while (at + 9 < head.length) {
      if (head[at] !== 0xff) return null;
      const marker = head[at + 1];
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
      }
      at += 2 + view.getUint16(at + 2);
    }
  }
  return null;
}
