import type { AppContext } from '../../../platform/context';
import { listUnits } from '../../directory/service';
import type { Values } from '../views/common';
import { registrationProvince } from '../service';

/** The text fields of a posted form, to show again (never passwords). */
export function formValues(body: unknown, fields: string[]): Values {
  const b = (body ?? {}) as Record<string, unknown>;
  const out: Values = {};
  for (const f of fields) {
    const v = Array.isArray(b[f]) ? (b[f] as unknown[]).at(-1) : b[f];
    if (typeof v === 'string') out[f] = v;
  }
  return out;
}

/** The communes citizens choose from (those of the province in the `accounts.province` setting). */
export async function communesFor(ctx: AppContext) {
  return listUnits(ctx.db, { parent: await registrationProvince(ctx.db), limit: 5000 });
}
