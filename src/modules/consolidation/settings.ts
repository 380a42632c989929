import type { SettingDef } from '../../platform/settings/settings';
import { getSettings } from '../../platform/settings/settings';
import type { Executor } from '../../platform/db/types';

/**
 * The pressing (bức xúc) rules an administrator edits, the similarity threshold and the import limits. A rule with
 * 0 is off.
 */
const G = 'consolidation.settings.group';
const int = (key: string, def: number, min: number, max: number): SettingDef => ({ key, type: 'int', default: def, min, max, group: G, label: `consolidation.setting.${key.slice('consolidation.'.length)}` });
const bool = (key: string, def: boolean): SettingDef => ({ key, type: 'bool', default: def, group: G, label: `consolidation.setting.${key.slice('consolidation.'.length)}` });

export const SETTINGS: SettingDef[] = [
  int('consolidation.pressing.minPeople', 20, 0, 100_000),
  int('consolidation.pressing.minVillages', 3, 0, 1000),
  bool('consolidation.pressing.anyOverdue', true),
  bool('consolidation.pressing.anyReopened', true),
  bool('consolidation.pressing.raisedUnresolved', true),
  /** Cosine similarity in hundredths a petition needs to join a group (measured best: 22, docs/benchmarks.md). */
  int('consolidation.similarity.thresholdPct', 22, 5, 95),
  int('consolidation.import.maxRows', 5000, 1, 50_000),
  int('consolidation.import.maxMb', 5, 1, 50),
];

export interface ConsolidationSettings {
  minPeople: number;
  minVillages: number;
  anyOverdue: boolean;
  anyReopened: boolean;
  raisedUnresolved: boolean;
  threshold: number;
  maxRows: number;
  maxBytes: number;
}

export async function consolidationSettings(db: Executor): Promise<ConsolidationSettings> {
  const s = await getSettings(db, SETTINGS.map((d) => d.key));
  return {
    minPeople: Number(s['consolidation.pressing.minPeople']),
    minVillages: Number(s['consolidation.pressing.minVillages']),
    anyOverdue: Boolean(s['consolidation.pressing.anyOverdue']),
    anyReopened: Boolean(s['consolidation.pressing.anyReopened']),
    raisedUnresolved: Boolean(s['consolidation.pressing.raisedUnresolved']),
    threshold: Number(s['consolidation.similarity.thresholdPct']) / 100,
    maxRows: Number(s['consolidation.import.maxRows']),
    maxBytes: Number(s['consolidation.import.maxMb']) * 1024 * 1024,
  };
}
