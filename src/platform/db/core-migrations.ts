import { sql, type Kysely, type Migration } from 'kysely';

/** Extensions and helper functions every module's SQL may rely on. */
export const coreMigrations: Record<string, Migration> = {
  '202611270000_platform_extensions': {
    async up(db: Kysely<any>) {
      await sql`create extension if not exists unaccent`.execute(db);
      await sql`create extension if not exists pg_trgm`.execute(db);
      await sql`create extension if not exists citext`.execute(db);
      await sql`create extension if not exists ltree`.execute(db);
      // unaccent() is STABLE; index expressions need an IMMUTABLE wrapper with a fixed dictionary.
      await sql`
        create or replace function f_fold(text) returns text
        language sql immutable parallel safe strict
        as $$ select lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$`.execute(db);
    },
  },
};
