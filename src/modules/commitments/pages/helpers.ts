import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../../platform/context';
import type { Principal } from '../../../platform/access/principal';
import type { Translate } from '../../../platform/i18n/i18n';
import { HttpError, ValidationError } from '../../../platform/http/errors';
import { queryString } from '../../../platform/http/forms';
import { getAgencies, listAgencies, listCategories } from '../../directory/service';
import { listFilterSchema, type ListFilter } from '../schema';
import type { FilterRefs, Values } from '../views/common';

/** A refusal's messages beside the fields: a nested path names the form field in camel case (promisedBy.name → promisedByName). */
export function fieldErrors(e: ValidationError, t: Translate): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, msg] of Object.entries(e.messages(t))) {
    const parts = k.split('.').filter((s) => !/^\d+$/.test(s));
    out[parts.map((s, i) => (i ? s[0].toUpperCase() + s.slice(1) : s)).join('')] ??= msg;
  }
  return out;
}

/** The message of a refused action, translated (its params may be catalogue keys). */
export function refusalText(e: HttpError, t: Translate): string {
  const params = Object.fromEntries(Object.entries(e.params ?? {}).map(([k, v]) => [k, typeof v === 'string' && /^[a-z]+\.[\w.]+$/.test(v) ? t(v) : v]));
  return t(e.messageKey, params);
}

/**
 * The list filters of a query. A bad state, agency or page is dropped (the list still shows); a malformed period
 * (`from`, `to`) is refused with its message beside the field: a list of another period would mislead.
 */
export function filtersOf(req: FastifyRequest): { filter: Partial<ListFilter>; values: Values; errors: Record<string, string> } {
  const keys = ['state', 'agencyId', 'categoryId', 'sourceKind', 'sourceRef', 'from', 'to', 'page'] as const;
  const values: Values = {};
  for (const k of keys) {
    const v = queryString(req.query, k, 100);
    if (v) values[k] = v;
  }
  const r = listFilterSchema.safeParse(values);
  if (r.success) return { filter: r.data, values, errors: {} };
  const errors: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const k = String(issue.path[0]);
    if ((k === 'from' || k === 'to') && !errors[k]) errors[k] = req.t(issue.message);
  }
  const filter: Partial<ListFilter> = {};
  for (const k of keys) {
    const one = listFilterSchema.safeParse({ [k]: values[k] });
    if (one.success && values[k] !== undefined && !errors[k]) Object.assign(filter, { [k]: (one.data as Record<string, unknown>)[k] });
  }
  return { filter, values, errors };
}

export async function filterRefs(ctx: AppContext, unitCode: string | null, locale: string): Promise<FilterRefs> {
  const categories = (await listCategories(ctx.db)).map((c) => ({ id: c.id, name: locale === 'en' ? c.nameEn : c.name }));
  const agencies = unitCode ? (await listAgencies(ctx.db, { unitCode, limit: 200 })).map((a) => ({ id: a.id, name: locale === 'en' ? a.nameEn : a.name })) : [];
  return { categories, agencies };
}

/** Agencies where the caller is officer or head (their register). */
export async function ownAgencies(ctx: AppContext, p: Principal): Promise<Array<{ id: number; name: string; unitCode: string }>> {
  const ids = [...new Set(p.roles.filter((g) => g.role === 'officer' || g.role === 'head').map((g) => g.agencyId))];
  const m = await getAgencies(ctx.db, ids);
  return ids.map((id) => m.get(id)).filter((a) => !!a).map((a) => ({ id: a!.id, name: a!.name, unitCode: a!.unitCode }));
}
