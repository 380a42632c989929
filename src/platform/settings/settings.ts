import { afterCommit } from '../db/after-commit';
import { sql, type Kysely, type Migration } from 'kysely';
import type { Executor } from '../db/types';
import { audit, type AuditActor } from '../audit/audit';
import { ReadCache } from '../cache';

declare module '../db/types' {
  interface Database {
    app_settings: { key: string; value: unknown; updated_at: Date; updated_by: number | null };
  }
}

/**
 * A setting a module declares with its legal default (a deadline, a frequency, a limit).
 * Administrators change the value; code never hard-codes it.
 */
export interface SettingDef {
  key: string;
  type: 'int' | 'bool' | 'text';
  default: number | boolean | string;
  /** Message keys for the label and the help text on the settings page. */
  label: string;
  help?: string;
  min?: number;
  max?: number;
  /** Message key of the group heading on the settings page. */
  group: string;
}

const defs = new Map<string, SettingDef>();

export function defineSettings(list: SettingDef[]): void {
  for (const d of list) {
    if (defs.has(d.key)) throw new Error(`Duplicate setting ${d.key}`);
    defs.set(d.key, d);
  }
}

export function settingDefs(): SettingDef[] {
  return [...defs.values()];
}

export function settingDef(key: string): SettingDef | undefined {
  return defs.get(key);
}

/** Every stored value, read through a short cache: settings are read on most requests and change rarely. */
const stored = new ReadCache<Map<string, unknown>>('settings.stored', { max: 4, ttlMs: 10_000 });

async function storedValues(db: Executor): Promise<Map<string, unknown>> {
  const all = await stored.get(db, 'all', async () => {
    const rows = await db.selectFrom('app_settings').select(['key', 'value']).execute();
    return new Map(rows.map((r) => [r.key, r.value as unknown]));
  });
  return all!;
}

export async function getSetting<T extends number | boolean | string>(db: Executor, key: string): Promise<T> {
  const def = defs.get(key);
  if (!def) throw new Error(`Unknown setting ${key}`);
  const values = await storedValues(db);
  return (values.has(key) ? values.get(key) : def.default) as T;
}

export async function getSettings(db: Executor, keys?: string[]): Promise<Record<string, number | boolean | string>> {
  const wanted = keys ?? [...defs.keys()];
  const values = await storedValues(db);
  return Object.fromEntries(wanted.map((k) => [k, (values.has(k) ? values.get(k) : defs.get(k)!.default) as number | boolean | string]));
}

export class SettingValueError extends Error {
  constructor(
    readonly key: string,
    readonly messageKey: string,
  ) {
    super(messageKey);
  }
}

export function coerceSetting(def: SettingDef, raw: unknown): number | boolean | string {
  if (def.type === 'bool') return raw === true || raw === 'true' || raw === 'on' || raw === '1';
  if (def.type === 'int') {
    const n = typeof raw === 'number' ? raw : Number(String(raw ?? '').trim());
    if (!Number.isInteger(n)) throw new SettingValueError(def.key, 'settings.error.integer');
    if ((def.min !== undefined && n < def.min) || (def.max !== undefined && n > def.max)) {
      throw new SettingValueError(def.key, 'settings.error.range');
    }
    return n;
  }
  return String(raw ?? '').normalize('NFC').trim();
}

export async function setSetting(tx: Executor, actor: AuditActor, key: string, raw: unknown): Promise<void> {
  const def = defs.get(key);
  if (!def) throw new SettingValueError(key, 'settings.error.unknown');
  const value = coerceSetting(def, raw);
  const before = await getSetting(tx, key);
  if (before === value) return;
  await tx
    .insertInto('app_settings')
    .values({ key, value: JSON.stringify(value), updated_at: new Date(), updated_by: actor.id })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: new Date(), updated_by: actor.id }))
    .execute();
  // Once the caller's transaction has committed: a read in between would otherwise cache the old value again.
  await afterCommit(tx, () => stored.forget());
  await audit(tx, { actor, action: 'setting.update', entityType: 'setting', entityId: key, before, after: value });
}

export const settingsMigrations: Record<string, Migration> = {
  '202611270003_platform_settings': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('app_settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'jsonb', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_by', 'bigint')
        .execute();
    },
  },
};

/**
 * A maker of a module's whole-number settings: `intSettings('petitions')('petitions.due.forward', 5, 1, 60)` is in the
 * group `petitions.settings.group`, labelled `petitions.setting.due.forward`.
 */
export function intSettings(module: string) {
  return (key: string, def: number, min: number, max: number): SettingDef => ({
    key,
    type: 'int',
    default: def,
    min,
    max,
    group: `${module}.settings.group`,
    label: `${module}.setting.${key.slice(module.length + 1)}`,
  });
}
