import type { PageContext } from '../../../platform/ui/page-context';
import { Layout } from '../../../platform/ui/layout';
import { CsrfField, DateText, Empty, ErrorSummary, PageHeader, TextArea, TextField } from '../../../platform/ui/components';
import type { Agency } from '../../directory/model';
import { DOCUMENT_KINDS, QUESTION_LEVELS, type Question, type Registration } from '../model';
import { actionsFrom, TRANSITIONS } from '../state-machine';
import type { ListItem } from '../service/read';
import type { Plan, UnitProgress } from '../service/plans';
import type { ConferenceView } from './public';
import { docPath } from './public';
import { IdArea, IdText, StateBadge, When } from './common';

export function OfficerListPage({ ctx, items }: { ctx: PageContext; items: ListItem[] }) {
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('conferences.page.officerTitle')}>
      <PageHeader title={t('conferences.page.officerTitle')}>
        <p>
          <a class="button" href="/can-bo/hoi-nghi/moi">
            {t('conferences.page.new')}
          </a>{' '}
          <a href="/can-bo/hoi-nghi/ke-hoach">{t('conferences.page.plan')}</a> · <a href="/can-bo/hoi-nghi/bao-cao">{t('conferences.page.reports')}</a>
        </p>
      </PageHeader>
      {items.length ? (
        <ul class="list">
          {items.map((c) => (
            <li>
              <a href={`/can-bo/hoi-nghi/${c.id}`}>{c.title}</a>
              <p class="meta">
                <When c={c} /> · {c.unitName} · <StateBadge ctx={ctx} status={c.status} />
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <Empty>{t('conferences.page.noneManaged')}</Empty>
      )}
    </Layout>
  );
}

function QuestionRow({ ctx, q, v, agencies }: { ctx: PageContext; q: Question; v: ConferenceView; agencies: Array<{ id: number; name: string }> }) {
  const t = ctx.t;
  const c = v.conference;
  const editable = !['merged', 'petition', 'answered'].includes(q.status);
  return (
    <li id={`q-${q.id}`}>
      <p>
        <strong>
          #{q.id} {q.askerName}
          {q.askerVillage ? ` (${q.askerVillage})` : ''}
        </strong>{' '}
        <span class="badge">{t(`conferences.question.${q.status}`)}</span> <span class="meta">{t(`conferences.origin.${q.origin}`)}</span>
        {q.petitionId ? (
          <>
            {' '}
            · <a href={`/kien-nghi/${q.petitionId}`}>{t('conferences.page.linkedPetition')}</a>
          </>
        ) : null}
        {q.createdPetitionId ? (
          <>
            {' '}
            · <a href={`/kien-nghi/${q.createdPetitionId}`}>{t('conferences.page.createdPetition')}</a>
          </>
        ) : null}
      </p>
      <p>{q.content}</p>
      {q.answer ? (
        <p>
          <em>{t('conferences.page.answeredBy', { name: q.answeredByName ?? '', title: q.answeredByTitle ?? '' })}</em> {q.answer}
        </p>
      ) : null}
      {editable ? (
        <details>
          <summary>{t('conferences.page.organise')}</summary>
          <form method="post" action={`/can-bo/hoi-nghi/cau-hoi/${q.id}/sap-xep`}>
            <CsrfField ctx={ctx} />
            <div class="field">
              <label for={`agenda-${q.id}`}>{t('conferences.page.agendaItem')}</label>
              <select id={`agenda-${q.id}`} name="agendaItemId">
                <option value="">—</option>
                {v.agenda.map((a) => (
                  <option value={a.id} selected={a.id === q.agendaItemId}>
                    {a.position}. {a.title}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for={`position-${q.id}`}>{t('conferences.page.position')}</label>
              <input id={`position-${q.id}`} name="position" inputMode="numeric" value={q.position} />
            </div>
            <div class="field">
              <label for={`level-${q.id}`}>{t('conferences.page.level')}</label>
              <select id={`level-${q.id}`} name="level">
                {QUESTION_LEVELS.map((l) => (
                  <option value={l} selected={l === q.level}>
                    {t(`conferences.level.${l}`)}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for={`agency-${q.id}`}>{t('conferences.page.assignedAgency')}</label>
              <select id={`agency-${q.id}`} name="assignedAgencyId">
                <option value="">—</option>
                {agencies.map((a) => (
                  <option value={a.id} selected={a.id === q.assignedAgencyId}>
                    {a.name}
                  </option>
                ))}
              </select>
            </div>
            <IdArea name="preparedAnswer" id={`prepared-${q.id}`} label={t('conferences.page.preparedAnswer')} rows={2} value={q.preparedAnswer ?? ''} />
            <button type="submit">{t('conferences.page.save')}</button>
          </form>
          <form method="post" action={`/can-bo/hoi-nghi/cau-hoi/${q.id}/gop`}>
            <CsrfField ctx={ctx} />
            <div class="field">
              <label for={`into-${q.id}`}>{t('conferences.page.mergeInto')}</label>
              <input id={`into-${q.id}`} name="into" inputMode="numeric" />
            </div>
            <button type="submit" class="secondary">
              {t('conferences.page.merge')}
            </button>
          </form>
        </details>
      ) : null}
      {c.status === 'in_session' ? null : null}
    </li>
  );
}

export function ManagePage({ ctx, v, registrations, agencies }: { ctx: PageContext; v: ConferenceView; registrations: Registration[]; agencies: Array<{ id: number; name: string }> }) {
  const t = ctx.t;
  const c = v.conference;
  const actions = actionsFrom(c.status);
  const held = ['held', 'results_published', 'closed'].includes(c.status);
  return (
    <Layout ctx={ctx} title={c.title}>
      <PageHeader title={c.title}>
        <p class="meta">
          <StateBadge ctx={ctx} status={c.status} /> · <When c={c} /> · <a href={`/hoi-nghi/${c.id}`}>{t('conferences.page.publicPage')}</a>
          {['draft', 'approved', 'announced', 'postponed'].includes(c.status) ? (
            <>
              {' '}
              · <a href={`/can-bo/hoi-nghi/${c.id}/sua`}>{t('conferences.page.edit')}</a>
            </>
          ) : null}
          {['announced', 'in_session', 'held'].includes(c.status) ? (
            <>
              {' '}
              · <a href={`/can-bo/hoi-nghi/${c.id}/thu-ky`}>{t('conferences.page.console')}</a>
            </>
          ) : null}
        </p>
      </PageHeader>
      <section class="card" aria-labelledby="actions">
        <h2 id="actions">{t('conferences.page.actions')}</h2>
        {actions.map((a) => (
          <form method="post" action={`/can-bo/hoi-nghi/${c.id}/chuyen`} class="inline-form">
            <CsrfField ctx={ctx} />
            <input type="hidden" name="action" value={a} />
            {TRANSITIONS[a].needsReason ? <IdText name="reason" id={`reason-${a}`} label={t('conferences.page.reasonFor', { action: t(`conferences.action.${a}`) })} /> : null}
            {a === 'announce' ? <TextField name="shortNoticeReason" label={t('conferences.page.shortNoticeField')} hint={t('conferences.page.shortNoticeHint')} /> : null}
            <button type="submit" class={a === 'cancel' || a === 'postpone' ? 'danger' : ''}>
              {t(`conferences.action.${a}`)}
            </button>
          </form>
        ))}
      </section>

      <section class="card" aria-labelledby="regs">
        <h2 id="regs">{t('conferences.page.registrations', { registered: v.counts.registered, waitlisted: v.counts.waitlisted, checkedIn: v.counts.checkedIn })}</h2>
        <form method="post" action={`/can-bo/hoi-nghi/${c.id}/diem-danh`}>
          <CsrfField ctx={ctx} />
          <TextField name="code" label={t('conferences.page.checkInCode')} autofocus={c.status === 'in_session'} />
          <button type="submit">{t('conferences.page.checkIn')}</button>
        </form>
        {registrations.length ? (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('conferences.page.code')}</th>
                  <th scope="col">{t('conferences.page.name')}</th>
                  <th scope="col">{t('conferences.page.village')}</th>
                  <th scope="col">{t('conferences.page.status')}</th>
                  <th scope="col">{t('conferences.page.checkedIn')}</th>
                </tr>
              </thead>
              <tbody>
                {registrations.map((r) => (
                  <tr>
                    <td>{r.code}</td>
                    <td>{r.name}</td>
                    <td>{r.village ?? ''}</td>
                    <td>{t(`conferences.registration.${r.status}`)}</td>
                    <td>
                      <DateText value={r.checkedInAt} withTime />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      <section aria-labelledby="questions">
        <h2 id="questions">{t('conferences.page.questions')}</h2>
        {v.questions.length ? (
          <ol class="list">
            {v.questions.map((q) => (
              <QuestionRow ctx={ctx} q={q} v={v} agencies={agencies} />
            ))}
          </ol>
        ) : (
          <Empty>{t('conferences.page.noQuestionsYet')}</Empty>
        )}
      </section>

      {held ? (
        <section class="card" aria-labelledby="after">
          <h2 id="after">{t('conferences.page.afterTheDay')}</h2>
          <form method="post" action={`/can-bo/hoi-nghi/${c.id}/chuyen-kien-nghi`} class="inline-form">
            <CsrfField ctx={ctx} />
            <button type="submit">{t('conferences.page.toPetitions')}</button>
          </form>
          <form method="post" action={`/can-bo/hoi-nghi/${c.id}/bao-cao`} class="inline-form">
            <CsrfField ctx={ctx} />
            <button type="submit" class="secondary">
              {t('conferences.page.sendReport')}
            </button>
          </form>
          {c.reportSentAt ? (
            <p class="meta">
              {t('conferences.page.reportSent')} <DateText value={c.reportSentAt} withTime />
              {c.reportAckAt ? ` · ${t('conferences.page.reportAck', { by: c.reportAckBy ?? '' })}` : ''}
            </p>
          ) : null}
          {DOCUMENT_KINDS.map((k) => {
            const d = v.docs[k];
            return (
              <div class="card">
                <h3>{t(`conferences.doc.${k}`)}</h3>
                {d ? (
                  <p class="meta">
                    {t('conferences.page.docVersion', { version: d.version })} · {t(d.status === 'issued' ? 'conferences.page.issued' : 'conferences.page.draft')}
                    {d.number ? ` · ${t('conferences.page.docNumber', { n: d.number })}` : ''} · <a href={docPath(c.id, k, 'docx')}>DOCX</a> · <a href={docPath(c.id, k, 'pdf')}>PDF</a>
                  </p>
                ) : null}
                {!d || d.status === 'draft' ? (
                  <>
                    <form method="post" action={`/can-bo/hoi-nghi/${c.id}/van-ban/${k}`}>
                      <CsrfField ctx={ctx} />
                      {k === 'minutes' ? (
                        <>
                          <IdText name="secretary" id={`${k}-secretary`} label={t('conferences.page.secretary')} value={d?.content.secretary ?? c.secretary ?? ''} />
                          <IdText name="attendeesCount" id={`${k}-attendees`} label={t('conferences.page.attendeesCount')} inputMode="numeric" value={d?.content.attendeesCount ?? c.attendeesCount ?? ''} />
                          <IdText name="attendeeGroups" id={`${k}-groups`} label={t('conferences.page.attendeeGroups')} value={d?.content.attendeeGroups ?? c.attendeeGroups ?? ''} />
                          <IdArea name="intro" id={`${k}-intro`} label={t('conferences.page.intro')} rows={3} value={d?.content.intro ?? ''} />
                          <IdArea name="proceedings" id={`${k}-proceedings`} label={t('conferences.page.proceedings')} rows={4} value={d?.content.proceedings ?? ''} />
                          <IdArea name="closing" id={`${k}-closing`} label={t('conferences.page.closing')} rows={2} value={d?.content.closing ?? ''} />
                        </>
                      ) : (
                        <>
                          <IdArea name="intro" id={`${k}-intro`} label={t('conferences.page.intro')} rows={3} value={d?.content.intro ?? ''} />
                          <IdArea name="conclusions" id={`${k}-conclusions`} label={t('conferences.page.conclusions')} rows={6} value={d?.content.conclusions ?? ''} />
                          <IdArea name="recipients" id={`${k}-recipients`} label={t('conferences.page.recipients')} rows={4} value={d?.content.recipients ?? ''} />
                        </>
                      )}
                      <button type="submit" class="secondary">
                        {t('conferences.page.saveDraft')}
                      </button>
                    </form>
                    <form method="post" action={`/can-bo/hoi-nghi/${c.id}/van-ban/${k}/ban-hanh`} class="inline-form">
                      <CsrfField ctx={ctx} />
                      <button type="submit">{t('conferences.page.issue')}</button>
                    </form>
                  </>
                ) : (
                  <form method="post" action={`/can-bo/hoi-nghi/${c.id}/van-ban/${k}/dinh-chinh`} class="inline-form">
                    <CsrfField ctx={ctx} />
                    <button type="submit" class="secondary">
                      {t('conferences.page.correct')}
                    </button>
                  </form>
                )}
              </div>
            );
          })}
        </section>
      ) : null}
    </Layout>
  );
}

/**
 * The secretary's console, for a laptop and a fast typist: the floor question form first (Alt+N), then the current
 * question's answer form (Alt+A; Enter in a field sends), then the queue (each with "put on the floor").
 */
export function ConsolePage({ ctx, v, agencies, errors, values }: { ctx: PageContext; v: ConferenceView; agencies: Array<{ id: number; name: string }>; errors?: Record<string, string>; values?: Record<string, string> }) {
  const t = ctx.t;
  const c = v.conference;
  const current = v.questions.find((q) => q.status === 'current');
  const queue = v.questions.filter((q) => ['pending', 'queued', 'deferred'].includes(q.status) && q.level === 'here');
  const answered = v.questions.filter((q) => q.status === 'answered');
  const lead = c.chairs[0];
  return (
    <Layout ctx={ctx} title={t('conferences.page.console')}>
      <PageHeader title={`${t('conferences.page.console')}: ${c.title}`}>
        <p class="meta">
          <StateBadge ctx={ctx} status={c.status} /> · <a href={`/can-bo/hoi-nghi/${c.id}`}>{t('conferences.page.manage')}</a> · <a href={`/hoi-nghi/${c.id}/truc-tiep`}>{t('conferences.page.live')}</a>
        </p>
      </PageHeader>
      {c.status !== 'in_session' ? <p class="flash">{t('conferences.page.notRunning')}</p> : null}
      {/* Above both forms: a refused answer may be for a question no longer on the floor. */}
      <ErrorSummary ctx={ctx} errors={errors} />
      <div class="grid grid-2">
        <section class="card" aria-labelledby="current">
          <h2 id="current">{t('conferences.page.currentQuestion')}</h2>
          {current ? (
            <>
              <p>
                <strong>
                  #{current.id} {current.askerName}
                  {current.askerVillage ? ` (${current.askerVillage})` : ''}:
                </strong>{' '}
                {current.content}
              </p>
              {current.preparedAnswer ? <p class="meta">{t('conferences.page.prepared', { text: current.preparedAnswer })}</p> : null}
              <form method="post" action={`/can-bo/hoi-nghi/cau-hoi/${current.id}/tra-loi`} id="answer-form">
                <CsrfField ctx={ctx} />
                <TextField name="answeredByName" label={t('conferences.page.answeredByName')} required value={values?.answeredByName ?? lead?.name ?? ''} error={errors?.answeredByName} accessKey="a" autofocus />
                <TextField name="answeredByTitle" label={t('conferences.page.answeredByTitle')} required value={values?.answeredByTitle ?? lead?.title ?? ''} error={errors?.answeredByTitle} />
                <TextArea name="answer" label={t('conferences.page.answer')} required rows={4} value={values?.answer ?? current.preparedAnswer ?? ''} error={errors?.answer} />
                <TextField name="commitmentText" label={t('conferences.page.commitmentText')} value={values?.commitmentText ?? ''} error={errors?.commitmentText} hint={t('conferences.page.commitmentHint')} />
                <div class={`field${errors?.commitmentAgencyId ? ' has-error' : ''}`}>
                  <label for="commitmentAgencyId">{t('conferences.page.commitmentAgency')}</label>
                  <select id="commitmentAgencyId" name="commitmentAgencyId">
                    <option value="">—</option>
                    {agencies.map((a) => (
                      <option value={a.id} selected={String(a.id) === (values?.commitmentAgencyId ?? String(current.assignedAgencyId ?? c.agencyId))}>
                        {a.name}
                      </option>
                    ))}
                  </select>
                  {errors?.commitmentAgencyId ? <p class="field-error">{errors.commitmentAgencyId}</p> : null}
                </div>
                <TextField name="commitmentDeadline" label={t('conferences.page.commitmentDeadline')} type="date" value={values?.commitmentDeadline ?? ''} error={errors?.commitmentDeadline} />
                <button type="submit">{t('conferences.page.saveAnswer')}</button>
              </form>
              <form method="post" action={`/can-bo/hoi-nghi/cau-hoi/${current.id}/hoan`} class="inline-form">
                <CsrfField ctx={ctx} />
                <button type="submit" class="secondary">
                  {t('conferences.page.defer')}
                </button>
              </form>
            </>
          ) : (
            <Empty>{t('conferences.page.noCurrent')}</Empty>
          )}
        </section>
        <section class="card" aria-labelledby="floor">
          <h2 id="floor">{t('conferences.page.floorQuestion')}</h2>
          <form method="post" action={`/can-bo/hoi-nghi/${c.id}/y-kien`}>
            <CsrfField ctx={ctx} />
            <TextField name="askerName" label={t('conferences.page.askerName')} required accessKey="n" value={values?.askerName ?? ''} error={errors?.askerName} autofocus={!current} />
            <TextField name="askerVillage" label={t('conferences.page.village')} value={values?.askerVillage ?? ''} />
            <TextArea name="content" label={t('conferences.page.question')} required rows={3} value={values?.content ?? ''} error={errors?.content} />
            <button type="submit">{t('conferences.page.addToQueue')}</button>
          </form>
          <h2>{t('conferences.page.agenda')}</h2>
          <ol>
            {v.agenda.map((a) => (
              <li>
                <form method="post" action={`/can-bo/hoi-nghi/${c.id}/muc/${a.id}`} class="inline-form">
                  <CsrfField ctx={ctx} />
                  {a.id === c.currentAgendaItemId ? <strong>{a.title}</strong> : a.title} <span class="meta">({t('conferences.page.minutes', { n: a.minutes })})</span>{' '}
                  <button type="submit" class="link">
                    {t('conferences.page.goToItem')}
                  </button>
                </form>
              </li>
            ))}
          </ol>
        </section>
      </div>
      <section aria-labelledby="queue">
        <h2 id="queue">{t('conferences.page.queue', { n: queue.length })}</h2>
        <ol class="list">
          {queue.map((q) => (
            <li>
              <form method="post" action={`/can-bo/hoi-nghi/cau-hoi/${q.id}/dua-ra`} class="inline-form">
                <CsrfField ctx={ctx} />
                <strong>
                  #{q.id} {q.askerName}
                  {q.askerVillage ? ` (${q.askerVillage})` : ''}:
                </strong>{' '}
                {q.content} <span class="badge">{t(`conferences.question.${q.status}`)}</span>{' '}
                <button type="submit" class="secondary">
                  {t('conferences.page.putOnFloor')}
                </button>
              </form>
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="done">
        <h2 id="done">{t('conferences.page.answeredCount', { n: answered.length })}</h2>
        <ol>
          {answered.map((q) => (
            <li>
              {q.askerName}: {q.content} — <em>{q.answeredByName}</em>
            </li>
          ))}
        </ol>
      </section>
    </Layout>
  );
}

export function PlanPage({ ctx, units, unitCode, year, plan, progress, errors, overseen }: { ctx: PageContext; units: Array<{ code: string; name: string }>; unitCode: string; year: number; plan: Plan | null; progress: UnitProgress[] | null; errors?: Record<string, string>; overseen?: { unitName: string; plan: Plan | null } | null }) {
  const t = ctx.t;
  const items = plan?.items ?? [];
  return (
    <Layout ctx={ctx} title={t('conferences.page.plan')}>
      <PageHeader title={t('conferences.page.planFor', { year })} />
      {overseen ? (
        <section class="card" aria-labelledby="overseen-plan">
          <h2 id="overseen-plan">{overseen.unitName}</h2>
          {overseen.plan?.items.length ? (
            <ol>
              {overseen.plan.items.map((i) => (
                <li data-plan-item>
                  {t('conferences.page.quarter', { n: i.quarter })}: {i.topic}
                  {i.conferenceId ? (
                    <>
                      {' · '}
                      <a href={`/hoi-nghi/${i.conferenceId}`}>{t('conferences.page.planHeld')}</a>
                    </>
                  ) : null}
                </li>
              ))}
            </ol>
          ) : (
            <Empty>{t('conferences.page.noPlanItems')}</Empty>
          )}
        </section>
      ) : null}
      {units.length ? (
        <section class="card">
          <form method="get" action="/can-bo/hoi-nghi/ke-hoach" class="filters">
            <div class="field">
              <label for="unit">{t('conferences.page.unit')}</label>
              <select id="unit" name="unit">
                {units.map((u) => (
                  <option value={u.code} selected={u.code === unitCode}>
                    {u.name}
                  </option>
                ))}
              </select>
            </div>
            <TextField name="year" label={t('conferences.page.year')} value={year} inputMode="numeric" />
            <button type="submit" class="secondary">
              {t('conferences.page.show')}
            </button>
          </form>
          <form method="post" action="/can-bo/hoi-nghi/ke-hoach">
            <CsrfField ctx={ctx} />
            <input type="hidden" name="unitCode" value={unitCode} />
            <input type="hidden" name="year" value={year} />
            {Array.from({ length: Math.max(4, items.length + 2) }, (_, i) => (
              <div class="grid grid-2">
                <div class="field">
                  <label for={`items.${i}.quarter`}>{t('conferences.page.quarterN', { n: i + 1 })}</label>
                  <select id={`items.${i}.quarter`} name="quarter">
                    <option value="">—</option>
                    {[1, 2, 3, 4].map((n) => (
                      <option value={n} selected={items[i]?.quarter === n}>
                        {t('conferences.page.quarter', { n })}
                      </option>
                    ))}
                  </select>
                </div>
                <div class={`field${errors?.[`items.${i}.topic`] ? ' has-error' : ''}`}>
                  <label for={`items.${i}.topic`}>{t('conferences.page.topicN', { n: i + 1 })}</label>
                  <input id={`items.${i}.topic`} name="topic" value={items[i]?.topic ?? ''} />
                  {errors?.[`items.${i}.topic`] ? <p class="field-error">{errors[`items.${i}.topic`]}</p> : null}
                  {items[i]?.conferenceId ? (
                    <p class="meta">
                      <a href={`/can-bo/hoi-nghi/${items[i].conferenceId}`}>{t('conferences.page.planHeld')}</a>
                    </p>
                  ) : null}
                </div>
              </div>
            ))}
            <TextArea name="note" label={t('conferences.page.note')} rows={2} value={plan?.note ?? ''} />
            <button type="submit">{t('conferences.page.savePlan')}</button>
          </form>
        </section>
      ) : null}
      {progress ? (
        <section aria-labelledby="progress">
          <h2 id="progress">{t('conferences.page.progress')}</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('conferences.page.unit')}</th>
                  <th scope="col">{t('conferences.page.required')}</th>
                  <th scope="col">{t('conferences.page.planned')}</th>
                  <th scope="col">{t('conferences.page.heldCount')}</th>
                  <th scope="col">{t('conferences.page.lateResults')}</th>
                  <th scope="col">{t('conferences.page.unacknowledged')}</th>
                </tr>
              </thead>
              <tbody>
                {[...progress].sort((a, b) => Number(b.behind) - Number(a.behind) || a.unitName.localeCompare(b.unitName, 'vi')).map((u) => (
                  <tr>
                    <th scope="row">
                      {u.unitName} {u.behind ? <span class="badge warn">{t('conferences.page.behind')}</span> : <span class="badge ok">{t('conferences.page.onTrack')}</span>}
                    </th>
                    <td>{u.required}</td>
                    <td>{u.planned}</td>
                    <td>{u.held}</td>
                    <td>{u.lateResults}</td>
                    <td>{u.unacknowledged}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </Layout>
  );
}

export function ReportsPage({ ctx, rows, units }: { ctx: PageContext; rows: Array<{ id: number; title: string; unit_code: string; starts_at: Date; report_sent_at: Date | null; report_ack_at: Date | null; report_ack_by: string | null }>; units: Map<string, string> }) {
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('conferences.page.reports')}>
      <PageHeader title={t('conferences.page.reports')} />
      {rows.length ? (
        <ul class="list">
          {rows.map((r) => (
            <li>
              <a href={`/hoi-nghi/${r.id}`}>{r.title}</a> · {units.get(r.unit_code) ?? r.unit_code} · <DateText value={r.starts_at} />
              <p class="meta">
                {t('conferences.page.reportSent')} <DateText value={r.report_sent_at} withTime />
              </p>
              {r.report_ack_at ? (
                <p class="meta">{t('conferences.page.reportAck', { by: r.report_ack_by ?? '' })}</p>
              ) : (
                <form method="post" action={`/can-bo/hoi-nghi/${r.id}/xac-nhan-bao-cao`}>
                  <CsrfField ctx={ctx} />
                  <button type="submit">{t('conferences.page.acknowledge')}</button>
                </form>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <Empty>{t('conferences.page.noReports')}</Empty>
      )}
    </Layout>
  );
}

export type { Agency };
