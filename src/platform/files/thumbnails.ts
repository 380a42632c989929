import { LRUCache } from 'lru-cache';

/** Thumbnails by content hash: the same photo is resized once, whoever asks (each request still checks access). */
const cache = new LRUCache<string, Buffer>({ maxSize: 16 * 1024 * 1024, sizeCalculation: (b) => b.byteLength || 1 });

/** A WebP at most 320 × 240 (covering a 160 × 120 box at twice the density), turned upright by its EXIF. */
export async function thumbnail(sha256: string, data: Uint8Array): Promise<Buffer> {
  const hit = cache.get(sha256);
  if (hit) return hit;
  const { default: sharp } = await import('sharp'); // loaded on first use (docs/benchmarks.md, idle memory)
  const out = await sharp(data, { limitInputPixels: 40_000_000 }).rotate().resize(320, 240, { fit: 'cover' }).webp({ quality: 70 }).toBuffer();
  cache.set(sha256, out);
  return out;
}
