import type { Generated } from 'kysely';

/**
 * The heads' periodic reception days (tiếp công dân định kỳ): schedules with place and hours, bookings, and the
 * reception register (sổ tiếp công dân, the columns of Form 03/TCD; DOMAIN §5.3).
 */

/** Which legal frequency applies (DOMAIN §4), from the head's agency: its kind and level. */
export const HEAD_KINDS = ['party_secretary_commune', 'chair_commune', 'party_secretary_province', 'other'] as const;
export type HeadKind = (typeof HEAD_KINDS)[number];

export const CASE_KINDS = ['khieu_nai', 'to_cao', 'kien_nghi', 'phan_anh'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export type ScheduleStatus = 'planned' | 'held' | 'cancelled';

export interface ReceptionDay {
  id: number;
  unitCode: string;
  provinceCode: string;
  agencyId: number;
  headKind: HeadKind;
  headName: string;
  headTitle: string;
  onDate: string;
  starts: string;
  ends: string;
  place: string;
  slots: number;
  booked: number;
  status: ScheduleStatus;
  note: string | null;
}

export interface ReceptionCase {
  id: number;
  scheduleId: number | null;
  unitCode: string;
  rowNo: number;
  onDate: string;
  citizenName: string;
  citizenAddress: string | null;
  idNo: string | null;
  summary: string;
  kind: CaseKind;
  peopleCount: number;
  handledBefore: string | null;
  withinCompetence: boolean;
  directedTo: string | null;
  forwardedTo: string | null;
  result: string | null;
  petitionId: number | null;
  petitionCode: string | null;
  commitmentCode: string | null;
}

declare module '../../../platform/db/types' {
  interface Database {
    reception_days: {
      id: Generated<number>;
      unit_code: string;
      province_code: string;
      agency_id: number;
      head_kind: HeadKind;
      head_name: string;
      head_title: string;
      on_date: string;
      starts: string;
      ends: string;
      place: string;
      slots: number;
      status: ScheduleStatus;
      note: string | null;
      source: Generated<'live' | 'demo' | 'generated'>;
      created_by: number | null;
      created_at: Date;
      updated_at: Date;
    };
    reception_bookings: {
      id: Generated<number>;
      day_id: number;
      slot_no: number;
      user_id: number | null;
      name: string;
      phone: string | null;
      topic: string;
      created_at: Date;
    };
    reception_cases: {
      id: Generated<number>;
      day_id: number | null;
      unit_code: string;
      row_no: number;
      on_date: string;
      citizen_name: string;
      citizen_address: string | null;
      id_no: string | null;
      summary: string;
      kind: CaseKind;
      people_count: number;
      handled_before: string | null;
      within_competence: boolean;
      directed_to: string | null;
      forwarded_to: string | null;
      result: string | null;
      petition_id: number | null;
      petition_code: string | null;
      commitment_code: string | null;
      entered_by: number | null;
      created_at: Date;
    };
    reception_reminders: { agency_id: number; month: string; sent_at: Date };
  }
}
