import type { PeriodKind } from '../period';
import type { Snapshot } from './snapshot';

export type ReportStatus = 'draft' | 'issued' | 'acknowledged';

export interface PeriodicReport {
  id: number;
  unitCode: string;
  provinceCode: string;
  parentCode: string | null;
  agencyId: number;
  kind: PeriodKind;
  year: number;
  month: number;
  from: string;
  to: string;
  dueOn: string;
  status: ReportStatus;
  number: number | null;
  numberText: string | null;
  narrative: string;
  figures: Snapshot;
  generatedAt: Date;
  issuedAt: Date | null;
  acknowledgedAt: Date | null;
  acknowledgeNote: string | null;
}

/** Type abbreviation of a report in the number line (Decree 30: BC). */
export const REPORT_ABBR = 'BC';
