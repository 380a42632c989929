import type { SettingDef } from '../../platform/settings/settings';

export const SETTINGS = {
  dueDays: 'reports.dueDays',
  remindDays: 'reports.remindDays',
  minCases: 'reports.evaluation.minCases',
} as const;

const group = 'reports.settings.group';

/** Deadlines and thresholds of reporting (administrators may change them). */
export const REPORT_SETTINGS: SettingDef[] = [
  { key: SETTINGS.dueDays, type: 'int', default: 5, min: 0, max: 60, label: 'reports.settings.dueDays', help: 'reports.settings.dueDaysHelp', group },
  { key: SETTINGS.remindDays, type: 'int', default: 3, min: 0, max: 30, label: 'reports.settings.remindDays', group },
  { key: SETTINGS.minCases, type: 'int', default: 10, min: 1, max: 10000, label: 'reports.settings.minCases', help: 'reports.settings.minCasesHelp', group },
];
