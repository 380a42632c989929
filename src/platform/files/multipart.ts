import type { FastifyRequest } from 'fastify';

export interface UploadedPart {
  field: string;
  filename: string;
  mimetype: string;
  data: Buffer;
}

export interface MultipartForm {
  /** Text fields; a repeated name gives the last value here and every value in `all`. */
  fields: Record<string, string>;
  all: Record<string, string[]>;
  files: UploadedPart[];
  /** Names of files cut off at the server's per-file size limit (not in `files`). */
  oversized: string[];
}

/**
 * Reads a multipart/form-data body into memory (bounded by the server's multipart limits: a file
 * over the size limit is listed in `oversized`, too many files → 413). Empty file inputs (nothing chosen) are skipped.
 * A urlencoded body is accepted too, with no files, so a form works either way.
 */
export async function readForm(req: FastifyRequest): Promise<MultipartForm> {
  const fields: Record<string, string> = {};
  const all: Record<string, string[]> = {};
  const files: UploadedPart[] = [];
  const oversized: string[] = [];
  const add = (k: string, v: string) => {
    fields[k] = v;
    (all[k] ??= []).push(v);
  };
  if (!req.isMultipart()) {
    for (const [k, v] of Object.entries((req.body ?? {}) as Record<string, unknown>)) {
      for (const x of ([] as unknown[]).concat(v)) if (typeof x === 'string') add(k, x);
    }
    return { fields, all, files, oversized };
  }
  // A file over the per-file limit is cut off (not thrown), so the other fields are still read.
  for await (const part of req.parts({ throwFileSizeLimit: false } as Parameters<FastifyRequest['parts']>[0])) {
    if (part.type === 'file') {
      const data = await part.toBuffer();
      if (part.file.truncated) {
        oversized.push(part.filename);
        continue;
      }
      if (!part.filename && data.byteLength === 0) continue;
      files.push({ field: part.fieldname, filename: part.filename, mimetype: part.mimetype, data });
    } else {
      add(part.fieldname, String(part.value ?? ''));
    }
  }
  return { fields, all, files, oversized };
}
