import type { Executor } from '../../../platform/db/types';
import type { Principal } from '../../../platform/access/principal';
import { HttpError, ValidationError } from '../../../platform/http/errors';
import { attachFile, getFilesMeta, storeUpload, type FileKind } from '../../../platform/files/files';
import { ENTITY } from './notify';

export interface Upload {
  filename: string;
  data: Buffer | Uint8Array;
  declaredType?: string;
}

export interface AttachRules {
  /** Kinds a file sent with this request may be (checked by content). */
  allowed: readonly FileKind[];
  /** Whether files uploaded beforehand must be of those kinds too (415); a petition's own files must, an answer's need not. */
  earlierOfAllowedKind: boolean;
  maxMb: number;
}

/**
 * Attaches to a petition (or one of its answers) the files this caller uploaded beforehand (`fileIds`, not yet
 * attached to anything) and the files sent with this request, in the caller's transaction. Returns their ids.
 */
export async function attachFiles(
  tx: Executor,
  target: { petitionId: number; answerId: number | null },
  by: Principal,
  files: { fileIds: string[]; uploads: Upload[] },
  rules: AttachRules,
  now: Date,
): Promise<string[]> {
  const attached: Array<{ id: string; filename: string; kind: string; size: number }> = [];
  if (files.fileIds.length) {
    const metas = await getFilesMeta(tx, files.fileIds);
    for (const id of files.fileIds) {
      const m = metas.find((x) => x.id === id);
      if (!m || m.createdBy !== by.id || m.entityType !== null) throw new ValidationError({ attachmentIds: 'petitions.error.attachment' });
      if (rules.earlierOfAllowedKind && !rules.allowed.includes(m.kind)) throw new HttpError(415, 'petitions.error.attachmentType');
      attached.push({ id: m.id, filename: m.filename, kind: m.kind, size: m.size });
    }
  }
  for (const u of files.uploads) {
    const f = await storeUpload(tx, {
      filename: u.filename,
      data: u.data,
      declaredType: u.declaredType,
      allowed: rules.allowed,
      maxBytes: rules.maxMb * 1024 * 1024,
      createdBy: by.id,
      at: now,
    });
    attached.push({ id: f.id, filename: f.filename, kind: f.kind, size: f.size });
  }
  for (const a of attached) {
    await attachFile(tx, a.id, ENTITY, target.petitionId);
    await tx
      .insertInto('petition_attachments')
      .values({ petition_id: target.petitionId, answer_id: target.answerId, file_id: a.id, filename: a.filename, kind: a.kind, size: a.size, added_by: by.id, added_at: now })
      .execute();
  }
  return attached.map((a) => a.id);
}
