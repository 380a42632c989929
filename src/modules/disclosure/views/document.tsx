import type { ComponentChildren } from 'preact';
import type { PageContext } from '../../../platform/ui/page-context';
import { Layout } from '../../../platform/ui/layout';
import { Breadcrumbs, CsrfField, DateText } from '../../../platform/ui/components';
import type { FileMeta } from '../../../platform/files/files';
import { formatBytes } from '../../../platform/files/files';
import { CommentSection, type CommentSectionData } from '../../comments/views/comment-section';
import type { CommentView } from '../../comments/model';
import type { Consultation, ConsultationPhase, DisclosedDocument } from '../model';
import { MapBlock, type MapData } from './map';

/** Plain text with blank lines as paragraph breaks and single newlines kept. */
export function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n{2,}/)
        .map((para) => para.trim())
        .filter(Boolean)
        .map((para) => (
          <p>
            {para.split('\n').map((line, i) => (
              <>
                {i > 0 ? <br /> : null}
                {line}
              </>
            ))}
          </p>
        ))}
    </>
  );
}

export function StatusBadge({ ctx, doc, today }: { ctx: PageContext; doc: DisclosedDocument; today: string }) {
  const { t } = ctx;
  if (doc.status === 'draft') return <span class="badge warn">{t('disclosure.status.draft')}</span>;
  if (doc.status === 'withdrawn') return <span class="badge danger">{t('disclosure.status.withdrawn')}</span>;
  const posted = !!doc.postedFrom && doc.postedFrom <= today && (doc.postedUntil === null || doc.postedUntil >= today);
  if (posted) return <span class="badge ok">{t('disclosure.status.posted')}</span>;
  if (doc.postedFrom && doc.postedFrom > today) return <span class="badge">{t('disclosure.status.upcoming')}</span>;
  return <span class="badge">{t('disclosure.status.ended')}</span>;
}

export function PostingPeriod({ ctx, doc }: { ctx: PageContext; doc: Pick<DisclosedDocument, 'postedFrom' | 'postedUntil' | 'categoryPermanent'> }) {
  const { t } = ctx;
  if (!doc.postedFrom) return <>{doc.categoryPermanent ? t('disclosure.period.permanentPending') : t('disclosure.period.pending')}</>;
  if (!doc.postedUntil) {
    return (
      <>
        {t('disclosure.period.fromPermanent')} <DateText value={doc.postedFrom} /> {t('disclosure.period.permanent')}
      </>
    );
  }
  return (
    <>
      {t('disclosure.period.from')} <DateText value={doc.postedFrom} /> {t('disclosure.period.until')} <DateText value={doc.postedUntil} />
    </>
  );
}

function Meta({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

export interface DocumentPageProps {
  ctx: PageContext;
  doc: DisclosedDocument;
  files: FileMeta[];
  consultation: Consultation | null;
  phase: ConsultationPhase | null;
  /** The comment box (consultation while it runs, or the document's own), with its data. */
  comments: { targetType: string; data: CommentSectionData } | null;
  /** Citizens' comments with their outcome, once the report is out. */
  outcomes: CommentView[] | null;
  canManage: boolean;
  following: boolean | null;
  map: MapData | null;
  today: string;
}

export function DocumentPage(props: DocumentPageProps) {
  const { ctx, doc, files, consultation: c, phase, comments, canManage, following, map, today } = props;
  const { t } = ctx;
  const scripts = [...(comments ? ['comment-box.js'] : []), ...(map ? ['disclosure-map.js'] : [])];
  const styles = ['disclosure.css', ...(map ? ['disclosure-map.css'] : [])];
  const catName = ctx.locale === 'en' ? doc.categoryNameEn : doc.categoryName;
  return (
    <Layout ctx={ctx} title={doc.title} description={doc.summary} scripts={scripts} styles={styles}>
      <Breadcrumbs ctx={ctx} items={[{ href: '/cong-khai', label: t('disclosure.library.title') }, { label: doc.title }]} />
      <article class="disclosure-doc">
        <header class="page-header">
          <p class="meta">
            <StatusBadge ctx={ctx} doc={doc} today={today} /> <span>{catName}</span>
            {phase === 'open' && c ? (
              <>
                {' '}
                <a class="badge ok" href="#lay-y-kien">
                  {t('consultation.badge.open')} · {t('consultation.badge.until')} <DateText value={c.closesOn} />
                </a>
              </>
            ) : null}
          </p>
          <h1>{doc.title}</h1>
          {canManage ? (
            <p>
              <a class="button secondary" href={`/can-bo/cong-khai/${doc.id}`}>
                {t('disclosure.manage')}
              </a>
            </p>
          ) : null}
        </header>
        {doc.status === 'withdrawn' ? (
          <div class="flash flash-error" role="note">
            <p>
              {t('disclosure.withdrawn.notice')} <DateText value={doc.withdrawnAt} />.
            </p>
            {doc.withdrawnReason ? (
              <p>
                {t('disclosure.withdrawn.reason')}: {doc.withdrawnReason}
              </p>
            ) : null}
          </div>
        ) : null}
        <p class="lead">{doc.summary}</p>
        <dl class="doc-meta">
          {doc.docNumber ? <Meta label={t('disclosure.field.docNumber')}>{doc.docNumber}</Meta> : null}
          {doc.issuedOn ? (
            <Meta label={t('disclosure.field.issuedOn')}>
              <DateText value={doc.issuedOn} />
            </Meta>
          ) : null}
          <Meta label={t('disclosure.field.agency')}>{doc.agencyName}</Meta>
          <Meta label={t('disclosure.field.unit')}>{doc.unitName}</Meta>
          <Meta label={t('disclosure.field.category')}>{catName}</Meta>
          <Meta label={t('disclosure.field.period')}>
            <PostingPeriod ctx={ctx} doc={doc} />
          </Meta>
          {doc.forms.length ? (
            <Meta label={t('disclosure.field.forms')}>{doc.forms.map((f) => t(`disclosure.how.${f}`)).join('; ')}</Meta>
          ) : null}
          {doc.tags.length ? (
            <Meta label={t('disclosure.field.tags')}>
              {doc.tags.map((tag, i) => (
                <>
                  {i ? ', ' : ''}
                  <a href={`/cong-khai?q=${encodeURIComponent(tag)}`}>{tag}</a>
                </>
              ))}
            </Meta>
          ) : null}
        </dl>
        {doc.body ? (
          <section aria-labelledby="noi-dung" class="doc-body">
            <h2 id="noi-dung">{t('disclosure.body.heading')}</h2>
            <Paragraphs text={doc.body} />
          </section>
        ) : null}
        {files.length ? (
          <section aria-labelledby="tep-dinh-kem">
            <h2 id="tep-dinh-kem">{t('disclosure.files.heading')}</h2>
            <ul class="list files">
              {files.map((f) => (
                <li>
                  <a href={`/tep/${f.id}`}>{f.filename}</a>{' '}
                  <span class="muted">
                    ({f.kind.toUpperCase()}, {formatBytes(f.size)})
                  </span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {map ? <MapBlock ctx={ctx} data={map} /> : null}
        {c && phase ? <ConsultationBlock ctx={ctx} doc={doc} c={c} phase={phase} outcomes={props.outcomes} /> : null}
        {following !== null && doc.status === 'published' ? (
          <form method="post" action={`/cong-khai/${doc.id}/theo-doi`} class="follow">
            <CsrfField ctx={ctx} />
            <input type="hidden" name="on" value={following ? '0' : '1'} />
            <button type="submit" class="secondary">
              {following ? t('disclosure.follow.stop') : t('disclosure.follow.start')}
            </button>{' '}
            <span class="hint">{t('disclosure.follow.hint')}</span>
          </form>
        ) : following === null && doc.status === 'published' && c ? (
          <p class="hint">
            <a href={`/dang-nhap?next=${encodeURIComponent(`/cong-khai/${doc.id}`)}`}>{t('disclosure.follow.signIn')}</a>
          </p>
        ) : null}
      </article>
      {comments ? (
        <CommentSection
          ctx={ctx}
          targetType={comments.targetType}
          targetId={doc.id}
          comments={comments.data}
          heading={c ? t('consultation.comments.heading') : undefined}
        />
      ) : null}
    </Layout>
  );
}

function ConsultationBlock({
  ctx,
  doc,
  c,
  phase,
  outcomes,
}: {
  ctx: PageContext;
  doc: DisclosedDocument;
  c: Consultation;
  phase: ConsultationPhase;
  outcomes: CommentView[] | null;
}) {
  const { t } = ctx;
  return (
    <section class="card consultation" aria-labelledby="lay-y-kien">
      <h2 id="lay-y-kien">{t('consultation.heading')}</h2>
      <p>
        <strong>{t(`consultation.phase.${phase}`)}</strong> · {t('consultation.window')} <DateText value={c.opensOn} />{' '}
        {t('disclosure.period.until')} <DateText value={c.closesOn} />
      </p>
      {c.shortReason ? (
        <p class="hint">
          {t('consultation.shortReason.public')}: {c.shortReason}
        </p>
      ) : null}
      {phase === 'open' ? <p>{t('consultation.open.invite')}</p> : null}
      {phase === 'scheduled' ? <p>{t('consultation.scheduled.note')}</p> : null}
      {phase === 'closed' ? <p>{t('consultation.closed.note')}</p> : null}
      {c.sections.length ? (
        <>
          <h3>{t('consultation.sections.heading')}</h3>
          <ol class="sections">
            {c.sections.map((s) => (
              <li>
                <strong>{s.title}</strong>
                {s.question ? <p>{s.question}</p> : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {phase === 'reported' ? (
        <div id="bao-cao" class="report">
          <h3>{t('consultation.report.heading')}</h3>
          <p>
            {t('consultation.report.published')} <DateText value={c.reportPublishedAt} />.
          </p>
          <p>
            <a class="button" href={`/cong-khai/${doc.id}/bao-cao.docx`}>
              {t('consultation.report.downloadDocx')}
            </a>{' '}
            {c.hasPdf ? (
              <a class="button secondary" href={`/cong-khai/${doc.id}/bao-cao.pdf`}>
                {t('consultation.report.downloadPdf')}
              </a>
            ) : null}
          </p>
          {outcomes ? <OutcomeSummary ctx={ctx} outcomes={outcomes} /> : null}
        </div>
      ) : null}
    </section>
  );
}

function OutcomeSummary({ ctx, outcomes }: { ctx: PageContext; outcomes: CommentView[] }) {
  const { t } = ctx;
  const n = (d: string) => outcomes.filter((o) => o.decision === d).length;
  return (
    <p>
      {t('consultation.report.counts', {
        total: outcomes.length,
        accepted: n('accepted'),
        partly: n('partly_accepted'),
        explained: n('explained'),
      })}
    </p>
  );
}
