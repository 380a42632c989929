import type { PageContext } from '../../../platform/ui/page-context';
import { Layout } from '../../../platform/ui/layout';
import { CsrfField, DateText, Empty, ErrorSummary, PageHeader, Pager, SelectField, TextArea, TextField, withQuery } from '../../../platform/ui/components';
import type { Agency } from '../../directory/model';
import type { AgendaItem, Conference, DocumentKind, Question, Registration } from '../model';
import type { ListItem } from '../service/read';
import type { ConferenceDocument } from '../service/documents';
import type { SourceCommitment } from '../../commitments/service';
import { AnsweredQuestion, StateBadge, When } from './common';

export function ListPage({ ctx, when, items, hasMore, page, values, errors }: { ctx: PageContext; when: 'upcoming' | 'past'; items: ListItem[]; hasMore: boolean; page: number; values: Record<string, string>; errors?: Record<string, string> }) {
  const t = ctx.t;
  const e = errors ?? {};
  const { q = '', unit = '', from = '', to = '', state = '' } = values;
  const link = (w: string, p?: number) => withQuery('/hoi-nghi', { when: w === 'upcoming' ? '' : w, q, unit, from, to, state: w === 'past' ? state : '', page: p && p > 1 ? p : '' });
  return (
    <Layout ctx={ctx} title={t('conferences.page.listTitle')}>
      <PageHeader title={t('conferences.page.listTitle')}>
        <p>{t('conferences.page.listLead')}</p>
      </PageHeader>
      <nav aria-label={t('conferences.page.when')} class="tabs">
        <a href={link('upcoming')} aria-current={when === 'upcoming' ? 'page' : undefined}>
          {t('conferences.page.upcoming')}
        </a>{' '}
        ·{' '}
        <a href={link('past')} aria-current={when === 'past' ? 'page' : undefined}>
          {t('conferences.page.past')}
        </a>
      </nav>
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="get" action="/hoi-nghi" class="filters" role="search">
        {when === 'past' ? <input type="hidden" name="when" value="past" /> : null}
        <TextField name="q" label={t('conferences.page.search')} value={q} error={e.q} />
        <TextField name="unit" label={t('conferences.page.unitCode')} value={unit} inputMode="numeric" error={e.unit} />
        <TextField name="from" type="date" label={t('conferences.page.filterFrom')} value={from} error={e.from} />
        <TextField name="to" type="date" label={t('conferences.page.filterTo')} value={to} error={e.to} />
        {when === 'past' ? (
          <SelectField name="state" label={t('conferences.page.filterState')} value={state} error={e.state} options={[{ value: '', label: t('conferences.page.filterAny') }, { value: 'held', label: t('conferences.page.filterHeld') }]} />
        ) : null}
        <button type="submit">{t('conferences.page.searchButton')}</button>
      </form>
      {items.length ? (
        <ul class="list">
          {items.map((c) => (
            <li>
              <h2>
                <a href={`/hoi-nghi/${c.id}`}>{c.title}</a>
              </h2>
              <p class="meta">
                <When c={c} /> · {c.unitName}
                {c.venue ? ` · ${c.venue}` : ''} · <StateBadge ctx={ctx} status={c.status} />
                {c.shortNotice ? <span class="badge warn">{t('conferences.page.shortNotice')}</span> : null}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <Empty>{t(when === 'upcoming' ? 'conferences.page.noneUpcoming' : 'conferences.page.nonePast')}</Empty>
      )}
      <Pager ctx={ctx} prev={page > 1 ? link(when, page - 1) : null} next={hasMore ? link(when, page + 1) : null} />
      {unit.length === 5 && !e.unit ? (
        <p>
          <a href={`/hoi-nghi/don-vi/${unit}/lich.ics`}>{t('conferences.page.unitFeed')}</a>
        </p>
      ) : null}
    </Layout>
  );
}

const DOC_PATH: Record<DocumentKind, string> = { minutes: 'bien-ban', conclusion: 'thong-bao-ket-luan' };
export const docPath = (id: number, kind: DocumentKind, ext: 'docx' | 'pdf') => `/hoi-nghi/${id}/${DOC_PATH[kind]}.${ext}`;

export interface ConferenceView {
  conference: Conference;
  unitName: string;
  agenda: AgendaItem[];
  questions: Question[];
  /** The commitments made at the conference, with their state in the commitments register. */
  commitments: SourceCommitment[];
  counts: { registered: number; waitlisted: number; checkedIn: number };
  docs: Partial<Record<DocumentKind, ConferenceDocument>>;
  agencies: Map<number, Agency>;
  manage: boolean;
}

export function ConferencePage({
  ctx,
  v,
  now,
  errors,
  values,
  myPetitions,
}: {
  ctx: PageContext;
  v: ConferenceView;
  now: Date;
  errors?: Record<string, string>;
  values?: Record<string, string>;
  myPetitions: Array<{ id: number; code: string; title: string }>;
}) {
  const t = ctx.t;
  const c = v.conference;
  const agencyName = (id: number | null) => (id ? (v.agencies.get(id)?.name ?? '') : '');
  const registrationOpen = c.status === 'announced' && now < c.registrationClosesAt;
  const questionsOpen = c.status === 'announced' && now < c.questionsCloseAt;
  const answered = v.questions.filter((q) => q.status !== 'merged' && !['pending', 'queued'].includes(q.status));
  const issued = (['minutes', 'conclusion'] as const).filter((k) => v.docs[k]?.status === 'issued' || (v.docs[k] && v.manage));
  return (
    <Layout ctx={ctx} title={c.title}>
      <PageHeader title={c.title}>
        <p class="meta">
          <StateBadge ctx={ctx} status={c.status} /> · {v.unitName} · {t(`conferences.kind.${c.kind}`)}
        </p>
      </PageHeader>
      {c.statusReason && ['cancelled', 'postponed'].includes(c.status) ? (
        <p class="flash flash-error" role="status">
          {t('conferences.page.statusReason', { reason: c.statusReason })}
        </p>
      ) : null}
      {c.shortNoticeReason ? (
        <p class="card" role="note">
          <span class="badge warn">{t('conferences.page.shortNotice')}</span> {t('conferences.page.shortNoticeReason', { reason: c.shortNoticeReason })}
        </p>
      ) : null}
      <div class="grid grid-2">
        <section class="card" aria-labelledby="notice">
          <h2 id="notice">{t('conferences.page.notice')}</h2>
          <dl>
            <dt>{t('conferences.page.time')}</dt>
            <dd>
              <When c={c} />
            </dd>
            <dt>{t('conferences.page.venue')}</dt>
            <dd>
              {c.venue ?? ''}
              {c.onlineUrl ? (
                <>
                  {c.venue ? ' · ' : ''}
                  <a href={c.onlineUrl} rel="nofollow noopener">
                    {t('conferences.page.online')}
                  </a>
                </>
              ) : null}
            </dd>
            <dt>{t('conferences.page.chairs')}</dt>
            <dd>
              <ul>
                {c.chairs.map((ch) => (
                  <li>
                    {ch.name}, {ch.title}
                  </li>
                ))}
              </ul>
            </dd>
            {c.agencies.length ? (
              <>
                <dt>{t('conferences.page.agencies')}</dt>
                <dd>{c.agencies.map((id) => agencyName(id)).join('; ')}</dd>
              </>
            ) : null}
            {c.invited ? (
              <>
                <dt>{t('conferences.page.invited')}</dt>
                <dd>{c.invited}</dd>
              </>
            ) : null}
            <dt>{t('conferences.page.capacity')}</dt>
            <dd>{t('conferences.page.places', { registered: v.counts.registered, capacity: c.capacity, waitlisted: v.counts.waitlisted })}</dd>
            <dt>{t('conferences.page.registrationCloses')}</dt>
            <dd>
              <DateText value={c.registrationClosesAt} withTime />
            </dd>
          </dl>
          {c.description ? <p>{c.description}</p> : null}
          <p>
            <a href={`/hoi-nghi/${c.id}/lich.ics`}>{t('conferences.page.ics')}</a>
            {['announced', 'in_session', 'held'].includes(c.status) ? (
              <>
                {' · '}
                <a href={`/hoi-nghi/${c.id}/truc-tiep`}>{t('conferences.page.live')}</a>
              </>
            ) : null}
            {v.manage ? (
              <>
                {' · '}
                <a href={`/can-bo/hoi-nghi/${c.id}`}>{t('conferences.page.manage')}</a>
              </>
            ) : null}
          </p>
        </section>
        <section class="card" aria-labelledby="agenda">
          <h2 id="agenda">{t('conferences.page.agenda')}</h2>
          {v.agenda.length ? (
            <ol>
              {v.agenda.map((a) => (
                <li>
                  {a.title} <span class="meta">({t('conferences.page.minutes', { n: a.minutes })})</span>
                </li>
              ))}
            </ol>
          ) : (
            <Empty>{t('conferences.page.noAgenda')}</Empty>
          )}
        </section>
      </div>

      {!registrationOpen && values?._form === 'register' ? <ErrorSummary ctx={ctx} errors={errors} /> : null}
      {registrationOpen ? (
        <section class="card" aria-labelledby="register">
          <h2 id="register">{t('conferences.page.register')}</h2>
          <p>{t('conferences.page.registerLead')}</p>
          <ErrorSummary ctx={ctx} errors={values?._form === 'register' ? errors : undefined} />
          <form method="post" action={`/hoi-nghi/${c.id}/dang-ky`}>
            <CsrfField ctx={ctx} />
            <TextField name="name" label={t('conferences.page.name')} required value={values?.name ?? ctx.principal?.name ?? ''} error={values?._form === 'register' ? errors?.name : undefined} />
            <TextField name="phone" label={t('conferences.page.phone')} required type="tel" value={values?.phone ?? ctx.principal?.phone ?? ''} error={values?._form === 'register' ? errors?.phone : undefined} />
            <TextField name="village" label={t('conferences.page.village')} value={values?.village ?? ''} error={values?._form === 'register' ? errors?.village : undefined} />
            <button type="submit">{t('conferences.page.registerButton')}</button>
          </form>
        </section>
      ) : null}

      {!questionsOpen && values?._form === 'ask' ? <ErrorSummary ctx={ctx} errors={errors} /> : null}
      {questionsOpen ? (
        <section class="card" aria-labelledby="ask">
          <h2 id="ask">{t('conferences.page.ask')}</h2>
          <p>
            {t('conferences.page.askLead')} <DateText value={c.questionsCloseAt} withTime />
          </p>
          {ctx.principal ? (
            <form method="post" action={`/hoi-nghi/${c.id}/cau-hoi`}>
              <CsrfField ctx={ctx} />
              <ErrorSummary ctx={ctx} errors={values?._form === 'ask' ? errors : undefined} />
              <TextArea name="content" label={t('conferences.page.question')} required rows={4} value={values?._form === 'ask' ? values?.content : ''} error={values?._form === 'ask' ? errors?.content : undefined} />
              <TextField name="askerVillage" label={t('conferences.page.village')} value={values?._form === 'ask' ? values?.askerVillage : ''} />
              {myPetitions.length ? (
                <div class={`field${errors?.petitionId ? ' has-error' : ''}`}>
                  <label for="petitionId">{t('conferences.page.linkPetition')}</label>
                  <select id="petitionId" name="petitionId">
                    <option value="">{t('conferences.page.noPetition')}</option>
                    {myPetitions.map((p) => (
                      <option value={p.id}>
                        {p.code} — {p.title}
                      </option>
                    ))}
                  </select>
                  {errors?.petitionId ? <p class="field-error">{errors.petitionId}</p> : null}
                </div>
              ) : null}
              <button type="submit">{t('conferences.page.askButton')}</button>
            </form>
          ) : (
            <p>
              <a href={`/dang-nhap?next=${encodeURIComponent(`/hoi-nghi/${c.id}`)}`}>{t('conferences.page.signInToAsk')}</a>
            </p>
          )}
        </section>
      ) : null}

      {answered.length ? (
        <section aria-labelledby="results">
          <h2 id="results">{t('conferences.page.results')}</h2>
          <ol class="list">
            {answered.map((q) => (
              <AnsweredQuestion ctx={ctx} q={q} agencyName={agencyName} />
            ))}
          </ol>
        </section>
      ) : null}

      {v.commitments.length ? <ConferenceCommitments ctx={ctx} items={v.commitments} /> : null}

      {issued.length ? (
        <section class="card" aria-labelledby="docs">
          <h2 id="docs">{t('conferences.page.documents')}</h2>
          <ul>
            {issued.map((k) => (
              <li>
                {t(`conferences.doc.${k}`)}
                {v.docs[k]?.status === 'draft' ? ` (${t('conferences.page.draft')})` : ''}: <a href={docPath(c.id, k, 'docx')}>DOCX</a> · <a href={docPath(c.id, k, 'pdf')}>PDF</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}

/** The commitments made at the conference, each linked to its public page in the commitments register. */
function ConferenceCommitments({ ctx, items }: { ctx: PageContext; items: SourceCommitment[] }) {
  const t = ctx.t;
  return (
    <section aria-labelledby="commitments">
      <h2 id="commitments">{t('conferences.page.commitments')}</h2>
      <ul class="list" data-commitments>
        {items.map((k) => (
          <li data-commitment={k.code}>
            <a href={k.href}>{k.code}</a>: {k.text}
            <br />
            <small class="meta">
              {k.agencyName}, {t('conferences.page.deadline')} <DateText value={k.deadline} /> · <span class="badge">{t(`commitments.state.${k.state}`)}</span>
              {k.overdue ? (
                <>
                  {' '}
                  <strong class="badge danger">{t('commitments.state.overdue')}</strong>
                </>
              ) : null}
            </small>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ConfirmationPage({ ctx, reg, c, qrSvg }: { ctx: PageContext; reg: Registration; c: Conference; qrSvg: string }) {
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('conferences.page.confirmation')}>
      <PageHeader title={t('conferences.page.confirmation')} />
      <section class="card confirmation">
        <h2>{c.title}</h2>
        <p>
          <When c={c} /> · {c.venue ?? c.onlineUrl ?? ''}
        </p>
        <p>
          {t('conferences.page.attendee')}: <strong>{reg.name}</strong>
          {reg.village ? ` (${reg.village})` : ''}
        </p>
        <p>
          {t('conferences.page.status')}: <strong>{t(`conferences.registration.${reg.status}`)}</strong>
        </p>
        <p>
          {t('conferences.page.code')}: <strong class="stat" data-code={reg.code}>{reg.code}</strong>
        </p>
        <figure>
          <div role="img" aria-label={t('conferences.page.qr', { code: reg.code })} dangerouslySetInnerHTML={{ __html: qrSvg }} style="width:12rem" />
          <figcaption class="meta">{t('conferences.page.qrHint')}</figcaption>
        </figure>
        <p class="meta">{t('conferences.page.print')}</p>
      </section>
      {reg.status !== 'cancelled' ? (
        <section class="card">
          <h2>{t('conferences.page.cancelRegistration')}</h2>
          <form method="post" action={`/hoi-nghi/dang-ky/${reg.code}/huy`}>
            <CsrfField ctx={ctx} />
            {ctx.principal?.id === reg.userId ? null : <TextField name="phone" label={t('conferences.page.phoneToCancel')} type="tel" required />}
            <button type="submit" class="secondary">
              {t('conferences.page.cancelButton')}
            </button>
          </form>
        </section>
      ) : null}
      <p>
        <a href={`/hoi-nghi/${c.id}`}>{t('conferences.page.back')}</a>
      </p>
    </Layout>
  );
}

export function MinePage({ ctx, regs, questions }: { ctx: PageContext; regs: Array<Registration & { title: string; startsAt: Date; href: string }>; questions: Array<Question & { title: string }> }) {
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('conferences.page.mine')}>
      <PageHeader title={t('conferences.page.mine')} />
      <h2>{t('conferences.page.myRegistrations')}</h2>
      {regs.length ? (
        <ul class="list">
          {regs.map((r) => (
            <li>
              <a href={r.href}>{r.title}</a> · <DateText value={r.startsAt} /> · {t(`conferences.registration.${r.status}`)} · <a href={`/hoi-nghi/dang-ky/${r.code}`}>{r.code}</a>
            </li>
          ))}
        </ul>
      ) : (
        <Empty>{t('conferences.page.noRegistrations')}</Empty>
      )}
      <h2>{t('conferences.page.myQuestions')}</h2>
      {questions.length ? (
        <ul class="list">
          {questions.map((q) => (
            <li>
              <a href={`/hoi-nghi/${q.conferenceId}`}>{q.title}</a>: {q.content} · <span class="badge">{t(`conferences.question.${q.status}`)}</span>
              {q.answer ? <p>{q.answer}</p> : null}
            </li>
          ))}
        </ul>
      ) : (
        <Empty>{t('conferences.page.noQuestions')}</Empty>
      )}
    </Layout>
  );
}

export interface LiveState {
  conference: Conference;
  item: AgendaItem | null;
  current: Question | null;
  answered: Question[];
  lastSeq: number;
}

/** The public live page: works by refreshing without JavaScript; the island keeps it current through server-sent events. */
export function LivePage({ ctx, s, agencyName }: { ctx: PageContext; s: LiveState; agencyName: (id: number | null) => string }) {
  const t = ctx.t;
  const c = s.conference;
  const running = c.status === 'in_session' || c.status === 'announced';
  return (
    <Layout ctx={ctx} title={t('conferences.page.liveTitle', { title: c.title })} scripts={['conference-live.js']}>
      {running ? (
        <noscript>
          <meta http-equiv="refresh" content="20" />
        </noscript>
      ) : null}
      <div id="live" data-conference={c.id} data-last-event={s.lastSeq} data-stream={`/hoi-nghi/${c.id}/truc-tiep/su-kien`}>
        <PageHeader title={c.title}>
          <p class="meta">
            <span id="live-status" aria-live="polite">
              {t(`conferences.state.${c.status}`)}
            </span>{' '}
            · <When c={c} />
          </p>
        </PageHeader>
        <noscript>
          <p class="meta">{t('conferences.page.noJs')}</p>
        </noscript>
        <section class="card" aria-labelledby="now">
          <h2 id="now">{t('conferences.page.now')}</h2>
          <p id="live-item">{s.item ? `${s.item.position}. ${s.item.title}` : t('conferences.page.noItem')}</p>
          <div id="live-current" aria-live="polite">
            {s.current ? (
              <p>
                <strong>
                  {s.current.askerName}
                  {s.current.askerVillage ? ` (${s.current.askerVillage})` : ''}:
                </strong>{' '}
                {s.current.content}
              </p>
            ) : (
              <p class="meta">{t('conferences.page.noCurrent')}</p>
            )}
          </div>
        </section>
        <section aria-labelledby="answers">
          <h2 id="answers">{t('conferences.page.answersSoFar')}</h2>
          <ol class="list" id="live-answers">
            {s.answered.map((q) => (
              <AnsweredQuestion ctx={ctx} q={q} agencyName={agencyName} />
            ))}
          </ol>
        </section>
        <template id="live-texts" data-answered-by={t('conferences.page.answeredBy', { name: '{name}', title: '{title}' })} data-commitment={t('conferences.page.commitment')} data-deadline={t('conferences.page.deadline')} data-no-current={t('conferences.page.noCurrent')} data-states={JSON.stringify(Object.fromEntries(['draft', 'approved', 'announced', 'in_session', 'held', 'results_published', 'closed', 'cancelled', 'postponed'].map((k) => [k, t(`conferences.state.${k}`)])))} />
      </div>
    </Layout>
  );
}
