import type { SettingDef } from '../../platform/settings/settings';
import { getSettings, intSettings } from '../../platform/settings/settings';
import type { Executor } from '../../platform/db/types';

/**
 * The commitments register's deadlines and the heads' reception-day frequencies, with their legal defaults
 * (DOMAIN §4: Kết luận 215-KL/TW, Law 42/2013 art. 15 and 18). Administrators change them on the settings page.
 */
const int = intSettings('commitments');

export const SETTINGS: SettingDef[] = [
  int('commitments.dueSoonDays', 3, 0, 60),
  int('commitments.escalate.aboveAfterDays', 5, 0, 120),
  int('commitments.toPetition.overdueDays', 10, 0, 365),
  int('commitments.keoDai.lookbackDays', 730, 30, 3650),
  int('commitments.evidence.maxMb', 10, 1, 100),
  int('commitments.evidence.maxCount', 5, 0, 20),
  int('commitments.reception.partySecretaryCommune.perMonth', 2, 0, 31),
  int('commitments.reception.chairCommune.perWeek', 1, 0, 7),
  int('commitments.reception.partySecretaryProvince.perMonth', 1, 0, 31),
  int('commitments.reception.otherHead.perMonth', 1, 0, 31),
  int('commitments.reception.remindFromDay', 20, 1, 31),
];

export type CommitmentSettings = Record<(typeof SETTINGS)[number]['key'], number>;

export async function commitmentSettings(db: Executor): Promise<Record<string, number>> {
  return (await getSettings(db, SETTINGS.map((s) => s.key))) as Record<string, number>;
}
