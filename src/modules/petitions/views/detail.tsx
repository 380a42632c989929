import type { ComponentChildren, VNode } from 'preact';
import type { PageContext } from '../../../platform/ui/page-context';
import { Layout } from '../../../platform/ui/layout';
import { Breadcrumbs, CsrfField, DateText, Empty } from '../../../platform/ui/components';
import type { AnswerTemplate, PetitionDetail } from '../model';
import type { ActionName } from '../state-machine';
import { pinMap } from '../../../platform/geo';
import { DueBadge, FlagBadges, IdArea, IdSelect, IdText, RadioGroup, StatusBadge, val, type Errors, type Values, attrs } from './common';

export interface DetailRefs {
  /** Agencies to forward / direct to. */
  agencies: Array<{ id: number; name: string }>;
  /** Officers of the petition's agency (assign). */
  officers: Array<{ id: number; name: string }>;
  templates: AnswerTemplate[];
  maxFiles: number;
  maxMb: number;
}

export interface ActionState {
  action: ActionName;
  values?: Values;
  errors?: Errors;
  /** A refusal (403 / 422 not allowed) shown above the forms. */
  message?: string;
}

/** The pin: for officials a small map of the commune with the point (inline SVG, no script), and the coordinates. */
function Place({ ctx, unitCode, lat, lon, withMap }: { ctx: PageContext; unitCode: string; lat: number; lon: number; withMap: boolean }) {
  const coords = `${lat.toFixed(5)}, ${lon.toFixed(5)}`;
  const m = withMap ? pinMap(unitCode, lon, lat) : null;
  if (!m) return <>{coords}</>;
  const label = ctx.t('petitions.page.detail.placeMap', { unit: m.communeName, coords });
  return (
    <figure class="pin-map">
      <svg viewBox={`0 0 ${m.width} ${m.height}`} width={m.width} height={m.height} role="img" aria-label={label}>
        <path d={m.outline} fill-rule="evenodd" />
        <circle cx={m.pin.x} cy={m.pin.y} r={6} />
      </svg>
      <figcaption class="meta">{coords}</figcaption>
    </figure>
  );
}

/** An attached file: images as a thumbnail linking to the full picture, other files as a link with their size. */
function FileItem({ file, thumbnail }: { file: { fileId: string; filename: string; size: number; kind: string }; thumbnail: boolean }) {
  if (thumbnail && file.kind === 'image') {
    return (
      <li class="thumb">
        <a href={`/tep/${file.fileId}`}>
          <img src={`/tep/${file.fileId}/anh-nho`} alt={file.filename} width={160} height={120} loading="lazy" />
        </a>
        <span class="meta">{fileSize(file.size)}</span>
      </li>
    );
  }
  return (
    <li>
      <a href={`/tep/${file.fileId}`}>{file.filename}</a> <span class="meta">({fileSize(file.size)})</span>
    </li>
  );
}

function Fact({ label, children }: { label: string; children: ComponentChildren }) {
  if (children === null || children === undefined || children === '') return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** Text with line breaks kept, as text (never HTML). */
function Paragraphs({ text }: { text: string }) {
  return (
    <div class="prose">
      {text.split(/\n{2,}/).map((para) => (
        <p>
          {para.split('\n').map((line, i) => (
            <>
              {i > 0 ? <br /> : null}
              {line}
            </>
          ))}
        </p>
      ))}
    </div>
  );
}

function fileSize(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1).replace('.', ',')} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

/** One action's form: a hidden `action`, its fields, a submit button; opened when it carries errors. */
function ActionForm({
  ctx,
  code,
  action,
  state,
  multipart,
  children,
  danger,
}: {
  ctx: PageContext;
  code: string;
  action: ActionName;
  state?: ActionState;
  multipart?: boolean;
  children?: ComponentChildren;
  danger?: boolean;
}) {
  const { t } = ctx;
  const mine = state?.action === action;
  const url = `/kien-nghi/${code}/thao-tac`;
  const label = t(`petitions.action.${action}`);
  const body = (
    <form
      method="post"
      action={url}
      enctype={multipart ? 'multipart/form-data' : undefined}
      class="action-form"
      novalidate
      id={`form-${action}`}
    >
      <CsrfField ctx={ctx} />
      <input type="hidden" name="action" value={action} />
      {children}
      <button type="submit" class={danger ? 'action-submit danger' : 'action-submit'}>
        {label}
      </button>
    </form>
  );
  if (!children) return <div class="action quick">{body}</div>;
  return (
    <details class="action card" open={mine} id={`action-${action}`}>
      <summary>{label}</summary>
      {body}
    </details>
  );
}

function ActionForms({ ctx, d, refs, state, templateBody }: { ctx: PageContext; d: PetitionDetail; refs: DetailRefs; state?: ActionState; templateBody?: string }) {
  const { t } = ctx;
  const code = d.petition.code;
  const v = (a: ActionName) => (state?.action === a ? state.values : undefined);
  const e = (a: ActionName) => (state?.action === a ? (state.errors ?? {}) : {});
  const has = (a: ActionName) => d.actions.includes(a);
  const reason = (a: ActionName, hint?: string) => (
    <IdArea id={`${a}-reason`} name="reason" label={t('petitions.page.form.reason')} required rows={3} value={val(v(a), 'reason')} error={e(a).reason} hint={hint} />
  );
  const agencyOptions = refs.agencies.filter((a) => a.id !== d.petition.agencyId).map((a) => ({ value: a.id, label: a.name }));
  return (
    <>
      {has('receive') ? (
        <ActionForm ctx={ctx} code={code} action="receive" state={state}>
          <IdText name="receiptNo" label={t('petitions.page.form.receiptNo')} value={val(v('receive'), 'receiptNo')} error={e('receive').receiptNo} id="receive-receiptNo" />
        </ActionForm>
      ) : null}
      {has('assign') ? (
        <ActionForm ctx={ctx} code={code} action="assign" state={state}>
          <IdSelect
            name="assigneeId"
            id="assign-assigneeId"
            label={t('petitions.page.form.assignee')}
            required
            value={val(v('assign'), 'assigneeId')}
            error={e('assign').assigneeId}
            placeholder={t('petitions.page.form.chooseOfficer')}
            options={refs.officers.map((o) => ({ value: o.id, label: o.name }))}
          />
        </ActionForm>
      ) : null}
      {has('draft_answer') ? (
        <ActionForm ctx={ctx} code={code} action="draft_answer" state={state} multipart>
          {refs.templates.length ? (
            <p class="template-pick">
              <label for="templateId">{t('petitions.page.form.template')}</label>{' '}
              <select id="templateId" name="mau" form="template-form" data-templates={JSON.stringify(refs.templates.map((x) => ({ id: x.id, body: x.body })))}>
                <option value="">{t('petitions.page.form.templateNone')}</option>
                {refs.templates.map((x) => (
                  <option value={String(x.id)}>{x.title}</option>
                ))}
              </select>{' '}
              <button type="submit" form="template-form" class="secondary">
                {t('petitions.page.form.templateApply')}
              </button>
            </p>
          ) : null}
          <IdArea
            name="answerText"
            id="answerText"
            label={t('petitions.page.form.answerText')}
            required
            rows={10}
            value={val(v('draft_answer'), 'answerText') || templateBody || (d.answer && d.answer.status !== 'published' ? d.answer.text : '')}
            error={e('draft_answer').answerText}
            hint={t('petitions.page.form.answerHint')}
          />
          <IdText name="docNo" id="draft-docNo" label={t('petitions.page.form.docNo')} value={val(v('draft_answer'), 'docNo') || d.answer?.docNo || ''} error={e('draft_answer').docNo} />
          <div class={`field${e('draft_answer').attachments ? ' has-error' : ''}`}>
            <label for="answer-files">{t('petitions.page.form.answerFiles')}</label>
            <input type="file" id="answer-files" name="attachments" multiple accept="image/jpeg,image/png,image/webp,image/gif,application/pdf" aria-describedby="answer-files-hint" />
            <p class="hint" id="answer-files-hint">
              {t('petitions.page.submit.attachmentsHint', { count: refs.maxFiles, mb: refs.maxMb })}
            </p>
            {e('draft_answer').attachments ? <p class="field-error">{e('draft_answer').attachments}</p> : null}
          </div>
        </ActionForm>
      ) : null}
      {has('approve') ? <ActionForm ctx={ctx} code={code} action="approve" state={state} /> : null}
      {has('request_changes') ? (
        <ActionForm ctx={ctx} code={code} action="request_changes" state={state}>
          {reason('request_changes')}
        </ActionForm>
      ) : null}
      {has('publish') ? <ActionForm ctx={ctx} code={code} action="publish" state={state} /> : null}
      {has('rate') ? (
        <ActionForm ctx={ctx} code={code} action="rate" state={state}>
          <RadioGroup
            name="score"
            legend={t('petitions.page.form.score')}
            required
            value={val(v('rate'), 'score')}
            error={e('rate').score}
            options={[5, 4, 3, 2, 1].map((s) => ({ value: String(s), label: t(`petitions.page.form.score.${s}`) }))}
          />
          <IdArea name="comment" id="rate-comment" label={t('petitions.page.form.comment')} rows={3} value={val(v('rate'), 'comment')} error={e('rate').comment} />
        </ActionForm>
      ) : null}
      {has('reopen') ? (
        <ActionForm ctx={ctx} code={code} action="reopen" state={state}>
          {reason('reopen', t('petitions.page.form.reopenHint'))}
        </ActionForm>
      ) : null}
      {has('forward') ? (
        <ActionForm ctx={ctx} code={code} action="forward" state={state}>
          <IdSelect
            name="targetAgencyId"
            id="forward-targetAgencyId"
            label={t('petitions.page.form.targetAgency')}
            required
            value={val(v('forward'), 'targetAgencyId')}
            error={e('forward').targetAgencyId}
            placeholder={t('petitions.page.form.chooseAgency')}
            options={agencyOptions}
          />
          {reason('forward')}
        </ActionForm>
      ) : null}
      {has('direct') ? (
        <ActionForm ctx={ctx} code={code} action="direct" state={state}>
          <IdText name="directedTo" id="direct-directedTo" label={t('petitions.page.form.directedTo')} required value={val(v('direct'), 'directedTo')} error={e('direct').directedTo} />
          <IdSelect
            name="directedAgencyId"
            id="direct-directedAgencyId"
            label={t('petitions.page.form.directedAgency')}
            value={val(v('direct'), 'directedAgencyId')}
            error={e('direct').directedAgencyId}
            placeholder={t('petitions.page.form.chooseAgency')}
            options={agencyOptions}
          />
          {reason('direct')}
        </ActionForm>
      ) : null}
      {has('extend') ? (
        <ActionForm ctx={ctx} code={code} action="extend" state={state}>
          <IdText name="days" id="extend-days" type="number" extra={attrs({ min: 1, max: 90 })} label={t('petitions.page.form.days')} value={val(v('extend'), 'days')} error={e('extend').days} />
          {reason('extend')}
        </ActionForm>
      ) : null}
      {has('merge') ? (
        <ActionForm ctx={ctx} code={code} action="merge" state={state}>
          <IdText
            name="targetPetitionId"
            id="merge-target"
            label={t('petitions.page.form.target')}
            required
            value={val(v('merge'), 'targetPetitionId')}
            error={e('merge').targetPetitionId}
            hint={t('petitions.page.form.targetHint')}
          />
        </ActionForm>
      ) : null}
      {has('close') ? <ActionForm ctx={ctx} code={code} action="close" state={state} /> : null}
      {has('note') ? (
        <ActionForm ctx={ctx} code={code} action="note" state={state}>
          <IdArea name="note" id="note-note" label={t('petitions.page.form.note')} required rows={3} value={val(v('note'), 'note')} error={e('note').note} />
        </ActionForm>
      ) : null}
      {has('withdraw') ? (
        <ActionForm ctx={ctx} code={code} action="withdraw" state={state} danger>
          {reason('withdraw', t('petitions.page.form.withdrawHint'))}
        </ActionForm>
      ) : null}
    </>
  );
}

export function DetailPage({
  ctx,
  d,
  refs,
  state,
  templateBody,
  enteredByName,
  panels = [],
}: {
  ctx: PageContext;
  d: PetitionDetail;
  refs: DetailRefs;
  state?: ActionState;
  templateBody?: string;
  /** Staff entry: who entered it (officials only). */
  enteredByName?: string | null;
  /** Other modules' panels about this petition (manifests' `panels`, place 'petition'). */
  panels?: VNode<any>[];
}) {
  const { t } = ctx;
  const p = d.petition;
  const official = d.relation === 'official';
  const crumbs =
    d.relation === 'official'
      ? { href: '/can-bo/kien-nghi', label: t('petitions.page.detail.inbox') }
      : d.relation === 'owner'
        ? { href: '/kien-nghi/cua-toi', label: t('petitions.page.mine.title') }
        : { href: '/kien-nghi', label: t('petitions.page.public.title') };
  const answerVisible = d.answer && (official || d.answer.status === 'published');
  const petitionFiles = d.attachments.filter((a) => a.answerId === null);
  const answerFiles = d.attachments.filter((a) => a.answerId !== null && a.answerId === d.answer?.id);
  return (
    <Layout ctx={ctx} title={`${p.code}: ${p.title}`} styles={['petitions.css']} scripts={d.actions.includes('draft_answer') ? ['petition-form.js'] : []}>
      <Breadcrumbs ctx={ctx} items={[crumbs, { label: p.code }]} />
      <article class="petition" aria-labelledby="petition-title">
        <header>
          <h1 id="petition-title">{p.title}</h1>
          <p class="badges">
            <span class="code">{p.code}</span> <span class="badge">{t(`petitions.kind.${p.kind}`)}</span> <StatusBadge ctx={ctx} status={p.status} />{' '}
            {['answered', 'closed', 'directed', 'merged', 'withdrawn'].includes(p.status) ? null : <DueBadge ctx={ctx} due={p.dueState} />}{' '}
            <FlagBadges ctx={ctx} keoDai={p.keoDai} vuotCap={p.vuotCap} />
            {p.track === 'legal' ? <span class="badge">{t('petitions.page.legal.badge')}</span> : null}
          </p>
        </header>
        {state?.message ? (
          <p class="flash flash-error" role="alert">
            {state.message}
          </p>
        ) : null}
        {/* The action's form is gone (the petition moved on meanwhile): its field messages are shown here instead. */}
        {state?.errors && !state.message && !d.actions.includes(state.action) ? (
          <p class="flash flash-error" role="alert">
            {Object.values(state.errors).join(' ')}
          </p>
        ) : null}
        <dl class="facts">
          <Fact label={t('petitions.page.detail.track')}>{t(`petitions.track.${p.track}`)}</Fact>
          <Fact label={t('petitions.page.detail.unit')}>{d.unitName}</Fact>
          <Fact label={t('petitions.page.detail.address')}>{p.address}</Fact>
          <Fact label={t('petitions.page.detail.location')}>
            {p.lat !== null && p.lon !== null ? <Place ctx={ctx} unitCode={p.unitCode} lat={p.lat} lon={p.lon} withMap={official} /> : null}
          </Fact>
          <Fact label={t('petitions.page.detail.category')}>{d.categoryName}</Fact>
          <Fact label={t('petitions.page.detail.agency')}>{d.agencyName}</Fact>
          <Fact label={t('petitions.page.detail.assignee')}>{d.assigneeName}</Fact>
          <Fact label={t('petitions.page.detail.channel')}>{t(`petitions.channel.${p.channel}`)}</Fact>
          <Fact label={t('petitions.page.detail.submitted')}>
            <DateText value={p.submittedAt} withTime />
          </Fact>
          <Fact label={t('petitions.page.detail.replyDue')}>{p.replyDue ? <DateText value={p.replyDue} /> : null}</Fact>
          <Fact label={t('petitions.page.detail.stepDue')}>{official && p.stepDue && p.stepDue !== p.replyDue ? <DateText value={p.stepDue} /> : null}</Fact>
          <Fact label={t('petitions.page.detail.people')}>{p.peopleCount > 1 ? String(p.peopleCount) : null}</Fact>
          <Fact label={t('petitions.page.detail.visibility')}>{d.relation !== 'public' ? t(`petitions.visibility.${p.visibility}`) : null}</Fact>
          <Fact label={t('petitions.page.detail.receiptNo')}>{p.receiptNo}</Fact>
          <Fact label={t('petitions.page.detail.directedTo')}>{p.directedTo ?? d.directedAgencyName}</Fact>
          <Fact label={t('petitions.page.detail.mergedInto')}>{d.mergedIntoCode ? <a href={`/kien-nghi/${d.mergedIntoCode}`}>{d.mergedIntoCode}</a> : null}</Fact>
          <Fact label={t('petitions.page.detail.enteredPlace')}>{p.enteredPlace}</Fact>
          <Fact label={t('petitions.page.detail.enteredBy')}>{official ? enteredByName : null}</Fact>
        </dl>
        {d.petitioner.kind === 'confidential' ? (
          <section aria-labelledby="petitioner">
            <h2 id="petitioner">{t('petitions.page.detail.petitioner')}</h2>
            <p>{t('petitions.identityConfidential')}</p>
          </section>
        ) : d.petitioner.kind === 'shown' && d.relation === 'official' ? (
          <section aria-labelledby="petitioner">
            <h2 id="petitioner">{t('petitions.page.detail.petitioner')}</h2>
            <dl class="facts">
              <Fact label={t('petitions.page.staff.name')}>{d.petitioner.name}</Fact>
              <Fact label={t('petitions.page.detail.phone')}>{d.petitioner.phone}</Fact>
              <Fact label={t('petitions.page.detail.email')}>{d.petitioner.email}</Fact>
              <Fact label={t('petitions.page.detail.address')}>{d.petitioner.address}</Fact>
              <Fact label={t('petitions.page.detail.idNo')}>{d.petitioner.idNo}</Fact>
            </dl>
          </section>
        ) : null}
        <section aria-labelledby="content">
          <h2 id="content">{t('petitions.page.detail.content')}</h2>
          <Paragraphs text={p.content} />
          {petitionFiles.length ? (
            <>
              <h3>{t('petitions.page.detail.attachments')}</h3>
              <ul class="files">
                {petitionFiles.map((a) => (
                  <FileItem file={a} thumbnail={d.relation !== 'public'} />
                ))}
              </ul>
            </>
          ) : null}
        </section>
        {answerVisible && d.answer ? (
          <section aria-labelledby="answer" class={`answer card ${d.answer.status}`}>
            <h2 id="answer">{d.answer.status === 'published' ? t('petitions.page.detail.answer') : t('petitions.page.detail.answerDraft')}</h2>
            {official ? <p class="badges"><span class="badge">{t(`petitions.page.detail.answerStatus.${d.answer.status}`)}</span></p> : null}
            <p class="meta">
              {d.agencyName}
              {d.answer.docNo ? ` · ${t('petitions.page.detail.docNo')}: ${d.answer.docNo}` : ''}
              {d.answer.publishedAt ? (
                <>
                  {' · '}
                  {t('petitions.page.detail.answeredAt')} <DateText value={d.answer.publishedAt} />
                </>
              ) : null}
              {p.answeredOnTime === true ? ` · ${t('petitions.page.detail.onTime')}` : p.answeredOnTime === false ? ` · ${t('petitions.page.detail.late')}` : ''}
            </p>
            <Paragraphs text={d.answer.text} />
            {official && d.answer.reviewNote ? (
              <p class="review-note">
                <strong>{t('petitions.page.detail.reviewNote')}: </strong>
                {d.answer.reviewNote}
              </p>
            ) : null}
            {answerFiles.length ? (
              <ul class="files">
                {answerFiles.map((a) => (
                  <FileItem file={a} thumbnail={d.relation !== 'public'} />
                ))}
              </ul>
            ) : null}
          </section>
        ) : null}
        {p.rating ? (
          <section aria-labelledby="rating">
            <h2 id="rating">{t('petitions.page.detail.rating')}</h2>
            <p>
              <strong>{t(`petitions.page.form.score.${p.rating}`)}</strong>
            </p>
            {p.ratingComment ? <Paragraphs text={p.ratingComment} /> : null}
          </section>
        ) : null}
        {panels}
        {d.actions.length ? (
          <section aria-labelledby="actions" class="actions">
            <h2 id="actions">{t('petitions.page.detail.actions')}</h2>
            <ActionForms ctx={ctx} d={d} refs={refs} state={state} templateBody={templateBody} />
            {refs.templates.length && d.actions.includes('draft_answer') ? (
              <form method="get" action={`/kien-nghi/${p.code}`} id="template-form" class="sr-only" aria-hidden="true">
                <input type="hidden" name="ghi" value="1" />
              </form>
            ) : null}
          </section>
        ) : null}
        <section aria-labelledby="timeline">
          <h2 id="timeline">{t('petitions.page.detail.timeline')}</h2>
          {d.timeline.length === 0 ? (
            <Empty>{t('petitions.page.detail.timelineEmpty')}</Empty>
          ) : (
            <ol class="timeline">
              {d.timeline.map((ev) => (
                <li>
                  <p>
                    <strong>{t(`petitions.event.${ev.type}`)}</strong>
                    {ev.toState ? (
                      <>
                        {' '}
                        <StatusBadge ctx={ctx} status={ev.toState} />
                      </>
                    ) : null}
                  </p>
                  {ev.note ? <p class="note">{ev.note}</p> : null}
                  <p class="meta">
                    <DateText value={ev.at} withTime />
                    {ev.actorLabel ? ` · ${ev.actorLabel}` : ''}
                  </p>
                </li>
              ))}
            </ol>
          )}
          <p class="meta">{t('petitions.page.detail.followers', { count: d.followers })}</p>
        </section>
      </article>
    </Layout>
  );
}
