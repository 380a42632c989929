import type { SettingDef } from '../../platform/settings/settings';
import { getSettings, intSettings } from '../../platform/settings/settings';
import type { Executor } from '../../platform/db/types';
import type { PetitionKind } from './model';

/**
 * Deadlines, windows, thresholds and limits of the petitions module, with the legal defaults of DOMAIN §4.
 * Administrators change the numbers on the settings page; the unit of each deadline (working days or calendar
 * days) is fixed by the law and kept beside the rule in DEADLINE_RULES.
 */
const int = intSettings('petitions');

export const SETTINGS: SettingDef[] = [
  int('petitions.due.forward', 5, 1, 60),
  int('petitions.due.reply.kien_nghi', 10, 1, 90),
  int('petitions.due.reply.phan_anh', 10, 1, 90),
  int('petitions.due.reply.gop_y', 10, 1, 90),
  int('petitions.due.extend.general', 10, 1, 90),
  int('petitions.due.accept.khieu_nai', 10, 1, 60),
  int('petitions.due.resolve.khieu_nai', 30, 1, 120),
  int('petitions.due.extend.khieu_nai', 15, 1, 90),
  int('petitions.due.accept.to_cao', 7, 1, 60),
  int('petitions.due.resolve.to_cao', 30, 1, 120),
  int('petitions.due.extend.to_cao', 30, 1, 90),
  int('petitions.maxExtensions', 1, 0, 10),
  int('petitions.dueSoonDays', 2, 0, 30),
  int('petitions.escalate.aboveAfterDays', 3, 0, 60),
  int('petitions.reopenWindowDays', 30, 1, 365),
  int('petitions.autoCloseDays', 30, 1, 365),
  // A rating at most this (2: "Không hài lòng") does not close the case: the petitioner may reopen it.
  int('petitions.rating.dissatisfiedAtMost', 2, 0, 4),
  int('petitions.keoDai.similarityPct', 55, 10, 100),
  int('petitions.keoDai.repeatCount', 2, 1, 20),
  int('petitions.keoDai.openDays', 90, 10, 3650),
  int('petitions.keoDai.lookbackDays', 365, 30, 3650),
  int('petitions.vuotCap.similarityPct', 45, 10, 100),
  int('petitions.rateLimit.perAccountPerHour', 10, 1, 1_000_000),
  int('petitions.rateLimit.perIpPerHour', 30, 1, 1_000_000),
  int('petitions.attachments.maxCount', 5, 0, 20),
  int('petitions.idempotency.ttlHours', 24, 1, 720),
];

export type DayUnit = 'working' | 'calendar';

/** Which setting gives the deadline of a step for a kind, and its unit (the law's). */
export interface DeadlineRule {
  /** intake: receive/direct/forward (general); accept: statutory acceptance (legal); reply: the answer. */
  step: 'intake' | 'reply' | 'extend';
  setting: string;
  unit: DayUnit;
}

export const DEADLINE_RULES: Record<PetitionKind, Record<'intake' | 'reply' | 'extend', DeadlineRule>> = {
  kien_nghi: {
    intake: { step: 'intake', setting: 'petitions.due.forward', unit: 'working' },
    reply: { step: 'reply', setting: 'petitions.due.reply.kien_nghi', unit: 'working' },
    extend: { step: 'extend', setting: 'petitions.due.extend.general', unit: 'working' },
  },
  phan_anh: {
    intake: { step: 'intake', setting: 'petitions.due.forward', unit: 'working' },
    reply: { step: 'reply', setting: 'petitions.due.reply.phan_anh', unit: 'working' },
    extend: { step: 'extend', setting: 'petitions.due.extend.general', unit: 'working' },
  },
  gop_y: {
    intake: { step: 'intake', setting: 'petitions.due.forward', unit: 'working' },
    reply: { step: 'reply', setting: 'petitions.due.reply.gop_y', unit: 'working' },
    extend: { step: 'extend', setting: 'petitions.due.extend.general', unit: 'working' },
  },
  // Complaint law 2011: accept within 10 days, resolve within 30 days (45 when complex).
  khieu_nai: {
    intake: { step: 'intake', setting: 'petitions.due.accept.khieu_nai', unit: 'calendar' },
    reply: { step: 'reply', setting: 'petitions.due.resolve.khieu_nai', unit: 'calendar' },
    extend: { step: 'extend', setting: 'petitions.due.extend.khieu_nai', unit: 'calendar' },
  },
  // Denunciation law 2018: initial processing 7 working days; resolve within 30 days, extendable.
  to_cao: {
    intake: { step: 'intake', setting: 'petitions.due.accept.to_cao', unit: 'working' },
    reply: { step: 'reply', setting: 'petitions.due.resolve.to_cao', unit: 'calendar' },
    extend: { step: 'extend', setting: 'petitions.due.extend.to_cao', unit: 'calendar' },
  },
};

export type PetitionSettings = Record<string, number>;

/** All petition settings in one query. */
export async function petitionSettings(db: Executor): Promise<PetitionSettings> {
  return (await getSettings(db, SETTINGS.map((s) => s.key))) as PetitionSettings;
}

SETTINGS.push(int('petitions.attachments.maxMb', 10, 1, 50));
