import type { PageContext } from '../../../platform/ui/page-context';
import { DateText } from '../../../platform/ui/components';
import type { Conference, ConferenceState, Question } from '../model';
import { vnParts } from '../service/common';

export function StateBadge({ ctx, status }: { ctx: PageContext; status: ConferenceState }) {
  const tone = status === 'cancelled' ? 'danger' : status === 'postponed' ? 'warn' : ['held', 'results_published', 'closed'].includes(status) ? 'ok' : '';
  return <span class={`badge ${tone}`}>{ctx.t(`conferences.state.${status}`)}</span>;
}

/** "08:00–11:00, 20/12/2026" in Việt Nam time. */
export function When({ c }: { c: Pick<Conference, 'startsAt' | 'endsAt'> }) {
  return (
    <>
      {vnParts(c.startsAt).time}–{vnParts(c.endsAt).time}, <DateText value={c.startsAt} />
    </>
  );
}

/** Who asked what, and who answered what (when answered). */
export function QuestionText({ ctx, q }: { ctx: PageContext; q: Pick<Question, 'askerName' | 'askerVillage' | 'content' | 'answer' | 'answeredByName' | 'answeredByTitle'> }) {
  return (
    <>
      <p>
        <strong>
          {q.askerName}
          {q.askerVillage ? ` (${q.askerVillage})` : ''}:
        </strong>{' '}
        {q.content}
      </p>
      {q.answer ? (
        <p>
          <em>{ctx.t('conferences.page.answeredBy', { name: q.answeredByName ?? '', title: q.answeredByTitle ?? '' })}</em> {q.answer}
        </p>
      ) : null}
    </>
  );
}

/** An answered question as the public reads it: who asked, what, who answered, the answer and the commitment. */
export function AnsweredQuestion({ ctx, q, agencyName }: { ctx: PageContext; q: Question; agencyName: (id: number | null) => string }) {
  return (
    <li id={`q-${q.id}`} data-question={q.id}>
      <QuestionText ctx={ctx} q={q} />
      {q.answer ? null : <p class="meta">{ctx.t(`conferences.question.${q.status}`)}</p>}
      {q.commitmentText ? (
        <p class="commitment">
          <strong>{ctx.t('conferences.page.commitment')}</strong> {q.commitmentText} — {agencyName(q.commitmentAgencyId)}, {ctx.t('conferences.page.deadline')} <DateText value={q.commitmentDeadline} />
        </p>
      ) : null}
    </li>
  );
}

/** A text field whose id differs from its name (several forms of one page share a field name). */
export function IdText({ id, name, label, value, inputMode }: { id: string; name: string; label: string; value?: string | number | null; inputMode?: 'numeric' }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input id={id} name={name} value={value ?? ''} inputMode={inputMode} />
    </div>
  );
}

export function IdArea({ id, name, label, value, rows = 3 }: { id: string; name: string; label: string; value?: string | null; rows?: number }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <textarea id={id} name={name} rows={rows}>
        {value ?? ''}
      </textarea>
    </div>
  );
}
