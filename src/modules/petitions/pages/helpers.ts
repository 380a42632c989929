import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../../platform/context';
import { HttpError, ValidationError } from '../../../platform/http/errors';
import type { Translate } from '../../../platform/i18n/i18n';
import { getSetting } from '../../../platform/settings/settings';
import { listAgencies, listCategories, listUnits } from '../../directory/service';
import { registrationProvince } from '../../accounts/service';
import { petitionSettings } from '../settings';
import type { Values } from '../views/common';

export const TILE_SETTING = 'petitions.map.tileUrl';

export function ip(req: FastifyRequest): string | null {
  return req.ip ?? null;
}

/** Query-string values as the forms show them again (strings; the last of repeated ones). */
export function queryValues(q: unknown): Values {
  const out: Values = {};
  for (const [k, v] of Object.entries((q ?? {}) as Record<string, unknown>)) {
    const x = Array.isArray(v) ? v[v.length - 1] : v;
    if (typeof x === 'string') out[k] = x;
  }
  return out;
}

/** Field names of the service's validation errors → the ids of the page's fields. */
const FIELD_ALIASES: Record<string, string> = {
  'petitioner.name': 'petitionerName',
  'petitioner.phone': 'petitionerPhone',
  'petitioner.email': 'petitionerEmail',
  'petitioner.address': 'petitionerAddress',
  'petitioner.idNo': 'petitionerIdNo',
  petitioner: 'petitionerName',
  attachmentIds: 'attachments',
};

export function fieldErrors(e: ValidationError, t: Translate): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, msg] of Object.entries(e.messages(t))) {
    const key = FIELD_ALIASES[k] ?? (k.startsWith('attachmentIds') ? 'attachments' : k.split('.')[0]);
    out[key] ??= msg;
  }
  return out;
}

/** The statuses of an upload failure shown beside the attachments field. */
export const UPLOAD_STATUSES = [413, 415];

export function isHttp(e: unknown, ...statuses: number[]): e is HttpError {
  return e instanceof HttpError && (statuses.length === 0 || statuses.includes(e.status));
}

export interface Refs {
  province: string;
  communes: Array<{ code: string; name: string }>;
  categories: Array<{ id: number; name: string }>;
}

/** The home province's communes and the categories, for selects. */
export async function commonRefs(ctx: AppContext, locale: string): Promise<Refs> {
  const province = await registrationProvince(ctx.db);
  const [units, categories] = await Promise.all([listUnits(ctx.db, { parent: province, limit: 5000 }), listCategories(ctx.db)]);
  return {
    province,
    communes: units.map((u) => ({ code: u.code, name: locale === 'en' ? u.fullNameEn : u.fullName })),
    categories: categories.map((c) => ({ id: c.id, name: locale === 'en' ? c.nameEn : c.name })),
  };
}

/** The active agencies of the home province (forward / direct / staff-entry selects). */
export async function provinceAgencies(ctx: AppContext, province: string): Promise<Array<{ id: number; name: string; unitCode: string }>> {
  const all = await listAgencies(ctx.db, { limit: 5000 });
  return all.filter((a) => a.provinceCode === province).map((a) => ({ id: a.id, name: a.name, unitCode: a.unitCode }));
}

export async function uploadLimits(ctx: AppContext): Promise<{ maxFiles: number; maxMb: number }> {
  const s = await petitionSettings(ctx.db);
  return { maxFiles: s['petitions.attachments.maxCount'], maxMb: s['petitions.attachments.maxMb'] };
}

export async function tileUrl(ctx: AppContext): Promise<string> {
  const v = await getSetting<string>(ctx.db, TILE_SETTING);
  return /^https:\/\/[^\s"'<>]+$/.test(v) ? v : '';
}
