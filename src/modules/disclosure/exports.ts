import type { AppContext } from '../../platform/context';
import type { DatasetExport } from '../../platform/module';
import { sql } from 'kysely';
import { getAgencies, getUnits } from '../directory/service';

const BATCH = 1000;
const PUBLIC = ['published', 'withdrawn'] as const;

/** Every disclosed document (art. 11–13 of the 2022 law): what was posted, by whom, how and for how long. */
export const disclosedDocumentsDataset: DatasetExport = {
  key: 'van-ban-cong-khai',
  title: 'disclosure.dataset.title',
  description: 'disclosure.dataset.description',
  columns: [
    { name: 'id', type: 'integer', description: 'disclosure.dataset.col.id' },
    { name: 'title', type: 'string', description: 'disclosure.dataset.col.title' },
    { name: 'summary', type: 'string', description: 'disclosure.dataset.col.summary' },
    { name: 'doc_number', type: 'string', description: 'disclosure.dataset.col.number' },
    { name: 'issued_on', type: 'date', description: 'disclosure.dataset.col.issuedOn' },
    { name: 'category', type: 'string', description: 'disclosure.dataset.col.category' },
    { name: 'unit_code', type: 'string', description: 'disclosure.dataset.col.unitCode' },
    { name: 'unit_name', type: 'string', description: 'disclosure.dataset.col.unitName' },
    { name: 'agency', type: 'string', description: 'disclosure.dataset.col.agency' },
    { name: 'forms', type: 'string', description: 'disclosure.dataset.col.forms' },
    { name: 'posted_from', type: 'date', description: 'disclosure.dataset.col.postedFrom' },
    { name: 'posted_until', type: 'date', description: 'disclosure.dataset.col.postedUntil' },
    { name: 'status', type: 'string', description: 'disclosure.dataset.col.status' },
    { name: 'url', type: 'string', description: 'disclosure.dataset.col.url' },
  ],
  async count(ctx) {
    const r = await ctx.db.selectFrom('documents').select(sql<number>`count(*)::int`.as('n')).where('status', 'in', PUBLIC).executeTakeFirstOrThrow();
    return Number(r.n);
  },
  rows: documentRows,
};

async function* documentRows(ctx: AppContext): AsyncIterable<Record<string, unknown>> {
  let after = 0;
  for (;;) {
    const rows = await ctx.db
      .selectFrom('documents as d')
      .innerJoin('disclosure_categories as c', 'c.id', 'd.category_id')
      .select(['d.id', 'd.title', 'd.summary', 'd.doc_number', 'd.issued_on', 'c.name as category', 'd.unit_code', 'd.agency_id', 'd.forms', 'd.posted_from', 'd.posted_until', 'd.status'])
      .where('d.status', 'in', PUBLIC)
      .where('d.id', '>', after)
      .orderBy('d.id')
      .limit(BATCH)
      .execute();
    if (!rows.length) return;
    const units = await getUnits(ctx.db, [...new Set(rows.map((r) => r.unit_code))]);
    const agencies = await getAgencies(ctx.db, [...new Set(rows.map((r) => r.agency_id))]);
    for (const r of rows) {
      const forms = typeof r.forms === 'string' ? JSON.parse(r.forms) : r.forms;
      yield {
        id: r.id,
        title: r.title,
        summary: r.summary,
        doc_number: r.doc_number,
        issued_on: r.issued_on,
        category: r.category,
        unit_code: r.unit_code,
        unit_name: units.get(r.unit_code)?.fullName ?? '',
        agency: agencies.get(r.agency_id)?.name ?? '',
        forms: Array.isArray(forms) ? forms.join(';') : '',
        posted_from: r.posted_from,
        posted_until: r.posted_until,
        status: r.status,
        url: `${ctx.config.publicUrl}/cong-khai/${r.id}`,
      };
    }
    after = rows[rows.length - 1].id;
    if (rows.length < BATCH) return;
  }
}
