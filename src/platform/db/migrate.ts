import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Db } from './types';

/**
 * Migrations come from the platform and every module, each named `YYYYMMDDHHMM_<owner>_<what>`
 * so that one sort orders them all. Kysely refuses to run if an applied migration is missing.
 */
export class CollectedMigrations implements MigrationProvider {
  constructor(private readonly sets: Array<Record<string, Migration>>) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const all: Record<string, Migration> = {};
    for (const set of this.sets) {
      for (const [name, m] of Object.entries(set)) {
        if (!/^\d{12}_[a-z0-9_]+$/.test(name)) throw new Error(`Bad migration name: ${name}`);
        if (all[name]) throw new Error(`Duplicate migration: ${name}`);
        all[name] = m;
      }
    }
    return all;
  }
}

export async function migrateToLatest(db: Db, sets: Array<Record<string, Migration>>): Promise<MigrationResultSet> {
  // Modules evolve independently, so a new module may bring a migration named before one already applied.
  const migrator = new Migrator({ db, provider: new CollectedMigrations(sets), allowUnorderedMigrations: true });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const err = result.error instanceof Error ? result.error : new Error(String(result.error));
    err.message = `Migration ${failed?.migrationName ?? ''} failed: ${err.message}`;
    throw err;
  }
  return result;
}
