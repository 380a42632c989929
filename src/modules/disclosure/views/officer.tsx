import type { PageContext } from '../../../platform/ui/page-context';
import { Layout } from '../../../platform/ui/layout';
import {
  Breadcrumbs,
  CsrfField,
  DateText,
  describedBy,
  Empty,
  ErrorSummary,
  FieldNotes,
  Pager,
  SelectField,
  TextArea,
  TextField,
  withQuery,
} from '../../../platform/ui/components';
import type { FileMeta } from '../../../platform/files/files';
import { formatBytes } from '../../../platform/files/files';
import type { CommentView } from '../../comments/model';
import { DISCLOSURE_FORMS, MARKINGS, type Consultation, type ConsultationPhase, type DisclosedDocument, type DisclosureCategory } from '../model';
import type { DocumentList } from '../service';
import { PostingPeriod, StatusBadge } from './document';

/** A field whose id differs from its name (repeated fields), with its label, hint and error tied to it. */
function IdField(props: { id: string; name: string; label: string; value?: string; error?: string; hint?: string; multiline?: boolean }) {
  const { id, name, label, value, error, hint, multiline } = props;
  const described = describedBy(id, hint, error);
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>{label}</label>
      {multiline ? (
        <textarea id={id} name={name} rows={2} aria-invalid={error ? 'true' : undefined} aria-describedby={described}>
          {value ?? ''}
        </textarea>
      ) : (
        <input type="text" id={id} name={name} value={value ?? ''} aria-invalid={error ? 'true' : undefined} aria-describedby={described} />
      )}
      <FieldNotes name={id} hint={hint} error={error} />
    </div>
  );
}

const officerCrumb = (ctx: PageContext) => ({ href: '/can-bo/cong-khai', label: ctx.t('disclosure.officer.title') });

export function OfficerListPage({ ctx, list, page, today }: { ctx: PageContext; list: DocumentList; page: number; today: string }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('disclosure.officer.title')} styles={['disclosure.css']}>
      <div class="page-header">
        <h1>{t('disclosure.officer.title')}</h1>
        <p>
          <a class="button" href="/can-bo/cong-khai/moi">
            {t('disclosure.officer.new')}
          </a>{' '}
          <a href="/cong-khai/danh-muc">{t('disclosure.quarterly.link')}</a>
        </p>
      </div>
      {list.items.length === 0 ? (
        <Empty>{t('disclosure.officer.empty')}</Empty>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="sr-only">{t('disclosure.officer.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('disclosure.field.title')}</th>
                <th scope="col">{t('disclosure.field.agency')}</th>
                <th scope="col">{t('disclosure.officer.status')}</th>
                <th scope="col">{t('disclosure.field.period')}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((d) => (
                <tr>
                  <td>
                    <a href={`/can-bo/cong-khai/${d.id}`}>{d.title}</a>
                    {d.docNumber ? <div class="muted">{d.docNumber}</div> : null}
                  </td>
                  <td>{d.agencyName}</td>
                  <td>
                    <StatusBadge ctx={ctx} doc={d} today={today} />
                  </td>
                  <td>
                    <PostingPeriod ctx={ctx} doc={d} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        ctx={ctx}
        prev={page > 1 ? withQuery('/can-bo/cong-khai', { page: page - 1 }) : null}
        next={page < list.pages ? withQuery('/can-bo/cong-khai', { page: page + 1 }) : null}
      />
    </Layout>
  );
}

export interface DocumentFormValues {
  agencyId?: string | number;
  unitCode?: string;
  categoryId?: string | number;
  title?: string;
  summary?: string;
  body?: string;
  docNumber?: string;
  issuedOn?: string;
  postedFrom?: string;
  postedUntil?: string;
  forms?: string[];
  tags?: string;
}

export function documentFormValues(d: DisclosedDocument): DocumentFormValues {
  return {
    agencyId: d.agencyId,
    unitCode: d.unitCode,
    categoryId: d.categoryId,
    title: d.title,
    summary: d.summary,
    body: d.body ?? '',
    docNumber: d.docNumber ?? '',
    issuedOn: d.issuedOn ?? '',
    postedFrom: d.postedFrom ?? '',
    postedUntil: d.postedUntil ?? '',
    forms: d.forms,
    tags: d.tags.join(', '),
  };
}

export interface DocumentFormProps {
  ctx: PageContext;
  doc: DisclosedDocument | null;
  values: DocumentFormValues;
  errors?: Record<string, string>;
  agencies: Array<{ id: number; name: string }>;
  units: Array<{ code: string; name: string }>;
  categories: DisclosureCategory[];
  minPostingDays: number;
}

export function DocumentFormPage({ ctx, doc, values, errors = {}, agencies, units, categories, minPostingDays }: DocumentFormProps) {
  const { t } = ctx;
  const title = doc ? t('disclosure.officer.edit') : t('disclosure.officer.new');
  const action = doc ? `/can-bo/cong-khai/${doc.id}/sua` : '/can-bo/cong-khai/moi';
  const chosen = new Set(values.forms ?? ['notice_board', 'web_portal']);
  return (
    <Layout ctx={ctx} title={title} styles={['disclosure.css']}>
      <Breadcrumbs ctx={ctx} items={[officerCrumb(ctx), ...(doc ? [{ href: `/can-bo/cong-khai/${doc.id}`, label: doc.title }] : []), { label: title }]} />
      <h1>{title}</h1>
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="post" action={action} class="doc-form" novalidate>
        <CsrfField ctx={ctx} />
        <SelectField
          name="agencyId"
          label={t('disclosure.field.agency')}
          required
          value={values.agencyId ?? ''}
          placeholder={agencies.length === 1 ? undefined : t('disclosure.form.choose')}
          options={agencies.map((a) => ({ value: a.id, label: a.name }))}
          error={errors.agencyId}
        />
        <SelectField
          name="unitCode"
          label={t('disclosure.field.unit')}
          value={values.unitCode ?? ''}
          placeholder={t('disclosure.form.unitOfAgency')}
          options={units.map((u) => ({ value: u.code, label: u.name }))}
          hint={t('disclosure.form.unitHint')}
          error={errors.unitCode}
        />
        <SelectField
          name="categoryId"
          label={t('disclosure.field.category')}
          required
          value={values.categoryId ?? ''}
          placeholder={t('disclosure.form.choose')}
          options={categories.map((c) => ({
            value: c.id,
            label: (ctx.locale === 'en' ? c.nameEn : c.name) + (c.permanent ? ` (${t('disclosure.period.permanentShort')})` : ''),
          }))}
          error={errors.categoryId}
        />
        <TextField name="title" label={t('disclosure.field.title')} required value={values.title} error={errors.title} />
        <TextArea name="summary" label={t('disclosure.field.summary')} required value={values.summary} error={errors.summary} rows={3} />
        <TextArea name="body" label={t('disclosure.field.body')} value={values.body} error={errors.body} rows={10} hint={t('disclosure.form.bodyHint')} />
        <div class="grid">
          <TextField name="docNumber" label={t('disclosure.field.docNumber')} value={values.docNumber} error={errors.docNumber} hint={t('disclosure.form.docNumberHint')} />
          <TextField name="issuedOn" type="date" label={t('disclosure.field.issuedOn')} value={values.issuedOn} error={errors.issuedOn} />
        </div>
        <div class="grid">
          <TextField
            name="postedFrom"
            type="date"
            label={t('disclosure.field.postedFrom')}
            value={values.postedFrom}
            error={errors.postedFrom}
            hint={t('disclosure.form.postedFromHint')}
          />
          <TextField
            name="postedUntil"
            type="date"
            label={t('disclosure.field.postedUntil')}
            value={values.postedUntil}
            error={errors.postedUntil}
            hint={t('disclosure.form.postedUntilHint', { days: minPostingDays })}
          />
        </div>
        <fieldset id="forms" class={`field${errors.forms ? ' has-error' : ''}`} aria-describedby={errors.forms ? 'forms-error' : undefined}>
          <legend>
            {t('disclosure.field.forms')}
            <span aria-hidden="true"> *</span>
          </legend>
          {DISCLOSURE_FORMS.map((f) => (
            <div class="field check">
              <input type="checkbox" id={`forms-${f}`} name="forms" value={f} checked={chosen.has(f)} />
              <label for={`forms-${f}`}>{t(`disclosure.how.${f}`)}</label>
            </div>
          ))}
          {errors.forms ? (
            <p class="field-error" id="forms-error">
              {errors.forms}
            </p>
          ) : null}
        </fieldset>
        <TextField name="tags" label={t('disclosure.field.tags')} value={values.tags} error={errors.tags} hint={t('disclosure.form.tagsHint')} />
        <p>
          <button type="submit">{doc ? t('disclosure.form.save') : t('disclosure.form.create')}</button>
        </p>
      </form>
    </Layout>
  );
}

export interface ManagePageProps {
  ctx: PageContext;
  doc: DisclosedDocument;
  files: FileMeta[];
  consultation: Consultation | null;
  phase: ConsultationPhase | null;
  unmarked: number;
  total: number;
  errors?: Record<string, string>;
  today: string;
}

export function ManagePage({ ctx, doc, files, consultation: c, phase, unmarked, total, errors = {}, today }: ManagePageProps) {
  const { t } = ctx;
  const editable = doc.status !== 'withdrawn';
  return (
    <Layout ctx={ctx} title={doc.title} styles={['disclosure.css']}>
      <Breadcrumbs ctx={ctx} items={[officerCrumb(ctx), { label: doc.title }]} />
      <div class="page-header">
        <p class="meta">
          <StatusBadge ctx={ctx} doc={doc} today={today} /> {doc.agencyName}
        </p>
        <h1>{doc.title}</h1>
        <p>
          <a href={`/cong-khai/${doc.id}`}>{t('disclosure.officer.viewPublic')}</a>
          {editable ? (
            <>
              {' · '}
              <a href={`/can-bo/cong-khai/${doc.id}/sua`}>{t('disclosure.officer.edit')}</a>
            </>
          ) : null}
        </p>
      </div>
      <ErrorSummary ctx={ctx} errors={errors} />
      <section class="card" aria-labelledby="trang-thai">
        <h2 id="trang-thai">{t('disclosure.officer.publication')}</h2>
        <p>
          {t('disclosure.field.period')}: <PostingPeriod ctx={ctx} doc={doc} />
        </p>
        {doc.status === 'draft' || doc.status === 'withdrawn' ? (
          <form method="post" action={`/can-bo/cong-khai/${doc.id}/cong-bo`}>
            <CsrfField ctx={ctx} />
            <p class="hint">{doc.categoryPermanent ? t('disclosure.officer.publishPermanentHint') : t('disclosure.officer.publishHint')}</p>
            <button type="submit">{t('disclosure.officer.publish')}</button>
          </form>
        ) : null}
        {doc.status === 'published' ? (
          <form method="post" action={`/can-bo/cong-khai/${doc.id}/thu-hoi`}>
            <CsrfField ctx={ctx} />
            <TextArea name="reason" label={t('disclosure.officer.withdrawReason')} rows={2} required error={errors.reason} />
            <button type="submit" class="danger">
              {t('disclosure.officer.withdraw')}
            </button>
          </form>
        ) : null}
      </section>

      <section class="card" aria-labelledby="tep">
        <h2 id="tep">{t('disclosure.files.heading')}</h2>
        {files.length ? (
          <ul class="list files">
            {files.map((f) => (
              <li>
                <a href={`/tep/${f.id}`}>{f.filename}</a> <span class="muted">({formatBytes(f.size)})</span>{' '}
                {editable ? (
                  <form method="post" action={`/can-bo/cong-khai/${doc.id}/tep/${f.id}/xoa`} class="inline">
                    <CsrfField ctx={ctx} />
                    <button type="submit" class="link" aria-label={t('disclosure.files.removeNamed', { name: f.filename })}>
                      {t('disclosure.files.remove')}
                    </button>
                  </form>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">{t('disclosure.files.none')}</p>
        )}
        {editable ? (
          <form method="post" action={`/can-bo/cong-khai/${doc.id}/tep`} enctype="multipart/form-data">
            <div class={`field${errors.file ? ' has-error' : ''}`}>
              <label for="file">{t('disclosure.files.add')}</label>
              <input
                type="file"
                id="file"
                name="file"
                multiple
                accept=".pdf,.docx,.xlsx,.jpg,.jpeg,.png,.webp,application/pdf,image/*"
                aria-describedby={`file-hint${errors.file ? ' file-error' : ''}`}
              />
              <p class="hint" id="file-hint">
                {t('disclosure.files.hint')}
              </p>
              {errors.file ? (
                <p class="field-error" id="file-error">
                  {errors.file}
                </p>
              ) : null}
            </div>
            <button type="submit" class="secondary">
              {t('disclosure.files.upload')}
            </button>
          </form>
        ) : null}
      </section>

      <section class="card" aria-labelledby="ban-do-quan-ly">
        <h2 id="ban-do-quan-ly">{t('disclosure.map.heading')}</h2>
        {doc.hasMap ? (
          <form method="post" action={`/can-bo/cong-khai/${doc.id}/ban-do/xoa`}>
            <CsrfField ctx={ctx} />
            <p>
              {t('disclosure.map.current', { name: doc.mapLayerName ?? '' })}{' '}
              <button type="submit" class="link">
                {t('disclosure.map.remove')}
              </button>
            </p>
          </form>
        ) : (
          <p class="muted">{t('disclosure.map.none')}</p>
        )}
        {editable ? (
          <form method="post" action={`/can-bo/cong-khai/${doc.id}/ban-do`} enctype="multipart/form-data">
            <div class={`field${errors.map ? ' has-error' : ''}`}>
              <label for="map">{t('disclosure.map.upload')}</label>
              <input type="file" id="map" name="map" accept=".geojson,.json,application/geo+json,application/json" aria-describedby={`map-hint${errors.map ? ' map-error' : ''}`} />
              <p class="hint" id="map-hint">
                {t('disclosure.map.uploadHint')}
              </p>
              {errors.map ? (
                <p class="field-error" id="map-error">
                  {errors.map}
                </p>
              ) : null}
            </div>
            <button type="submit" class="secondary">
              {t('disclosure.map.send')}
            </button>
          </form>
        ) : null}
      </section>

      <section class="card" aria-labelledby="lay-y-kien-quan-ly">
        <h2 id="lay-y-kien-quan-ly">{t('consultation.heading')}</h2>
        {!c ? (
          doc.status === 'published' ? (
            <p>
              <a class="button" href={`/can-bo/cong-khai/${doc.id}/lay-y-kien`}>
                {t('consultation.officer.open')}
              </a>
            </p>
          ) : (
            <p class="muted">{t('consultation.officer.publishFirst')}</p>
          )
        ) : (
          <>
            <p>
              <strong>{t(`consultation.phase.${phase}`)}</strong> · {t('consultation.window')} <DateText value={c.opensOn} /> {t('disclosure.period.until')}{' '}
              <DateText value={c.closesOn} />
            </p>
            <p>{t('consultation.officer.counts', { total, unmarked })}</p>
            {phase === 'scheduled' ? (
              <p>
                <a href={`/can-bo/cong-khai/${doc.id}/lay-y-kien`}>{t('consultation.officer.change')}</a>
              </p>
            ) : null}
            {phase === 'closed' || phase === 'reported' ? (
              <p>
                <a class="button" href={`/can-bo/cong-khai/${doc.id}/tiep-thu`}>
                  {phase === 'closed' ? t('consultation.officer.mark') : t('consultation.officer.viewMarks')}
                </a>
              </p>
            ) : null}
          </>
        )}
      </section>
    </Layout>
  );
}

export interface ConsultationFormValues {
  opensOn?: string;
  closesOn?: string;
  shortReason?: string;
  sections?: Array<{ title?: string; question?: string }>;
}

export function ConsultationFormPage({
  ctx,
  doc,
  values,
  errors = {},
  minDays,
}: {
  ctx: PageContext;
  doc: DisclosedDocument;
  values: ConsultationFormValues;
  errors?: Record<string, string>;
  minDays: number;
}) {
  const { t } = ctx;
  const title = t('consultation.officer.formTitle');
  const sections = [...(values.sections ?? [])];
  while (sections.length < Math.max(3, (values.sections?.length ?? 0) + 2)) sections.push({});
  return (
    <Layout ctx={ctx} title={title} styles={['disclosure.css']}>
      <Breadcrumbs ctx={ctx} items={[officerCrumb(ctx), { href: `/can-bo/cong-khai/${doc.id}`, label: doc.title }, { label: title }]} />
      <h1>{title}</h1>
      <p class="lead">{doc.title}</p>
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="post" action={`/can-bo/cong-khai/${doc.id}/lay-y-kien`} novalidate>
        <CsrfField ctx={ctx} />
        <div class="grid">
          <TextField name="opensOn" type="date" label={t('consultation.field.opensOn')} required value={values.opensOn} error={errors.opensOn} />
          <TextField
            name="closesOn"
            type="date"
            label={t('consultation.field.closesOn')}
            required
            value={values.closesOn}
            error={errors.closesOn}
            hint={t('consultation.field.closesOnHint', { days: minDays })}
          />
        </div>
        <TextArea
          name="shortReason"
          label={t('consultation.field.shortReason')}
          value={values.shortReason}
          error={errors.shortReason}
          rows={2}
          hint={t('consultation.field.shortReasonHint', { days: minDays })}
        />
        <fieldset class="sections-form">
          <legend>{t('consultation.sections.heading')}</legend>
          <p class="hint">{t('consultation.sections.hint')}</p>
          {sections.map((s, i) => (
            <div class="grid section-row">
              <IdField
                id={`sections.${i}.title`}
                name="sectionTitle"
                label={t('consultation.field.sectionTitle', { n: i + 1 })}
                value={s.title ?? ''}
                error={errors[`sections.${i}.title`]}
              />
              <IdField
                id={`sections.${i}.question`}
                name="sectionQuestion"
                label={t('consultation.field.sectionQuestion', { n: i + 1 })}
                value={s.question ?? ''}
                error={errors[`sections.${i}.question`]}
              />
            </div>
          ))}
        </fieldset>
        <p>
          <button type="submit">{t('consultation.officer.submit')}</button>
        </p>
      </form>
    </Layout>
  );
}

export function MarkingPage({
  ctx,
  doc,
  c,
  phase,
  comments,
  errors = {},
  errorFor,
  report,
}: {
  ctx: PageContext;
  doc: DisclosedDocument;
  c: Consultation;
  phase: ConsultationPhase;
  comments: CommentView[];
  errors?: Record<string, string>;
  errorFor?: number;
  report: { intro?: string; number?: string };
}) {
  const { t } = ctx;
  const title = t('consultation.marking.title');
  const sectionTitle = new Map(c.sections.map((s) => [`muc-${s.id}`, `${s.position}. ${s.title}`]));
  const left = comments.filter((x) => !x.decision).length;
  return (
    <Layout ctx={ctx} title={title} styles={['disclosure.css']}>
      <Breadcrumbs ctx={ctx} items={[officerCrumb(ctx), { href: `/can-bo/cong-khai/${doc.id}`, label: doc.title }, { label: title }]} />
      <h1>{title}</h1>
      <p class="lead">{doc.title}</p>
      <p>{t('consultation.officer.counts', { total: comments.length, unmarked: left })}</p>
      {comments.length === 0 ? <Empty>{t('consultation.marking.none')}</Empty> : null}
      <ol class="marking-list">
        {comments.map((x) => {
          const errs = errorFor === x.id ? errors : {};
          const pre = `m${x.id}`;
          return (
            <li id={`y-kien-${x.id}`} class="card">
              <p class="meta">
                <strong>{x.author.name}</strong> · <DateText value={x.createdAt} withTime />
                {x.section && sectionTitle.has(x.section) ? <> · {sectionTitle.get(x.section)}</> : null}
              </p>
              <p class="comment-body">{x.body}</p>
              {x.decision ? (
                <p>
                  <span class="badge ok">{t(`comments.decision.${x.decision}`)}</span> {x.explanation ?? ''}
                </p>
              ) : (
                <p>
                  <span class="badge warn">{t('consultation.marking.pending')}</span>
                </p>
              )}
              {phase === 'closed' ? (
                <form method="post" action={`/can-bo/cong-khai/${doc.id}/tiep-thu/${x.id}`}>
                  <CsrfField ctx={ctx} />
                  <fieldset class={`field${errs.decision ? ' has-error' : ''}`} id={`${pre}-decision`}>
                    <legend>{t('consultation.marking.decision')}</legend>
                    {MARKINGS.map((m) => (
                      <div class="field check">
                        <input type="radio" id={`${pre}-${m}`} name="decision" value={m} checked={x.decision === m} required />
                        <label for={`${pre}-${m}`}>{t(`comments.decision.${m}`)}</label>
                      </div>
                    ))}
                    {errs.decision ? <p class="field-error">{errs.decision}</p> : null}
                  </fieldset>
                  <IdField
                    id={`${pre}-explanation`}
                    name="explanation"
                    multiline
                    label={t('consultation.marking.explanation')}
                    value={x.explanation ?? ''}
                    hint={t('consultation.marking.explanationHint')}
                    error={errs.explanation}
                  />
                  <button type="submit" class="secondary">
                    {t('consultation.marking.save')}
                  </button>
                </form>
              ) : null}
            </li>
          );
        })}
      </ol>
      {phase === 'closed' ? (
        <section class="card" aria-labelledby="bao-cao-form">
          <h2 id="bao-cao-form">{t('consultation.report.heading')}</h2>
          <ErrorSummary ctx={ctx} errors={errorFor === 0 ? errors : undefined} />
          <form method="post" action={`/can-bo/cong-khai/${doc.id}/bao-cao`}>
            <CsrfField ctx={ctx} />
            <TextField name="number" label={t('consultation.report.number')} value={report.number} hint={t('consultation.report.numberHint')} />
            <TextArea name="intro" label={t('consultation.report.intro')} value={report.intro} rows={5} hint={t('consultation.report.introHint')} />
            <p>
              <button type="submit" name="action" value="preview" class="secondary" formaction={`/can-bo/cong-khai/${doc.id}/bao-cao/xem-truoc`}>
                {t('consultation.report.preview')}
              </button>{' '}
              <button type="submit" name="action" value="publish">
                {t('consultation.report.publish')}
              </button>
            </p>
            {left > 0 ? <p class="hint">{t('consultation.report.needMarks', { n: left })}</p> : null}
          </form>
        </section>
      ) : (
        <p>
          <a href={`/cong-khai/${doc.id}#bao-cao`}>{t('consultation.report.view')}</a>
        </p>
      )}
    </Layout>
  );
}

export function CategoriesPage({
  ctx,
  categories,
  errors = {},
  values = {},
  editing,
}: {
  ctx: PageContext;
  categories: DisclosureCategory[];
  errors?: Record<string, string>;
  values?: Record<string, string>;
  editing: DisclosureCategory | null;
}) {
  const { t } = ctx;
  const title = t('disclosure.categories.title');
  const v: Record<string, string> = editing
    ? { code: editing.code, name: editing.name, nameEn: editing.nameEn, sort: String(editing.sort), permanent: editing.permanent ? 'on' : '', active: editing.active ? 'on' : '', ...values }
    : { active: 'on', ...values };
  return (
    <Layout ctx={ctx} title={title} styles={['disclosure.css']}>
      <h1>{title}</h1>
      <p class="lead">{t('disclosure.categories.lead')}</p>
      <div class="table-wrap">
        <table>
          <caption class="sr-only">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('disclosure.categories.name')}</th>
              <th scope="col">{t('disclosure.categories.permanent')}</th>
              <th scope="col">{t('disclosure.categories.active')}</th>
              <th scope="col">{t('disclosure.categories.sort')}</th>
            </tr>
          </thead>
          <tbody>
            {categories.map((c) => (
              <tr>
                <td>
                  <a href={`/quan-tri/cong-khai/linh-vuc?sua=${c.id}`}>{c.name}</a>
                  <div class="muted">
                    {c.nameEn} · <code>{c.code}</code>
                  </div>
                </td>
                <td>{c.permanent ? t('disclosure.yes') : t('disclosure.no')}</td>
                <td>{c.active ? t('disclosure.yes') : t('disclosure.no')}</td>
                <td>{c.sort}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{editing ? t('disclosure.categories.edit', { name: editing.name }) : t('disclosure.categories.add')}</h2>
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="post" action={editing ? `/quan-tri/cong-khai/linh-vuc/${editing.id}` : '/quan-tri/cong-khai/linh-vuc'} novalidate>
        <CsrfField ctx={ctx} />
        <TextField name="code" label={t('disclosure.categories.code')} required value={v.code} error={errors.code} hint={t('disclosure.categories.codeHint')} />
        <TextField name="name" label={t('disclosure.categories.name')} required value={v.name} error={errors.name} />
        <TextField name="nameEn" label={t('disclosure.categories.nameEn')} required value={v.nameEn} error={errors.nameEn} />
        <TextField name="sort" type="number" label={t('disclosure.categories.sort')} value={v.sort} error={errors.sort} />
        <div class="field check">
          <input type="checkbox" id="permanent" name="permanent" value="on" checked={!!v.permanent} />
          <label for="permanent">{t('disclosure.categories.permanentLabel')}</label>
        </div>
        <input type="hidden" name="active" value="" />
        <div class="field check">
          <input type="checkbox" id="active" name="active" value="on" checked={!!v.active} />
          <label for="active">{t('disclosure.categories.active')}</label>
        </div>
        <button type="submit">{t('disclosure.form.save')}</button>
        {editing ? (
          <>
            {' '}
            <a href="/quan-tri/cong-khai/linh-vuc">{t('disclosure.categories.cancel')}</a>
          </>
        ) : null}
      </form>
    </Layout>
  );
}
