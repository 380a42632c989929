import type { PageContext } from '../../../platform/ui/page-context';
import { Layout } from '../../../platform/ui/layout';
import { Checkbox, CsrfField, DateText, Empty, ErrorSummary, PageHeader, SelectField, TextArea, TextField } from '../../../platform/ui/components';
import { CASE_KINDS, type ReceptionCase, type ReceptionDay } from '../reception/model';
import type { ComplianceRow } from '../reception/service';
import type { Errors, Values } from './common';

export interface FormState {
  form?: string;
  values?: Values;
  errors?: Errors;
}

const val = (s: FormState | undefined, form: string, k: string) => (s?.form === form ? s.values?.[k] : undefined);
const err = (s: FormState | undefined, form: string, k: string) => (s?.form === form ? s.errors?.[k] : undefined);

/** The published schedule: each day with its head, place and hours; booking for signed-in citizens; planning for officials. */
export function SchedulePage({ ctx, unitCode, unitName, days, manage, agencies, state }: { ctx: PageContext; unitCode: string; unitName: string; days: ReceptionDay[]; manage: boolean; agencies: Array<{ id: number; name: string }>; state?: FormState }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={`${t('reception.title')} · ${unitName}`}>
      <PageHeader title={`${t('reception.title')} — ${unitName}`}>
        <p>{t('reception.page.lead')}</p>
      </PageHeader>
      {manage ? (
        <p>
          <a href={`/tiep-cong-dan/${unitCode}/so`}>{t('reception.register')}</a> · <a href={`/tiep-cong-dan/${unitCode}/tuan-thu`}>{t('reception.compliance')}</a>
        </p>
      ) : null}
      {days.length ? (
        <ul class="list">
          {days.map((d) => (
            <li id={`ngay-${d.id}`}>
              <h2>
                <DateText value={d.onDate} /> · {d.starts}–{d.ends}
              </h2>
              <p>
                {d.headTitle} {d.headName} · {d.place} · <span class="badge">{t(`reception.status.${d.status}`)}</span>
              </p>
              {d.slots ? <p class="meta">{t('reception.page.slots', { free: Math.max(d.slots - d.booked, 0), total: d.slots })}</p> : <p class="meta">{t('reception.page.walkIn')}</p>}
              {d.note ? <p>{d.note}</p> : null}
              {d.status === 'planned' && d.slots > d.booked ? (
                <p>
                  <a href={`/tiep-cong-dan/ngay/${d.id}/dang-ky`}>{t('reception.page.book')}</a>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <Empty>{t('reception.page.none')}</Empty>
      )}
      {manage ? (
        <form method="post" action={`/tiep-cong-dan/${unitCode}/lich`} class="card">
          <h2>{t('reception.page.plan')}</h2>
          <ErrorSummary ctx={ctx} errors={state?.form === 'plan' ? state.errors : undefined} />
          <CsrfField ctx={ctx} />
          <SelectField name="agencyId" label={t('reception.page.agency')} required value={val(state, 'plan', 'agencyId')} error={err(state, 'plan', 'agencyId')} options={agencies.map((a) => ({ value: a.id, label: a.name }))} />
          <TextField name="headName" label={t('reception.page.headName')} required value={val(state, 'plan', 'headName')} error={err(state, 'plan', 'headName')} />
          <TextField name="headTitle" label={t('reception.page.headTitle')} required value={val(state, 'plan', 'headTitle')} error={err(state, 'plan', 'headTitle')} />
          <TextField name="onDate" type="date" label={t('reception.page.date')} required value={val(state, 'plan', 'onDate')} error={err(state, 'plan', 'onDate')} />
          <TextField name="starts" type="time" label={t('reception.page.starts')} required value={val(state, 'plan', 'starts') ?? '07:30'} error={err(state, 'plan', 'starts')} />
          <TextField name="ends" type="time" label={t('reception.page.ends')} required value={val(state, 'plan', 'ends') ?? '11:30'} error={err(state, 'plan', 'ends')} />
          <TextField name="place" label={t('reception.page.place')} required value={val(state, 'plan', 'place')} error={err(state, 'plan', 'place')} />
          <TextField name="slots" type="number" label={t('reception.page.slotCount')} value={val(state, 'plan', 'slots') ?? '10'} error={err(state, 'plan', 'slots')} />
          <button type="submit">{t('reception.page.plan')}</button>
        </form>
      ) : null}
    </Layout>
  );
}

/** Booking a slot of one day (signed-in citizens). */
export function BookingPage({ ctx, day, unitName, state }: { ctx: PageContext; day: ReceptionDay; unitName: string; state?: FormState }) {
  const { t } = ctx;
  const p = ctx.principal;
  return (
    <Layout ctx={ctx} title={t('reception.page.book')}>
      <PageHeader title={t('reception.page.book')}>
        <p>
          {unitName}: <DateText value={day.onDate} /> · {day.starts}–{day.ends} · {day.headTitle} {day.headName} · {day.place}
        </p>
      </PageHeader>
      <form method="post" action={`/tiep-cong-dan/ngay/${day.id}/dang-ky`} class="card">
        <ErrorSummary ctx={ctx} errors={state?.errors} />
        <CsrfField ctx={ctx} />
        <TextField name="name" label={t('reception.page.name')} required value={val(state, 'book', 'name') ?? p?.name} error={err(state, 'book', 'name')} />
        <TextField name="phone" label={t('reception.page.phone')} value={val(state, 'book', 'phone') ?? p?.phone ?? ''} error={err(state, 'book', 'phone')} />
        <TextArea name="topic" label={t('reception.page.topic')} rows={3} required value={val(state, 'book', 'topic')} error={err(state, 'book', 'topic')} />
        <button type="submit">{t('reception.page.book')}</button>
      </form>
    </Layout>
  );
}

/** The reception register (Form 03/TCD columns) of a unit, with the desk's form for each open day. */
export function RegisterPage({ ctx, unitCode, unitName, cases, days, agencies, state }: { ctx: PageContext; unitCode: string; unitName: string; cases: ReceptionCase[]; days: ReceptionDay[]; agencies: Array<{ id: number; name: string }>; state?: FormState }) {
  const { t } = ctx;
  const cols = ['rowNo', 'date', 'citizen', 'idNo', 'summary', 'kind', 'people', 'handledBefore', 'within', 'directed', 'forwarded', 'result', 'petition', 'commitment'];
  return (
    <Layout ctx={ctx} title={`${t('reception.register')} · ${unitName}`}>
      <PageHeader title={`${t('reception.register')} — ${unitName}`} />
      <p>
        <a href={`/tiep-cong-dan/${unitCode}/lich`}>{t('reception.title')}</a>
      </p>
      {cases.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                {cols.map((c) => (
                  <th scope="col">{t(`reception.col.${c}`)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {cases.map((c) => (
                <tr id={`ca-${c.id}`}>
                  <td>{c.rowNo}</td>
                  <td>
                    <DateText value={c.onDate} />
                  </td>
                  <td>
                    {c.citizenName}
                    {c.citizenAddress ? `, ${c.citizenAddress}` : ''}
                  </td>
                  <td>{c.idNo ?? ''}</td>
                  <td>{c.summary}</td>
                  <td>{t(`reception.kind.${c.kind}`)}</td>
                  <td>{c.peopleCount}</td>
                  <td>{c.handledBefore ?? ''}</td>
                  <td>{c.withinCompetence ? '✓' : ''}</td>
                  <td>{c.directedTo ?? ''}</td>
                  <td>{c.forwardedTo ?? ''}</td>
                  <td>{c.result ?? ''}</td>
                  <td>{c.petitionCode ? <a href={`/kien-nghi/${c.petitionCode}`}>{c.petitionCode}</a> : ''}</td>
                  <td>{c.commitmentCode ? <a href={`/cam-ket/${c.commitmentCode}`}>{c.commitmentCode}</a> : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <Empty>{t('reception.page.noCases')}</Empty>
      )}
      {days.length ? (() => {
        const f = 'case';
        return (
          <form method="post" action={`/tiep-cong-dan/${unitCode}/so`} class="card">
            <h2>{t('reception.page.newCase')}</h2>
            <ErrorSummary ctx={ctx} errors={state?.form === f ? state.errors : undefined} />
            <CsrfField ctx={ctx} />
            <SelectField name="dayId" label={t('reception.page.day')} required value={val(state, f, 'dayId')} error={err(state, f, 'dayId')}
              options={days.map((d) => ({ value: d.id, label: `${d.onDate.split('-').reverse().join('/')} ${d.starts}–${d.ends} · ${d.headTitle} ${d.headName}` }))} />
            <TextField name="citizenName" label={t('reception.page.name')} required value={val(state, f, 'citizenName')} error={err(state, f, 'citizenName')} />
            <TextField name="citizenAddress" label={t('reception.page.address')} value={val(state, f, 'citizenAddress')} error={err(state, f, 'citizenAddress')} />
            <TextField name="idNo" label={t('reception.col.idNo')} value={val(state, f, 'idNo')} error={err(state, f, 'idNo')} />
            <TextField name="phone" label={t('reception.page.phone')} value={val(state, f, 'phone')} error={err(state, f, 'phone')} />
            <SelectField name="kind" label={t('reception.col.kind')} required value={val(state, f, 'kind')} error={err(state, f, 'kind')} options={CASE_KINDS.map((k) => ({ value: k, label: t(`reception.kind.${k}`) }))} />
            <TextField name="title" label={t('reception.page.caseTitle')} required value={val(state, f, 'title')} error={err(state, f, 'title')} />
            <TextArea name="summary" label={t('reception.col.summary')} rows={3} required value={val(state, f, 'summary')} error={err(state, f, 'summary')} />
            <TextField name="peopleCount" type="number" label={t('reception.col.people')} value={val(state, f, 'peopleCount') ?? '1'} error={err(state, f, 'peopleCount')} />
            <TextField name="handledBefore" label={t('reception.col.handledBefore')} value={val(state, f, 'handledBefore')} error={err(state, f, 'handledBefore')} />
            <Checkbox name="withinCompetence" label={t('reception.col.within')} checked={val(state, f, 'withinCompetence') === 'on'} />
            <TextField name="directedTo" label={t('reception.col.directed')} value={val(state, f, 'directedTo')} error={err(state, f, 'directedTo')} />
            <TextField name="forwardedTo" label={t('reception.col.forwarded')} value={val(state, f, 'forwardedTo')} error={err(state, f, 'forwardedTo')} />
            <TextField name="result" label={t('reception.col.result')} value={val(state, f, 'result')} error={err(state, f, 'result')} />
            <fieldset>
              <legend>{t('reception.page.promise')}</legend>
              <TextArea name="promise" label={t('reception.page.promiseText')} rows={2} value={val(state, f, 'promise')} error={err(state, f, 'promise')} />
              <SelectField name="promiseAgencyId" label={t('commitments.page.col.agency')} value={val(state, f, 'promiseAgencyId')} error={err(state, f, 'promiseAgencyId')} placeholder={t('reception.page.headAgency')} options={agencies.map((a) => ({ value: a.id, label: a.name }))} />
              <TextField name="promiseDeadline" type="date" label={t('commitments.page.col.deadline')} value={val(state, f, 'promiseDeadline')} error={err(state, f, 'promiseDeadline')} />
              <TextField name="promiseWorkingDays" type="number" label={t('commitments.page.record.workingDays')} value={val(state, f, 'promiseWorkingDays')} error={err(state, f, 'promiseWorkingDays')} />
            </fieldset>
            <button type="submit">{t('reception.page.saveCase')}</button>
          </form>
        );
      })() : null}
    </Layout>
  );
}

/** Days held against the days required, per head and month (the level above sees its communes). */
export function CompliancePage({ ctx, unitName, unitCode, values, errors, rows }: { ctx: PageContext; unitName: string; unitCode: string; values: { tu: string; den: string }; errors: Errors; rows: ComplianceRow[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={`${t('reception.compliance')} · ${unitName}`}>
      <PageHeader title={`${t('reception.compliance')} — ${unitName}`} />
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="get" action={`/tiep-cong-dan/${unitCode}/tuan-thu`} class="filters">
        <TextField name="tu" type="month" label={t('reception.page.monthFrom')} value={values.tu} error={errors.tu} />
        <TextField name="den" type="month" label={t('reception.page.monthTo')} value={values.den} error={errors.den} />
        <button type="submit">{t('commitments.page.filter')}</button>
      </form>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('reception.page.agency')}</th>
              <th scope="col">{t('reception.page.headKind')}</th>
              <th scope="col">{t('reception.page.required')}</th>
              <th scope="col">{t('reception.status.held')}</th>
              <th scope="col">{t('reception.status.planned')}</th>
              <th scope="col">{t('reception.page.assessment')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row">{r.agencyName}</th>
                <td>{t(`reception.headKind.${r.headKind}`)}</td>
                <td>{r.required}</td>
                <td>{r.held}</td>
                <td>{r.planned}</td>
                <td>{r.behind ? <strong class="badge danger">{t('reception.page.behind')}</strong> : <span class="badge ok">{t('reception.page.enough')}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
