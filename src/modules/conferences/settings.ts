import type { SettingDef } from '../../platform/settings/settings';

/** Every deadline and frequency of the module, with its legal default (DOMAIN §4). */
export const SETTINGS = {
  noticeDays: 'conferences.noticeDays',
  resultsDays: 'conferences.resultsDays',
  registrationCloseHours: 'conferences.registrationCloseHours',
  questionsCloseHours: 'conferences.questionsCloseHours',
  perYear: 'conferences.perYear',
  adHocVoterPercent: 'conferences.adHocVoterPercent',
  reminderDays: 'conferences.reminderDays',
  registrantReminderHours: 'conferences.registrantReminderHours',
} as const;

const group = 'conferences.settings.group';

export const SETTING_DEFS: SettingDef[] = [
  { key: SETTINGS.noticeDays, type: 'int', default: 7, min: 0, max: 90, label: 'conferences.settings.noticeDays', help: 'conferences.settings.noticeDaysHelp', group },
  { key: SETTINGS.resultsDays, type: 'int', default: 10, min: 1, max: 90, label: 'conferences.settings.resultsDays', help: 'conferences.settings.resultsDaysHelp', group },
  { key: SETTINGS.registrationCloseHours, type: 'int', default: 24, min: 0, max: 720, label: 'conferences.settings.registrationCloseHours', group },
  { key: SETTINGS.questionsCloseHours, type: 'int', default: 48, min: 0, max: 720, label: 'conferences.settings.questionsCloseHours', group },
  { key: SETTINGS.perYear, type: 'int', default: 1, min: 0, max: 52, label: 'conferences.settings.perYear', help: 'conferences.settings.perYearHelp', group },
  { key: SETTINGS.adHocVoterPercent, type: 'int', default: 10, min: 1, max: 100, label: 'conferences.settings.adHocVoterPercent', help: 'conferences.settings.adHocVoterPercentHelp', group },
  { key: SETTINGS.reminderDays, type: 'int', default: 2, min: 0, max: 30, label: 'conferences.settings.reminderDays', group },
  { key: SETTINGS.registrantReminderHours, type: 'int', default: 24, min: 1, max: 240, label: 'conferences.settings.registrantReminderHours', group },
];
