import type { DatasetExport } from '../../platform/module';
import { OPEN_STATES } from './model';
import { todayVN } from './service/common';

const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

/** The public commitments as open data: what was promised, by whom (an official), where, by when, how it stands. Nothing about the citizens. */
export const EXPORTS: DatasetExport[] = [
  {
    key: 'commitments',
    title: 'commitments.dataset.title',
    description: 'commitments.dataset.description',
    columns: [
      { name: 'code', description: 'commitments.dataset.col.code', type: 'string' },
      { name: 'unit_code', description: 'commitments.dataset.col.unit', type: 'string' },
      { name: 'source_kind', description: 'commitments.dataset.col.source', type: 'string' },
      { name: 'promised_by_title', description: 'commitments.dataset.col.promisedBy', type: 'string' },
      { name: 'promised_on', description: 'commitments.dataset.col.promisedOn', type: 'date' },
      { name: 'agency_id', description: 'commitments.dataset.col.agency', type: 'integer' },
      { name: 'text', description: 'commitments.dataset.col.text', type: 'string' },
      { name: 'deadline', description: 'commitments.dataset.col.deadline', type: 'date' },
      { name: 'original_deadline', description: 'commitments.dataset.col.originalDeadline', type: 'date' },
      { name: 'extension_count', description: 'commitments.dataset.col.extensions', type: 'integer' },
      { name: 'state', description: 'commitments.dataset.col.state', type: 'string' },
      { name: 'overdue', description: 'commitments.dataset.col.overdue', type: 'boolean' },
      { name: 'progress_pct', description: 'commitments.dataset.col.progress', type: 'integer' },
    ],
    async *rows(ctx) {
      const today = todayVN(ctx);
      let last = 0;
      for (;;) {
        const batch = await ctx.db
          .selectFrom('commitments')
          .select(['id', 'code', 'unit_code', 'source_kind', 'promised_by_title', 'promised_on', 'agency_id', 'text', 'deadline', 'original_deadline', 'extension_count', 'state', 'progress_pct'])
          .where('is_public', '=', true)
          .where('id', '>', last)
          .orderBy('id')
          .limit(1000)
          .execute();
        if (!batch.length) return;
        for (const r of batch) {
          const deadline = day(r.deadline);
          yield {
            code: r.code, unit_code: r.unit_code, source_kind: r.source_kind, promised_by_title: r.promised_by_title, promised_on: day(r.promised_on), agency_id: r.agency_id,
            text: r.text, deadline, original_deadline: day(r.original_deadline), extension_count: r.extension_count, state: r.state,
            overdue: (OPEN_STATES as readonly string[]).includes(r.state) && deadline < today, progress_pct: r.progress_pct,
          };
        }
        last = batch[batch.length - 1].id;
      }
    },
    async count(ctx) {
      const r = await ctx.db.selectFrom('commitments').select((eb) => eb.fn.countAll<number>().as('n')).where('is_public', '=', true).executeTakeFirstOrThrow();
      return Number(r.n);
    },
  },
];
