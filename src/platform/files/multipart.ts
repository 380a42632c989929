import type { FastifyRequest } from 'fastify';
import { HttpError } from '../http/errors';
import { clean } from '../text/text';

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
 * A urlencoded body is accepted too, with no files, so a form works either way. A body the parser cannot read
 * (truncated, a bad boundary, broken part headers) is a 400; field values are returned as sent, for the form's
 * `validate` to judge (NUL and the like included); file names and types are cleaned.
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
  try {
    // A file over the per-file limit is cut off (not thrown), so the other fields are still read.
    for await (const part of req.parts({ throwFileSizeLimit: false } as Parameters<FastifyRequest['parts']>[0])) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        const filename = clean(part.filename ?? '');
        if (part.file.truncated) {
          oversized.push(filename);
          continue;
        }
        if (!filename && data.byteLength === 0) continue;
        files.push({ field: part.fieldname, filename, mimetype: clean(part.mimetype ?? ''), data });
      } else {
        add(part.fieldname, String(part.value ?? ''));
      }
    }
  } catch (e) {
    // The plugin's own refusals (too many files or fields: 413) keep their status; the parser's errors carry none.
    if ((e as { statusCode?: number }).statusCode) throw e;
    throw new HttpError(400, 'error.badMultipart');
  }
  return { fields, all, files, oversized };
}
