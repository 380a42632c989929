import type { PageContext } from '../../../platform/ui/page-context';
import { Layout } from '../../../platform/ui/layout';
import { Breadcrumbs, CsrfField, DateText, ErrorSummary, PageHeader, SelectField, TextArea, TextField, Checkbox } from '../../../platform/ui/components';
import { FINDING_METHODS } from '../model';
import type { CommitmentDetail } from '../service/read';
import type { ActionName } from '../state-machine';
import { Badges, type Errors, type Values } from './common';

export interface ActionState {
  action?: string;
  values?: Values;
  errors?: Errors;
  message?: string;
}

const v = (s: ActionState | undefined, action: string, k: string) => (s?.action === action ? s.values?.[k] : undefined);
const e = (s: ActionState | undefined, action: string, k: string) => (s?.action === action ? s.errors?.[k] : undefined);

function FileField({ ctx, s, action }: { ctx: PageContext; s?: ActionState; action: string }) {
  const err = e(s, action, 'files');
  return (
    <div class={`field${err ? ' has-error' : ''}`}>
      <label for={`${action}-files`}>{ctx.t('commitments.page.evidence')}</label>
      <input id={`${action}-files`} type="file" name="files" multiple accept="image/*,application/pdf,.docx,.xlsx" aria-describedby={`${action}-files-hint`} />
      <p class="hint" id={`${action}-files-hint`}>{ctx.t('commitments.page.evidenceHint')}</p>
      {err ? <p class="field-error">{err}</p> : null}
    </div>
  );
}

/** One action form (multipart: evidence may come with it). */
function ActionForm({ ctx, code, action, children, danger }: { ctx: PageContext; code: string; action: ActionName | 'done'; children: preact.ComponentChildren; danger?: boolean }) {
  return (
    <form method="post" action={`/cam-ket/${code}/thao-tac?_csrf=${encodeURIComponent(ctx.csrf)}`} enctype="multipart/form-data" class="card">
      <h3>{ctx.t(`commitments.action.${action}`)}</h3>
      <CsrfField ctx={ctx} />
      <input type="hidden" name="action" value={action} />
      {children}
      <button type="submit" class={danger ? 'danger' : undefined}>
        {ctx.t(`commitments.action.${action}`)}
      </button>
    </form>
  );
}

export function DetailPage({ ctx, d, state, agencies, today }: { ctx: PageContext; d: CommitmentDetail; state?: ActionState; agencies: Array<{ id: number; name: string }>; today: string }) {
  const { t } = ctx;
  const c = d.commitment;
  const has = (a: ActionName) => d.actions.includes(a);
  const errors = state?.errors;
  return (
    <Layout ctx={ctx} title={`${c.code} · ${t('commitments.title')}`} description={c.text}>
      <Breadcrumbs ctx={ctx} items={[{ href: `/cam-ket/don-vi/${c.unitCode}`, label: t('commitments.title') }, { label: c.code }]} />
      <PageHeader title={t('commitments.page.detail.title', { code: c.code })}>
        <Badges ctx={ctx} item={c} />
      </PageHeader>
      {state?.message ? <p class="flash flash-error" role="alert">{state.message}</p> : null}
      <ErrorSummary ctx={ctx} errors={errors} />
      <blockquote class="prose">{c.text}</blockquote>
      <dl class="facts">
        <dt>{t('commitments.page.promisedBy')}</dt>
        <dd>
          {c.promisedBy.title} {c.promisedBy.name}, <DateText value={c.promisedOn} />
        </dd>
        <dt>{t('commitments.page.source')}</dt>
        <dd>
          {t(`commitments.source.${c.source.kind}`)}: <a href={c.source.href}>{c.source.label}</a>
        </dd>
        <dt>{t('commitments.page.col.agency')}</dt>
        <dd>
          {d.agency?.name}
          {d.coAgencies.length ? ` (${t('commitments.page.coAgencies')}: ${d.coAgencies.map((a) => a.name).join(', ')})` : ''}
        </dd>
        <dt>{t('commitments.page.col.deadline')}</dt>
        <dd>
          <DateText value={c.deadline} />
          {c.extensionCount ? <> ({t('commitments.page.originalDeadline')}: <DateText value={c.originalDeadline} />, {t('commitments.page.extended', { n: c.extensionCount })})</> : null}
          {c.overdue ? <strong> — {t('commitments.page.overdueSince', { date: c.deadline.split('-').reverse().join('/') })}</strong> : null}
        </dd>
        <dt>{t('commitments.page.col.progress')}</dt>
        <dd>
          <progress max={100} value={c.progressPct}>{c.progressPct}%</progress> {c.progressPct}%
        </dd>
        {c.petitionCode ? (
          <>
            <dt>{t('commitments.page.petition')}</dt>
            <dd>
              <a href={`/kien-nghi/${c.petitionCode}`}>{c.petitionCode}</a>
            </dd>
          </>
        ) : null}
        {c.cancelReason ? (
          <>
            <dt>{t('commitments.page.cancelReason')}</dt>
            <dd>{c.cancelReason}</dd>
          </>
        ) : null}
        {d.official ? (
          <>
            <dt>{t('commitments.page.citizens')}</dt>
            <dd>{t('commitments.page.citizensCount', { n: c.citizenIds.length })}</dd>
          </>
        ) : null}
      </dl>

      <section aria-labelledby="timeline-h">
        <h2 id="timeline-h">{t('commitments.page.timeline')}</h2>
        <ol class="timeline">
          {d.timeline.map((ev) => (
            <li>
              <strong>{t(`commitments.event.${ev.type}`)}</strong> · <DateText value={ev.at} withTime /> · {ev.actorLabel}
              {ev.pct !== null ? ` · ${ev.pct}%` : ''}
              {ev.milestone ? ` · ${ev.milestone}` : ''}
              {ev.type === 'extend' ? ` · ${t('commitments.page.newDeadline')}: ${String(ev.data.to ?? '').split('-').reverse().join('/')}` : ''}
              {ev.note ? <p>{ev.note}</p> : null}
              {ev.files.length ? (
                <ul class="files">
                  {ev.files.map((f) => (
                    <li>
                      <a href={`/tep/${f.id}`}>{f.filename}</a>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
      </section>

      {d.findings.length ? (
        <section aria-labelledby="findings-h">
          <h2 id="findings-h">{t('commitments.page.findings')}</h2>
          <ul class="list">
            {d.findings.map((f) => (
              <li>
                <DateText value={f.onDate} /> · {t(`commitments.method.${f.method}`)} · {f.byLabel}
                {f.verdict ? <strong> · {t(`commitments.verdict.${f.verdict}`)}</strong> : null}
                <p>{f.finding}</p>
                {f.files.map((x) => (
                  <a href={`/tep/${x.id}`}>{x.filename} </a>
                ))}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {d.actions.length ? (
        <section aria-labelledby="actions-h" class="actions">
          <h2 id="actions-h">{t('commitments.page.actions')}</h2>
          {has('progress') ? (
            <ActionForm ctx={ctx} code={c.code} action="progress">
              <TextArea name="progress_note" label={t('commitments.page.note')} rows={3} required value={v(state, 'progress', 'note')} error={e(state, 'progress', 'note')} />
              <TextField name="progress_pct" type="number" label={t('commitments.page.pct')} value={v(state, 'progress', 'pct') ?? String(c.progressPct)} error={e(state, 'progress', 'pct')} />
              <TextField name="progress_milestone" label={t('commitments.page.milestone')} value={v(state, 'progress', 'milestone')} error={e(state, 'progress', 'milestone')} />
              <Checkbox name="progress_done" label={t('commitments.page.reportDone')} checked={v(state, 'progress', 'done') === 'on'} />
              <FileField ctx={ctx} s={state} action="progress" />
            </ActionForm>
          ) : null}
          {has('finding') ? (
            <ActionForm ctx={ctx} code={c.code} action="finding">
              <TextField name="finding_onDate" type="date" label={t('commitments.page.onDate')} required value={v(state, 'finding', 'onDate') ?? today} error={e(state, 'finding', 'onDate')} />
              <SelectField name="finding_method" label={t('commitments.page.method')} required value={v(state, 'finding', 'method')} error={e(state, 'finding', 'method')} options={FINDING_METHODS.map((m) => ({ value: m, label: t(`commitments.method.${m}`) }))} />
              <TextArea name="finding_finding" label={t('commitments.page.finding')} rows={3} required value={v(state, 'finding', 'finding')} error={e(state, 'finding', 'finding')} />
              {has('verify_kept') ? (
                <SelectField name="finding_verdict" label={t('commitments.page.verdict')} value={v(state, 'finding', 'verdict')} error={e(state, 'finding', 'verdict')} placeholder={t('commitments.page.noVerdict')}
                  options={[{ value: 'kept', label: t('commitments.verdict.kept') }, { value: 'not_kept', label: t('commitments.verdict.not_kept') }]} />
              ) : null}
              <FileField ctx={ctx} s={state} action="finding" />
            </ActionForm>
          ) : null}
          {has('extend') ? (
            <ActionForm ctx={ctx} code={c.code} action="extend">
              <TextField name="extend_deadline" type="date" label={t('commitments.page.newDeadline')} required value={v(state, 'extend', 'deadline')} error={e(state, 'extend', 'deadline')} />
              <TextArea name="extend_reason" label={t('commitments.page.reason')} rows={2} required value={v(state, 'extend', 'reason')} error={e(state, 'extend', 'reason')} />
            </ActionForm>
          ) : null}
          {has('transfer') ? (
            <ActionForm ctx={ctx} code={c.code} action="transfer">
              <SelectField name="transfer_agencyId" label={t('commitments.page.toAgency')} required value={v(state, 'transfer', 'agencyId')} error={e(state, 'transfer', 'agencyId')} options={agencies.filter((a) => a.id !== c.agencyId).map((a) => ({ value: a.id, label: a.name }))} />
              <TextArea name="transfer_reason" label={t('commitments.page.reason')} rows={2} required value={v(state, 'transfer', 'reason')} error={e(state, 'transfer', 'reason')} />
            </ActionForm>
          ) : null}
          {has('to_petition') && !c.petitionCode ? (
            <ActionForm ctx={ctx} code={c.code} action="to_petition">
              <p class="hint">{t('commitments.page.toPetitionHint')}</p>
            </ActionForm>
          ) : null}
          {has('cancel') ? (
            <ActionForm ctx={ctx} code={c.code} action="cancel" danger>
              <TextArea name="cancel_reason" label={t('commitments.page.reason')} rows={2} required value={v(state, 'cancel', 'reason')} error={e(state, 'cancel', 'reason')} />
            </ActionForm>
          ) : null}
        </section>
      ) : null}
    </Layout>
  );
}
