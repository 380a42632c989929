import { z } from 'zod';
import type { AppContext } from '../../../platform/context';
import { actorOf, type Principal } from '../../../platform/access/principal';
import { audit } from '../../../platform/audit/audit';
import { conflict, forbidden, unauthorized, ValidationError } from '../../../platform/http/errors';
import { parse } from '../../../platform/http/validate';
import { clean, visibleLength } from '../../../platform/text/text';
import { BatchValidationError, createPetitions } from '../../petitions/service';
import { canEditTopics } from '../policy';
import { optText, requiredText, unitCodeSchema } from '../schema';
import { unitTarget } from './read';

/** What was gathered at one meeting (the form's head, or the import form beside the file). */
export const meetingSchema = z.object({
  unitCode: unitCodeSchema,
  organisation: requiredText(2, 200, 'validation.tooShort'),
  meeting: requiredText(3, 200, 'validation.tooShort'),
  heldOn: z
    .string({ error: 'validation.required' })
    .trim()
    .transform((s) => {
      const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
      return vn ? `${vn[3]}-${vn[2].padStart(2, '0')}-${vn[1].padStart(2, '0')}` : s;
    })
    .refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s)), 'consolidation.error.date'),
  place: optText(200),
});
export type MeetingInput = z.output<typeof meetingSchema>;

/** One opinion; `row` is its number in the form or the file (for the messages). */
export interface OpinionRow {
  row: number;
  text: string;
  peopleCount?: string | number;
  village?: string;
  name?: string;
  phone?: string;
  kind?: string;
}

/** Where each petitions field's message is shown: the row's column. */
export const COLUMN_OF: Record<string, OpinionColumn> = {
  title: 'text',
  content: 'text',
  peopleCount: 'peopleCount',
  'petitioner.name': 'name',
  'petitioner.phone': 'phone',
  kind: 'kind',
  address: 'village',
};
export type OpinionColumn = 'text' | 'peopleCount' | 'village' | 'name' | 'phone' | 'kind';

export interface RowError {
  row: number;
  column: OpinionColumn;
  /** Message key and its parameters. */
  message: string;
  params?: Record<string, string | number>;
}

export class RowsRefused extends Error {
  constructor(readonly errors: RowError[]) {
    super('rows refused');
  }
}

/** The title of an opinion: its first sentence, at most 120 characters. */
function titleOf(text: string): string {
  const first = text.split(/(?<=[.!?;])\s/)[0];
  if (visibleLength(first) <= 120) return first.replace(/[.;]$/, '');
  return `${[...first].slice(0, 117).join('').replace(/\s+\S*$/, '')}…`;
}

function petitionInput(m: MeetingInput, r: OpinionRow) {
  const text = clean(String(r.text ?? ''));
  const village = r.village ? clean(r.village) : undefined;
  return {
    kind: r.kind || 'kien_nghi',
    title: titleOf(text),
    content: text,
    unitCode: m.unitCode,
    address: village,
    peopleCount: r.peopleCount === undefined || r.peopleCount === '' ? 1 : r.peopleCount,
    visibility: 'private',
    channel: 'front_gathering',
    enteredPlace: [m.meeting, m.place].filter(Boolean).join(' – ').slice(0, 200),
    petitioner: { name: r.name ? clean(r.name) : `Cử tri ${village ?? m.organisation}`, phone: r.phone || undefined },
  };
}

export interface GatheringResult {
  id: number;
  petitionIds: number[];
  legal: number;
}

/**
 * Records what was gathered at a meeting, all or nothing: each row becomes a petition through the petitions
 * create service (channel front_gathering; a complaint or denunciation goes to the legal track as petitions
 * decides), the meeting and the organisation in this module's tables. A bad row refuses the whole batch with
 * every bad row listed (RowsRefused); an imported file seen before is refused (409).
 */
export async function recordGathering(
  ctx: AppContext,
  principal: Principal | null,
  meetingInput: unknown,
  rows: OpinionRow[],
  file?: { filename: string; sha256: string },
): Promise<GatheringResult> {
  if (!principal) throw unauthorized();
  const m = parse(meetingSchema, meetingInput);
  const { target } = await unitTarget(ctx.db, m.unitCode);
  if (!canEditTopics(principal, target)) throw forbidden();
  const filled = rows.filter((r) => clean(String(r.text ?? '')) || r.village || r.name || r.phone);
  if (!filled.length) throw new ValidationError({ rows: 'consolidation.error.noRows' });
  if (file && (await ctx.db.selectFrom('consolidation_gatherings').select('id').where('file_sha256', '=', file.sha256).executeTakeFirst())) {
    throw conflict('consolidation.error.duplicateFile', { name: file.filename });
  }
  const now = ctx.clock.now();
  try {
    const { created, result } = await createPetitions(ctx, principal, filled.map((r) => petitionInput(m, r)), { skipRateLimit: true }, async (tx, done) => {
      const g = await tx
        .insertInto('consolidation_gatherings')
        .values({
          unit_code: m.unitCode,
          organisation: m.organisation,
          organisation_agency_id: null,
          meeting: m.meeting,
          held_on: m.heldOn,
          place: m.place ?? null,
          source: file ? 'import' : 'form',
          filename: file?.filename ?? null,
          file_sha256: file?.sha256 ?? null,
          rows: done.length,
          entered_by: principal.id,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (let k = 0; k < done.length; k += 1000) {
        await tx
          .insertInto('consolidation_gathering_items')
          .values(done.slice(k, k + 1000).map((c, i) => ({ gathering_id: g.id, row_no: filled[k + i].row, petition_id: c.petition.id, village: filled[k + i].village ? clean(filled[k + i].village!) : null })))
          .execute();
      }
      await audit(tx, { actor: actorOf(principal), action: file ? 'consolidation.gathering.import' : 'consolidation.gathering.enter', entityType: 'consolidation_gathering', entityId: g.id, after: { ...m, rows: done.length, file: file ?? null }, at: now });
      return g.id;
    });
    return { id: result, petitionIds: created.map((c) => c.petition.id), legal: created.filter((c) => c.petition.track === 'legal').length };
  } catch (e) {
    if (e instanceof BatchValidationError) {
      // One message per row and column (an empty text fails both the title and the content).
      const seen = new Set<string>();
      const errors: RowError[] = [];
      for (const b of e.rows) {
        for (const [field, message] of Object.entries(b.errors)) {
          const column = COLUMN_OF[field] ?? 'text';
          const key = `${b.index}:${column}`;
          if (seen.has(key)) continue;
          seen.add(key);
          errors.push({ row: filled[b.index].row, column, message, params: b.params?.[field] });
        }
      }
      const order: OpinionColumn[] = ['text', 'peopleCount', 'village', 'name', 'phone', 'kind'];
      throw new RowsRefused(errors.sort((a, b) => a.row - b.row || order.indexOf(a.column) - order.indexOf(b.column)));
    }
    throw e;
  }
}
