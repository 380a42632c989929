import { sql } from 'kysely';
import type { AppContext } from '../../../platform/context';
import type { DatasetExport } from '../../../platform/module';
import { anonymiseText } from '../../../platform/text/anonymise';
import { todayInVietnam } from '../../../platform/calendar/dates';
import { getCategories, getUnits } from '../../directory/service';
import { publicSql } from '../policy';

const BATCH = 1000;

/** Published public petitions and their answers, anonymised: no petitioner, no one's contact details. */
export const publishedPetitionsDataset: DatasetExport = {
  key: 'kien-nghi',
  title: 'petitions.dataset.title',
  description: 'petitions.dataset.description',
  columns: [
    { name: 'code', type: 'string', description: 'petitions.dataset.col.code' },
    { name: 'kind', type: 'string', description: 'petitions.dataset.col.kind' },
    { name: 'category', type: 'string', description: 'petitions.dataset.col.category' },
    { name: 'unit_code', type: 'string', description: 'petitions.dataset.col.unitCode' },
    { name: 'unit_name', type: 'string', description: 'petitions.dataset.col.unitName' },
    { name: 'channel', type: 'string', description: 'petitions.dataset.col.channel' },
    { name: 'title', type: 'string', description: 'petitions.dataset.col.title' },
    { name: 'content', type: 'string', description: 'petitions.dataset.col.content' },
    { name: 'submitted_on', type: 'date', description: 'petitions.dataset.col.submittedOn' },
    { name: 'status', type: 'string', description: 'petitions.dataset.col.status' },
    { name: 'answer', type: 'string', description: 'petitions.dataset.col.answer' },
    { name: 'answered_on', type: 'date', description: 'petitions.dataset.col.answeredOn' },
    { name: 'answered_on_time', type: 'boolean', description: 'petitions.dataset.col.onTime' },
    { name: 'rating', type: 'integer', description: 'petitions.dataset.col.rating' },
  ],
  async count(ctx) {
    const r = await sql<{ n: number }>`select count(*)::int as n from petitions p where ${publicSql} and not p.confidential`.execute(ctx.db);
    return Number(r.rows[0].n);
  },
  rows: publishedRows,
};

async function* publishedRows(ctx: AppContext): AsyncIterable<Record<string, unknown>> {
  let after = 0;
  for (;;) {
    const batch = await sql<{
      id: number; code: string; kind: string; category_id: number | null; unit_code: string; channel: string; title: string;
      content: string; submitted_at: Date; status: string; answer_text: string | null; answered_at: Date | null;
      answered_on_time: boolean | null; rating: number | null; petitioner_name: string | null; petitioner_phone: string | null;
      petitioner_email: string | null; petitioner_address: string | null; petitioner_id_no: string | null;
    }>`
      select p.id, p.code, p.kind, p.category_id, p.unit_code, p.channel, p.title, p.content, p.submitted_at, p.status,
        p.answer_text, p.answered_at, p.answered_on_time, p.rating, p.petitioner_name, p.petitioner_phone,
        p.petitioner_email, p.petitioner_address, p.petitioner_id_no
      from petitions p where ${publicSql} and not p.confidential and p.id > ${after}
      order by p.id limit ${BATCH}`.execute(ctx.db);
    if (!batch.rows.length) return;
    const units = await getUnits(ctx.db, [...new Set(batch.rows.map((r) => r.unit_code))]);
    const cats = await getCategories(ctx.db, [...new Set(batch.rows.flatMap((r) => (r.category_id ? [r.category_id] : [])))]);
    for (const r of batch.rows) {
      const known = [r.petitioner_name, r.petitioner_phone, r.petitioner_email, r.petitioner_address, r.petitioner_id_no];
      yield {
        code: r.code,
        kind: r.kind,
        category: r.category_id ? (cats.get(r.category_id)?.name ?? '') : '',
        unit_code: r.unit_code,
        unit_name: units.get(r.unit_code)?.fullName ?? '',
        channel: r.channel,
        title: anonymiseText(r.title, known),
        content: anonymiseText(r.content, known),
        submitted_on: todayInVietnam(r.submitted_at),
        status: r.status,
        answer: anonymiseText(r.answer_text, known),
        answered_on: r.answered_at ? todayInVietnam(r.answered_at) : null,
        answered_on_time: r.answered_on_time,
        rating: r.rating,
      };
    }
    after = batch.rows[batch.rows.length - 1].id;
    if (batch.rows.length < BATCH) return;
  }
}
