import type { PageContext } from '../../../platform/ui/page-context';
import { Layout } from '../../../platform/ui/layout';
import { CsrfField, ErrorSummary, TextField, withQuery } from '../../../platform/ui/components';
import { BASE, scopeQuery, type Scope } from './common';

export interface RowProblem {
  row: number;
  columnName: string;
  message: string;
}

function MeetingFields({ ctx, values, errors, organisations }: { ctx: PageContext; values: Record<string, string>; errors?: Record<string, string>; organisations: string[] }) {
  const { t } = ctx;
  return (
    <fieldset>
      <legend>{t('consolidation.gathering.meeting')}</legend>
      <TextField name="meeting" label={t('consolidation.field.meeting')} value={values.meeting} error={errors?.meeting} required hint={t('consolidation.field.meetingHint')} />
      <TextField name="heldOn" type="date" label={t('consolidation.field.heldOn')} value={values.heldOn} error={errors?.heldOn} required />
      <TextField name="place" label={t('consolidation.field.place')} value={values.place} error={errors?.place} />
      <TextField name="organisation" label={t('consolidation.field.organisation')} value={values.organisation} error={errors?.organisation} required hint={t('consolidation.field.organisationHint')} {...({ list: "organisations" } as Record<string, string>)} />
      <datalist id="organisations">
        {organisations.map((o) => (
          <option value={o} />
        ))}
      </datalist>
    </fieldset>
  );
}

/** Every bad row with its column and message (the form and the import alike). */
export function RowProblems({ ctx, rows }: { ctx: PageContext; rows?: RowProblem[] }) {
  if (!rows?.length) return null;
  const { t } = ctx;
  return (
    <div class="error-summary" role="alert" tabIndex={-1}>
      <h2>{t('consolidation.error.rows', { count: rows.length })}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('consolidation.column.row')}</th>
            <th scope="col">{t('consolidation.column.column')}</th>
            <th scope="col">{t('consolidation.column.message')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <td>{r.row}</td>
              <td>{r.columnName}</td>
              <td>{r.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface GatheringPageProps {
  ctx: PageContext;
  scope: Scope;
  organisations: string[];
  rowCount: number;
  values: Record<string, string>;
  errors?: Record<string, string>;
  rowProblems?: RowProblem[];
}

/** The quick multi-row form: the meeting once, then one row per opinion. */
export function GatheringPage({ ctx, scope, organisations, rowCount, values, errors, rowProblems }: GatheringPageProps) {
  const { t } = ctx;
  const title = t('consolidation.gathering.title');
  const cell = (i: number, k: string) => values[`rows[${i}][${k}]`] ?? '';
  return (
    <Layout ctx={ctx} title={title}>
      <nav aria-label={t('layout.breadcrumbs')} class="breadcrumbs">
        <a href={withQuery(BASE, scopeQuery(scope))}>{t('consolidation.title')}</a>
      </nav>
      <h1>{title}</h1>
      <p class="lead">{t('consolidation.gathering.lead', { unit: scope.unitName })}</p>
      <ErrorSummary ctx={ctx} errors={errors} />
      <RowProblems ctx={ctx} rows={rowProblems} />
      <form method="post" action={withQuery(`${BASE}/nhap-y-kien`, scopeQuery(scope))}>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="unitCode" value={scope.unitCode} />
        <MeetingFields ctx={ctx} values={values} errors={errors} organisations={organisations} />
        <fieldset>
          <legend>{t('consolidation.gathering.rows')}</legend>
          <div class="table-wrap">
            <table class="entry-grid">
              <thead>
                <tr>
                  <th scope="col">{t('consolidation.column.row')}</th>
                  <th scope="col">{t('consolidation.column.text')}</th>
                  <th scope="col">{t('consolidation.column.peopleCount')}</th>
                  <th scope="col">{t('consolidation.column.village')}</th>
                  <th scope="col">{t('consolidation.column.name')}</th>
                  <th scope="col">{t('consolidation.column.phone')}</th>
                </tr>
              </thead>
              <tbody>
                {Array.from({ length: rowCount }, (_, i) => (
                  <tr>
                    <th scope="row">{i + 1}</th>
                    <td>
                      <textarea name={`rows[${i}][text]`} rows={2} aria-label={`${t('consolidation.column.text')} ${i + 1}`}>
                        {cell(i, 'text')}
                      </textarea>
                    </td>
                    <td>
                      <input name={`rows[${i}][peopleCount]`} inputMode="numeric" size={4} value={cell(i, 'peopleCount')} aria-label={`${t('consolidation.column.peopleCount')} ${i + 1}`} />
                    </td>
                    <td>
                      <input name={`rows[${i}][village]`} value={cell(i, 'village')} aria-label={`${t('consolidation.column.village')} ${i + 1}`} />
                    </td>
                    <td>
                      <input name={`rows[${i}][name]`} value={cell(i, 'name')} aria-label={`${t('consolidation.column.name')} ${i + 1}`} />
                    </td>
                    <td>
                      <input name={`rows[${i}][phone]`} type="tel" value={cell(i, 'phone')} aria-label={`${t('consolidation.column.phone')} ${i + 1}`} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>
            <a href={withQuery(`${BASE}/nhap-y-kien`, { ...scopeQuery(scope), rows: rowCount + 10 })}>{t('consolidation.gathering.moreRows')}</a>
          </p>
        </fieldset>
        <button type="submit">{t('consolidation.action.saveGathering')}</button>
      </form>
    </Layout>
  );
}

/** Import of an XLSX or CSV file for a meeting, with the template to download. */
export function ImportPage({ ctx, scope, organisations, values, errors, rowProblems }: Omit<GatheringPageProps, 'rowCount'>) {
  const { t } = ctx;
  const title = t('consolidation.import.title');
  return (
    <Layout ctx={ctx} title={title}>
      <nav aria-label={t('layout.breadcrumbs')} class="breadcrumbs">
        <a href={withQuery(BASE, scopeQuery(scope))}>{t('consolidation.title')}</a>
      </nav>
      <h1>{title}</h1>
      <p class="lead">{t('consolidation.import.lead')}</p>
      <p>
        <a class="button secondary" href={`${BASE}/mau-nhap.xlsx`}>
          {t('consolidation.import.template')}
        </a>
      </p>
      <ErrorSummary ctx={ctx} errors={errors} />
      <RowProblems ctx={ctx} rows={rowProblems} />
      <form method="post" enctype="multipart/form-data" action={withQuery(`${BASE}/nhap-tep`, { ...scopeQuery(scope), _csrf: ctx.csrf })}>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="unitCode" value={scope.unitCode} />
        <MeetingFields ctx={ctx} values={values} errors={errors} organisations={organisations} />
        <TextField name="file" type="file" label={t('consolidation.field.file')} error={errors?.file} required {...({ accept: ".xlsx,.csv" } as Record<string, string>)} hint={t('consolidation.field.fileHint')} />
        <button type="submit">{t('consolidation.action.import')}</button>
      </form>
    </Layout>
  );
}
