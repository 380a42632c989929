import type { ComponentChildren } from 'preact';
import { formatVnDate, weekdayOf } from '../../../platform/calendar';
import { AdminShell, Layout } from '../../../platform/ui/layout';
import { CsrfField, Empty, ErrorSummary, SelectField, TextArea, TextField } from '../../../platform/ui/components';
import type { PageContext } from '../../../platform/ui/page-context';
import { CALENDAR_DAY_KINDS, type CalendarDay } from '../model';

export type FormValues = Record<string, string | undefined>;
export type FormErrors = Record<string, string>;

const dateText = (iso: string) => formatVnDate(iso) ?? iso;
const weekday = (ctx: PageContext, iso: string) => ctx.t(`calendar.weekday.${weekdayOf(iso)}`);
const dayName = (ctx: PageContext, d: CalendarDay) => (ctx.locale === 'en' ? d.nameEn : d.name);

function YearNav({ ctx, base, year, years }: { ctx: PageContext; base: string; year: number; years: number[] }) {
  const prev = years.includes(year - 1) ? year - 1 : null;
  const next = years.includes(year + 1) ? year + 1 : null;
  if (!prev && !next) return null;
  return (
    <nav class="pager" aria-label={ctx.t('calendar.years')}>
      {prev ? (
        <a href={`${base}?year=${prev}`} rel="prev">
          {ctx.t('calendar.prevYear', { year: String(prev) })}
        </a>
      ) : (
        <span />
      )}
      {next ? (
        <a href={`${base}?year=${next}`} rel="next">
          {ctx.t('calendar.nextYear', { year: String(next) })}
        </a>
      ) : null}
    </nav>
  );
}

function DayRow({ ctx, d, children }: { ctx: PageContext; d: CalendarDay; children?: ComponentChildren }) {
  return (
    <tr>
      <td>
        <time dateTime={d.date}>{dateText(d.date)}</time>
      </td>
      <td>{weekday(ctx, d.date)}</td>
      <td>
        <span class={d.kind === 'swap_work' ? 'badge warn' : 'badge'}>{ctx.t(`calendar.kind.${d.kind}`)}</span>
      </td>
      <td>
        {dayName(ctx, d)}
        {d.note ? <div class="meta">{d.note}</div> : null}
      </td>
      {children}
    </tr>
  );
}

export function PublicCalendarPage(props: {
  ctx: PageContext;
  year: number;
  years: number[];
  days: CalendarDay[];
  today: string;
  todayWorking: boolean;
  workingDays: number;
}) {
  const { ctx, year, years, days, today, todayWorking, workingDays } = props;
  const { t } = ctx;
  const title = t('calendar.public.title', { year: String(year) });
  return (
    <Layout ctx={ctx} title={title} description={t('calendar.public.lead')}>
      <h1>{title}</h1>
      <p class="lead">{t('calendar.public.lead')}</p>
      <p>
        <strong>{t(todayWorking ? 'calendar.public.today' : 'calendar.public.todayOff', { date: dateText(today) })}</strong>
      </p>
      <YearNav ctx={ctx} base="/lich-lam-viec" year={year} years={years} />
      {days.length ? (
        <>
          <p>{t('calendar.public.summary', { year: String(year), n: workingDays })}</p>
          <div class="table-wrap">
            <table>
              <caption class="sr-only">{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('calendar.field.date')}</th>
                  <th scope="col">{t('calendar.field.weekday')}</th>
                  <th scope="col">{t('calendar.field.kind')}</th>
                  <th scope="col">{t('calendar.field.name')}</th>
                </tr>
              </thead>
              <tbody>
                {days.map((d) => (
                  <DayRow ctx={ctx} d={d} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <Empty>{t('calendar.public.none')}</Empty>
      )}
      <p class="hint">{t('calendar.public.deadlines')}</p>
    </Layout>
  );
}

function DayFields({ ctx, values, errors }: { ctx: PageContext; values: FormValues; errors: FormErrors }) {
  const { t } = ctx;
  return (
    <>
      <TextField name="date" label={t('calendar.field.date')} value={values.date} error={errors.date} hint={t('calendar.field.dateHint')} required />
      <SelectField
        name="kind"
        label={t('calendar.field.kind')}
        value={values.kind}
        options={CALENDAR_DAY_KINDS.map((k) => ({ value: k, label: t(`calendar.kind.${k}`) }))}
        error={errors.kind}
        required
      />
      <TextField name="name" label={t('calendar.field.name')} value={values.name} error={errors.name} required />
      <TextField name="nameEn" label={t('calendar.field.nameEn')} value={values.nameEn} error={errors.nameEn} />
      <TextArea name="note" label={t('calendar.field.note')} value={values.note} error={errors.note} rows={2} />
    </>
  );
}

export function AdminCalendarPage(props: {
  ctx: PageContext;
  year: number;
  years: number[];
  days: CalendarDay[];
  values: FormValues;
  errors?: FormErrors;
  resetError?: string;
}) {
  const { ctx, year, years, days, values, errors = {}, resetError } = props;
  const { t } = ctx;
  const y = String(year);
  const title = t('calendar.admin.title', { year: y });
  return (
    <AdminShell ctx={ctx} title={title}>
      <p>{t('calendar.admin.lead')}</p>
      <YearNav ctx={ctx} base="/quan-tri/lich-lam-viec" year={year} years={years} />
      {days.length ? (
        <div class="table-wrap">
          <table>
            <caption class="sr-only">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('calendar.field.date')}</th>
                <th scope="col">{t('calendar.field.weekday')}</th>
                <th scope="col">{t('calendar.field.kind')}</th>
                <th scope="col">{t('calendar.field.name')}</th>
                <th scope="col">{t('calendar.field.source')}</th>
                <th scope="col">{t('calendar.admin.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {days.map((d) => (
                <DayRow ctx={ctx} d={d}>
                  <td>{t(`calendar.source.${d.source}`)}</td>
                  <td>
                    <a href={`/quan-tri/lich-lam-viec/sua?date=${d.date}&kind=${d.kind}`} aria-label={`${t('calendar.admin.edit')}: ${dateText(d.date)} ${dayName(ctx, d)}`}>
                      {t('calendar.admin.edit')}
                    </a>{' '}
                    <form method="post" action="/quan-tri/lich-lam-viec/xoa" class="inline">
                      <CsrfField ctx={ctx} />
                      <input type="hidden" name="date" value={d.date} />
                      <input type="hidden" name="kind" value={d.kind} />
                      <button type="submit" class="secondary" aria-label={`${t('calendar.admin.delete')}: ${dateText(d.date)} ${dayName(ctx, d)}`}>
                        {t('calendar.admin.delete')}
                      </button>
                    </form>
                  </td>
                </DayRow>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <Empty>{t('calendar.public.none')}</Empty>
      )}
      <section class="card" aria-labelledby="add-day">
        <h2 id="add-day">{t('calendar.admin.addTitle')}</h2>
        <ErrorSummary ctx={ctx} errors={errors} />
        <form method="post" action="/quan-tri/lich-lam-viec" novalidate>
          <CsrfField ctx={ctx} />
          <DayFields ctx={ctx} values={values} errors={errors} />
          <button type="submit">{t('calendar.admin.add')}</button>
        </form>
      </section>
      <section class="card" aria-labelledby="reset-year">
        <h2 id="reset-year">{t('calendar.admin.reset', { year: y })}</h2>
        <p>{t('calendar.admin.resetLead', { year: y })}</p>
        <form method="post" action="/quan-tri/lich-lam-viec/khoi-phuc">
          <CsrfField ctx={ctx} />
          <input type="hidden" name="year" value={y} />
          <div class={`field check${resetError ? ' has-error' : ''}`}>
            <input type="checkbox" id="confirm" name="confirm" value="1" aria-describedby={resetError ? 'confirm-error' : undefined} aria-invalid={resetError ? 'true' : undefined} />
            <label for="confirm">{t('calendar.admin.resetConfirm', { year: y })}</label>
            {resetError ? (
              <p class="field-error" id="confirm-error">
                {resetError}
              </p>
            ) : null}
          </div>
          <button type="submit" class="danger">
            {t('calendar.admin.reset', { year: y })}
          </button>
        </form>
      </section>
    </AdminShell>
  );
}

export function EditCalendarDayPage(props: { ctx: PageContext; day: CalendarDay; values: FormValues; errors?: FormErrors }) {
  const { ctx, day, values, errors = {} } = props;
  const { t } = ctx;
  const year = day.date.slice(0, 4);
  const title = t('calendar.admin.editTitle', { date: dateText(day.date) });
  return (
    <AdminShell
      ctx={ctx}
      title={title}
      crumbs={[{ href: `/quan-tri/lich-lam-viec?year=${year}`, label: t('calendar.admin.title', { year }) }, { label: title }]}
    >
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="post" action={`/quan-tri/lich-lam-viec/sua?date=${day.date}&kind=${day.kind}`} novalidate>
        <CsrfField ctx={ctx} />
        <DayFields ctx={ctx} values={values} errors={errors} />
        <p>
          <button type="submit">{t('form.save')}</button> <a href={`/quan-tri/lich-lam-viec?year=${year}`}>{t('form.cancel')}</a>
        </p>
      </form>
    </AdminShell>
  );
}

export function dayValues(d: CalendarDay): FormValues {
  return { date: dateText(d.date), kind: d.kind, name: d.name, nameEn: d.nameEn, note: d.note ?? '' };
}
