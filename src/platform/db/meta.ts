import type { Kysely, Migration } from 'kysely';
import type { Executor } from './types';

declare module './types' {
  interface Database {
    platform_meta: { key: string; value: string };
  }
}

export async function getMeta(db: Executor, key: string): Promise<string | undefined> {
  const r = await db.selectFrom('platform_meta').select('value').where('key', '=', key).executeTakeFirst();
  return r?.value;
}

export async function setMeta(db: Executor, key: string, value: string): Promise<void> {
  await db
    .insertInto('platform_meta')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

export const metaMigrations: Record<string, Migration> = {
  '202611270004_platform_meta': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('platform_meta')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },
  },
};
