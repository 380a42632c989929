import type { PageContext } from '../../../platform/ui/page-context';
import { Layout } from '../../../platform/ui/layout';
import { CsrfField, Empty, ErrorSummary, PageHeader, SelectField, TextArea, TextField, withQuery } from '../../../platform/ui/components';
import type { CommitmentPage, CommitmentSummary } from '../service/read';
import { Badges, CommitmentTable, Filters, type Errors, type FilterRefs, type Values } from './common';

function OfficerNav({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  const links = [
    ['/can-bo/cam-ket', 'commitments.page.register.title'],
    ['/can-bo/cam-ket/giam-sat', 'commitments.page.worklist.title'],
    ['/can-bo/cam-ket/tong-quan', 'commitments.page.overview.title'],
    ['/can-bo/cam-ket/ghi-nhan', 'commitments.page.record.title'],
  ];
  return (
    <nav aria-label={t('commitments.title')}>
      <ul class="filter-buttons">
        {links.map(([href, key]) => (
          <li>
            <a href={href} aria-current={ctx.path === href ? 'page' : undefined}>
              {t(key)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The register of the caller's agency, with the XLSX export of the same filters. */
export function RegisterPage({ ctx, agencyId, agencies, page, refs, values }: { ctx: PageContext; agencyId: number; agencies: Array<{ id: number; name: string }>; page: CommitmentPage; refs: FilterRefs; values: Values }) {
  const { t } = ctx;
  const q = { ...values, agencyId: String(agencyId) };
  return (
    <Layout ctx={ctx} title={t('commitments.page.register.title')}>
      <PageHeader title={t('commitments.page.register.title')}>
        <p>{agencies.find((a) => a.id === agencyId)?.name}</p>
      </PageHeader>
      <OfficerNav ctx={ctx} />
      <Filters ctx={ctx} action="/can-bo/cam-ket" refs={{ ...refs, agencies }} values={q} />
      <p>
        <a href={withQuery('/can-bo/cam-ket/so.xlsx', q)} download>
          {t('commitments.page.export')}
        </a>
      </p>
      <CommitmentTable ctx={ctx} page={page} base="/can-bo/cam-ket" query={q} />
    </Layout>
  );
}

function Items({ ctx, items }: { ctx: PageContext; items: CommitmentSummary[] }) {
  if (!items.length) return <Empty>{ctx.t('commitments.page.empty')}</Empty>;
  return (
    <ul class="list">
      {items.map((i) => (
        <li>
          <a href={`/cam-ket/${i.code}`}>{i.code}</a> — {i.text} <Badges ctx={ctx} item={i} />
          <br />
          <small class="meta">
            {i.agencyName} · {ctx.t('commitments.page.col.deadline')}: {i.deadline.split('-').reverse().join('/')}
          </small>
        </li>
      ))}
    </ul>
  );
}

export interface PlanView {
  id: number;
  title: string;
  periodFrom: string;
  periodTo: string;
  items: CommitmentSummary[];
}

/** The Front's supervision worklist: awaiting a verdict, overdue, and its plans for a period. */
export function WorklistPage({ ctx, toVerify, overdue, plans, candidates, values, errors }: { ctx: PageContext; toVerify: CommitmentSummary[]; overdue: CommitmentSummary[]; plans: PlanView[]; candidates: CommitmentSummary[]; values?: Values; errors?: Errors }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('commitments.page.worklist.title')}>
      <PageHeader title={t('commitments.page.worklist.title')} />
      <OfficerNav ctx={ctx} />
      <h2>{t('commitments.page.worklist.toVerify')}</h2>
      <Items ctx={ctx} items={toVerify} />
      <h2>{t('commitments.page.worklist.overdue')}</h2>
      <Items ctx={ctx} items={overdue} />
      <h2>{t('commitments.page.plan.title')}</h2>
      {plans.map((p) => (
        <section class="card" aria-label={p.title}>
          <h3>
            {p.title} ({p.periodFrom.split('-').reverse().join('/')} – {p.periodTo.split('-').reverse().join('/')})
          </h3>
          <Items ctx={ctx} items={p.items} />
        </section>
      ))}
      <form method="post" action="/can-bo/cam-ket/giam-sat/ke-hoach" class="card">
        <h3>{t('commitments.page.plan.new')}</h3>
        <ErrorSummary ctx={ctx} errors={errors} />
        <CsrfField ctx={ctx} />
        <TextField name="title" label={t('commitments.page.plan.name')} required value={values?.title} error={errors?.title} />
        <TextField name="periodFrom" type="date" label={t('commitments.page.plan.from')} required value={values?.periodFrom} error={errors?.periodFrom} />
        <TextField name="periodTo" type="date" label={t('commitments.page.plan.to')} required value={values?.periodTo} error={errors?.periodTo} />
        <fieldset>
          <legend>{t('commitments.page.plan.items')}</legend>
          {candidates.map((c) => (
            <div class="field check">
              <input type="checkbox" id={`k-${c.id}`} name="commitmentIds" value={String(c.id)} />
              <label for={`k-${c.id}`}>
                {c.code} — {c.text}
              </label>
            </div>
          ))}
        </fieldset>
        <button type="submit">{t('commitments.page.plan.save')}</button>
      </form>
    </Layout>
  );
}

export interface OverviewRow {
  agencyName: string;
  counts: Record<string, number>;
}

/** The head's overview (and the level above's): counts by agency and state, overdue ones listed. */
/** The overview's filtered list (what a dashboard's number links to): its page, filters, their errors and the unit asked. */
export interface OverviewList {
  page: CommitmentPage;
  refs: FilterRefs;
  values: Values;
  errors: Errors;
  unitCode: string;
}

/** `rows` and `overdue` null: the caller reads the unit's list only (not a head nor the level above). */
export function OverviewPage({ ctx, rows, overdue, list }: { ctx: PageContext; rows: OverviewRow[] | null; overdue: CommitmentSummary[] | null; list: OverviewList }) {
  const { t } = ctx;
  const cols = ['open', 'in_progress', 'done_awaiting_verification', 'verified_kept', 'verified_not_kept', 'overdue'];
  return (
    <Layout ctx={ctx} title={t('commitments.page.overview.title')}>
      <PageHeader title={t('commitments.page.overview.title')} />
      <OfficerNav ctx={ctx} />
      {rows === null ? null : rows.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('commitments.page.col.agency')}</th>
                {cols.map((c) => (
                  <th scope="col">{t(`commitments.state.${c}`)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <th scope="row">{r.agencyName}</th>
                  {cols.map((c) => (
                    <td>{r.counts[c] ?? 0}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <Empty>{t('commitments.page.empty')}</Empty>
      )}
      {overdue ? (
        <>
          <h2>{t('commitments.page.worklist.overdue')}</h2>
          <Items ctx={ctx} items={overdue} />
        </>
      ) : null}
      <h2 id="danh-sach">{t('commitments.page.overview.list')}</h2>
      <Filters ctx={ctx} action="/can-bo/cam-ket/tong-quan#danh-sach" refs={list.refs} values={list.values} errors={list.errors} hidden={{ unit: list.unitCode }} />
      <CommitmentTable ctx={ctx} page={list.page} base="/can-bo/cam-ket/tong-quan" query={{ ...list.values, unit: list.unitCode || undefined }} />
    </Layout>
  );
}

/** Recording a commitment made in a petition's answer: the petition's tracking code, what was promised, by when. */
export function RecordPage({ ctx, agencies, values, errors }: { ctx: PageContext; agencies: Array<{ id: number; name: string }>; values?: Values; errors?: Errors }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('commitments.page.record.title')}>
      <PageHeader title={t('commitments.page.record.title')}>
        <p>{t('commitments.page.record.lead')}</p>
      </PageHeader>
      <OfficerNav ctx={ctx} />
      <form method="post" action="/can-bo/cam-ket/ghi-nhan" class="card">
        <ErrorSummary ctx={ctx} errors={errors} />
        <CsrfField ctx={ctx} />
        <TextField name="petitionCode" label={t('commitments.page.record.petitionCode')} required value={values?.petitionCode} error={errors?.petitionCode} hint="KN-2026-000123" />
        <TextArea name="text" label={t('commitments.page.col.text')} rows={3} required value={values?.text} error={errors?.text} />
        <TextField name="promisedByName" label={t('commitments.page.record.byName')} required value={values?.promisedByName} error={errors?.promisedByName} />
        <TextField name="promisedByTitle" label={t('commitments.page.record.byTitle')} required value={values?.promisedByTitle} error={errors?.promisedByTitle} />
        <SelectField name="agencyId" label={t('commitments.page.col.agency')} required value={values?.agencyId} error={errors?.agencyId} options={agencies.map((a) => ({ value: a.id, label: a.name }))} />
        <TextField name="deadline" type="date" label={t('commitments.page.col.deadline')} value={values?.deadline} error={errors?.deadline} hint={t('commitments.page.record.deadlineHint')} />
        <TextField name="deadlineWorkingDays" type="number" label={t('commitments.page.record.workingDays')} value={values?.deadlineWorkingDays} error={errors?.deadlineWorkingDays} />
        <button type="submit">{t('commitments.page.record.save')}</button>
      </form>
    </Layout>
  );
}

export function MinePage({ ctx, items }: { ctx: PageContext; items: CommitmentSummary[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('commitments.page.mine.title')}>
      <PageHeader title={t('commitments.page.mine.title')}>
        <p>{t('commitments.page.mine.lead')}</p>
      </PageHeader>
      <Items ctx={ctx} items={items} />
    </Layout>
  );
}

