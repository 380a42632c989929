import { createHash, randomUUID } from 'node:crypto';
import { sql, type Kysely, type Migration } from 'kysely';
import type { Executor } from '../db/types';
import type { AppContext } from '../context';
import type { Principal } from '../access/principal';
import { HttpError } from '../http/errors';
import { clean } from '../text/text';

export const FILE_KINDS = ['image', 'pdf', 'docx', 'xlsx'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

declare module '../db/types' {
  interface Database {
    files: {
      id: string;
      filename: string;
      content_type: string;
      size: number;
      sha256: string;
      data: Uint8Array;
      kind: FileKind;
      /** Set by the owning module: anyone may read a public file. */
      public: boolean;
      /** What the file is attached to (set by attachFile); access to a non-public file asks that entity's module. */
      entity_type: string | null;
      entity_id: string | null;
      created_at: Date;
      created_by: number | null;
    };
  }
}

export interface StoredFile {
  id: string;
  kind: FileKind;
  size: number;
  filename: string;
  contentType: string;
}

export interface FileMeta extends StoredFile {
  sha256: string;
  public: boolean;
  entityType: string | null;
  entityId: string | null;
  createdAt: Date;
  createdBy: number | null;
}

export interface UploadInput {
  filename: string;
  data: Buffer | Uint8Array;
  /** What the browser said; informative only: the type is decided by the content. */
  declaredType?: string;
  allowed: readonly FileKind[];
  maxBytes: number;
  createdBy?: number | null;
  at?: Date;
  /** Longest side of a stored image, in pixels. */
  maxImageSide?: number;
}

const IMAGE_OUT: Record<string, { format: 'jpeg' | 'png' | 'webp'; type: string; ext: string }> = {
  'image/jpeg': { format: 'jpeg', type: 'image/jpeg', ext: 'jpg' },
  'image/png': { format: 'png', type: 'image/png', ext: 'png' },
  'image/webp': { format: 'webp', type: 'image/webp', ext: 'webp' },
  // An animated GIF keeps its first frame, as a PNG.
  'image/gif': { format: 'png', type: 'image/png', ext: 'png' },
};
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Human size, Vietnamese style (e.g. "10 MB"). */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`.replace('.', ',');
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} B`;
}

/** A safe display name: no path, no control characters, bounded, with the extension of what is stored. */
export function safeFilename(name: string, ext: string): string {
  const base = clean(String(name ?? ''))
    .split(/[\\/]/)
    .pop()!
    .replace(/[\u0000-\u001f\u007f"<>:|?*]/g, '')
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .trim()
    .slice(0, 150);
  return `${base || 'tep'}.${ext}`;
}

function kindLabel(allowed: readonly FileKind[]): string {
  const labels: Record<FileKind, string> = { image: 'JPG, PNG, WEBP, GIF', pdf: 'PDF', docx: 'DOCX', xlsx: 'XLSX' };
  return allowed.map((k) => labels[k]).join(', ');
}

/** What the content really is (never the name): the kind and the MIME type, or null. */
export async function sniff(data: Uint8Array): Promise<{ kind: FileKind; mime: string } | null> {
  // file-type and sharp (about 35 MB resident together) are loaded by the first upload, not at start.
  const { fileTypeFromBuffer } = await import('file-type');
  const ft = await fileTypeFromBuffer(data);
  if (!ft) return null;
  if (IMAGE_OUT[ft.mime]) return { kind: 'image', mime: ft.mime };
  if (ft.mime === 'application/pdf') {
    // file-type finds %PDF- anywhere near the start; a real PDF begins with it.
    return Buffer.from(data.subarray(0, 5)).toString('latin1') === '%PDF-' ? { kind: 'pdf', mime: ft.mime } : null;
  }
  if (ft.mime === DOCX) return { kind: 'docx', mime: DOCX };
  if (ft.mime === XLSX) return { kind: 'xlsx', mime: XLSX };
  return null;
}

/**
 * Images are decoded and encoded again: turned upright by their EXIF orientation, then stored without
 * any metadata (EXIF with GPS location, XMP, IPTC, comments), at most `maxSide` pixels on a side.
 * Whatever else was hidden in the file does not survive the re-encoding.
 */
export async function reencodeImage(data: Uint8Array, mime: string, maxSide = 2560): Promise<{ data: Buffer; type: string; ext: string }> {
  const out = IMAGE_OUT[mime];
  const { default: sharp } = await import('sharp');
  const img = sharp(data, { failOn: 'error', limitInputPixels: 100_000_000, animated: false })
    .rotate()
    .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true });
  const encoded =
    out.format === 'jpeg'
      ? img.jpeg({ quality: 85, mozjpeg: true })
      : out.format === 'webp'
        ? img.webp({ quality: 85 })
        : img.png({ compressionLevel: 9 });
  return { data: await encoded.toBuffer(), type: out.type, ext: out.ext };
}

/**
 * Checks and stores an upload in the caller's transaction. The type is decided by the content:
 * a ".jpg" that is really HTML or a program → 415; larger than `maxBytes` → 413.
 */
export async function storeUpload(tx: Executor, input: UploadInput): Promise<StoredFile> {
  const name = String(input.filename ?? '');
  const data = input.data;
  if (!data || data.byteLength === 0) throw new HttpError(422, 'files.error.empty', { name });
  if (data.byteLength > input.maxBytes) {
    throw new HttpError(413, 'files.error.tooLarge', { name, max: formatBytes(input.maxBytes) });
  }
  const found = await sniff(data);
  if (!found || !input.allowed.includes(found.kind)) {
    throw new HttpError(415, 'files.error.type', { name, allowed: kindLabel(input.allowed) });
  }
  let body: Buffer;
  let contentType: string;
  let ext: string;
  if (found.kind === 'image') {
    try {
      const r = await reencodeImage(data, found.mime, input.maxImageSide ?? 2560);
      body = r.data;
      contentType = r.type;
      ext = r.ext;
    } catch {
      throw new HttpError(415, 'files.error.corrupt', { name });
    }
  } else {
    body = Buffer.from(data);
    contentType = found.mime;
    ext = found.kind;
  }
  const id = randomUUID();
  const filename = safeFilename(name, ext);
  const sha256 = createHash('sha256').update(body).digest('hex');
  await tx
    .insertInto('files')
    .values({
      id,
      filename,
      content_type: contentType,
      size: body.byteLength,
      sha256,
      data: body,
      kind: found.kind,
      public: false,
      entity_type: null,
      entity_id: null,
      created_at: input.at ?? new Date(),
      created_by: input.createdBy ?? null,
    })
    .execute();
  return { id, kind: found.kind, size: body.byteLength, filename, contentType };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isFileId = (s: unknown): s is string => typeof s === 'string' && UUID.test(s);

const metaColumns = [
  'id',
  'filename',
  'content_type',
  'size',
  'sha256',
  'kind',
  'public',
  'entity_type',
  'entity_id',
  'created_at',
  'created_by',
] as const;

function toMeta(r: {
  id: string; filename: string; content_type: string; size: number; sha256: string; kind: FileKind; public: boolean;
  entity_type: string | null; entity_id: string | null; created_at: Date; created_by: number | null;
}): FileMeta {
  return {
    id: r.id,
    filename: r.filename,
    contentType: r.content_type,
    size: Number(r.size),
    sha256: r.sha256,
    kind: r.kind,
    public: r.public,
    entityType: r.entity_type,
    entityId: r.entity_id,
    createdAt: r.created_at,
    createdBy: r.created_by === null ? null : Number(r.created_by),
  };
}

/** A file with its bytes. */
export async function getFile(db: Executor, id: string): Promise<(FileMeta & { data: Buffer }) | undefined> {
  if (!isFileId(id)) return undefined;
  const r = await db.selectFrom('files').select([...metaColumns, 'data']).where('id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  const d = r.data as Uint8Array;
  return { ...toMeta(r), data: Buffer.from(d.buffer, d.byteOffset, d.byteLength) };
}

/** Files' metadata (no bytes), in the order asked; unknown ids are absent. */
export async function getFilesMeta(db: Executor, ids: string[]): Promise<FileMeta[]> {
  const wanted = ids.filter(isFileId);
  if (!wanted.length) return [];
  const rows = await db.selectFrom('files').select(metaColumns).where('id', 'in', wanted).execute();
  const byId = new Map(rows.map((r) => [r.id, toMeta(r)]));
  return wanted.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

/** The files attached to an entity, oldest first. */
export async function filesOf(db: Executor, entityType: string, entityId: string | number): Promise<FileMeta[]> {
  const rows = await db
    .selectFrom('files')
    .select(metaColumns)
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', String(entityId))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toMeta);
}

export async function setFilePublic(tx: Executor, id: string, isPublic: boolean): Promise<void> {
  if (!isFileId(id)) return;
  await tx.updateTable('files').set({ public: isPublic }).where('id', '=', id).execute();
}

/** Links a file to the entity it belongs to; reading a non-public file then asks that entity type's access check. */
export async function attachFile(tx: Executor, fileId: string, entityType: string, entityId: string | number): Promise<void> {
  if (!isFileId(fileId)) return;
  await tx.updateTable('files').set({ entity_type: entityType, entity_id: String(entityId) }).where('id', '=', fileId).execute();
}

export async function deleteFile(tx: Executor, id: string): Promise<void> {
  if (!isFileId(id)) return;
  await tx.deleteFrom('files').where('id', '=', id).execute();
}

export type FileAccessCheck = (
  ctx: AppContext,
  principal: Principal | null,
  fileId: string,
  entityId: string,
) => Promise<boolean>;
const accessChecks = new Map<string, FileAccessCheck>();

/** A module tells who may read the non-public files attached to its entities of `entityType`. */
export function registerFileAccess(entityType: string, check: FileAccessCheck): void {
  accessChecks.set(entityType, check);
}

/**
 * May this caller read the file? A public file: anyone. A non-public one attached to an entity: the
 * check its module registered (none registered: nobody). Not yet attached: only who uploaded it.
 */
export async function canReadFile(ctx: AppContext, principal: Principal | null, file: FileMeta): Promise<boolean> {
  if (file.public) return true;
  if (!file.entityType || file.entityId === null) return !!principal && file.createdBy !== null && principal.id === file.createdBy;
  const check = accessChecks.get(file.entityType);
  if (!check) return false;
  return check(ctx, principal, file.id, file.entityId);
}

export const filesMigrations: Record<string, Migration> = {
  '202611270005_platform_files': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('files')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('data', 'bytea', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('image','pdf','docx','xlsx')`))
        .addColumn('public', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('entity_type', 'text')
        .addColumn('entity_id', 'text')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('created_by', 'bigint')
        .execute();
      await db.schema.createIndex('files_entity').on('files').columns(['entity_type', 'entity_id']).execute();
    },
  },
};

/**
 * Uploads that were never attached to anything (e.g. an API client uploaded a file and never sent the
 * petition) are removed after a day, so abandoned uploads do not pile up.
 */
export const pruneUnattachedFilesJob: import('../jobs/jobs').RecurringJob = {
  name: 'platform.prune-unattached-files',
  everyMinutes: 60,
  async run(ctx) {
    const before = new Date(ctx.clock.now().getTime() - 24 * 3600_000);
    const r = await ctx.db.deleteFrom('files').where('entity_type', 'is', null).where('created_at', '<', before).executeTakeFirst();
    if (Number(r.numDeletedRows)) ctx.log.info({ removed: Number(r.numDeletedRows) }, 'unattached uploads removed');
  },
};
