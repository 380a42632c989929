import type { PageContext } from '../../../platform/ui/page-context';
import { CsrfField, DateText, withQuery } from '../../../platform/ui/components';
import { checkComment, type CommentLimits } from '../rules';
import type { CommentPage, CommentView } from '../model';
import { REPORT_REASONS } from '../model';

/** What loadCommentSection() gives a page: everything the comment section shows. */
export interface CommentSectionData {
  targetType: string;
  targetId: number;
  page: CommentPage;
  order: 'newest' | 'oldest';
  cursor: string | null;
  /** The section the list is filtered to (consultations), or null for all. */
  section: string | null;
  sections: Array<{ key: string; label: string }> | null;
  limits: CommentLimits;
  /** true, or the message key saying why this person cannot comment now. */
  permission: true | string;
  guest: { allowed: boolean; moderated: boolean };
  /** Agencies the viewer may reply as. */
  agencies: Array<{ id: number; name: string }>;
  /** The comment being replied to (?reply=ID), or null. */
  replyTo: CommentView | null;
  canModerate: boolean;
  /** The page's path, for the links of the section (order, pages, reply). */
  basePath: string;
  /** A re-shown form after a refused post (text kept, messages beside the fields). */
  form?: CommentFormState;
}

export interface CommentFormState {
  values: { body?: string; guestName?: string; guestContact?: string; section?: string | null; parentId?: number | null; asAgencyId?: number | null };
  errors: Record<string, string>;
}

export interface CommentSectionProps {
  ctx: PageContext;
  targetType: string;
  targetId: number;
  comments: CommentSectionData;
  /** Where the form posts (default: this module's /binh-luan). */
  action?: string;
  /** Overrides the target's sections. */
  sections?: Array<{ key: string; label: string }>;
  heading?: string;
}

/** Line breaks kept, everything else as text: HTML or script in a comment is shown, never run. */
function Body({ text }: { text: string }) {
  const lines = text.split(/\r?\n/);
  return (
    <p class="comment-body">
      {lines.map((l, i) => (
        <>
          {i > 0 ? <br /> : null}
          {l}
        </>
      ))}
    </p>
  );
}

function CommentItem({ ctx, c, data, isReply }: { ctx: PageContext; c: CommentView; data: CommentSectionData; isReply: boolean }) {
  const { t } = ctx;
  const viewer = ctx.principal;
  const own = viewer != null && c.author.userId === viewer.id;
  const sectionLabel = c.section && data.sections ? data.sections.find((s) => s.key === c.section)?.label : null;
  return (
    <article class="comment" id={`binh-luan-${c.id}`} aria-label={c.author.agency ? t('comments.agencyReply', { agency: c.author.agency.name }) : c.author.name}>
      <p class="comment-author">
        {c.author.agency ? (
          <>
            <strong>{t('comments.agencyReply', { agency: c.author.agency.name })}</strong>{' '}
            <span class="badge ok">{t('comments.officialBadge')}</span>
          </>
        ) : (
          <>
            <strong>{c.author.name}</strong>
            {c.author.guest ? (
              <>
                {' '}
                <span class="badge">{t('comments.guestBadge')}</span>
              </>
            ) : null}
          </>
        )}{' '}
        <span class="meta">
          · <DateText value={c.createdAt} withTime />
          {sectionLabel ? ` · ${sectionLabel}` : ''}
        </span>
      </p>
      {c.pendingOwn ? <p class="badge warn">{t('comments.pendingOwn')}</p> : null}
      <Body text={c.body} />
      {c.decision ? (
        <p class="meta">
          <strong>{t('comments.decision.label')}:</strong> <span class="badge ok">{t(`comments.decision.${c.decision}`)}</span>
          {c.explanation ? ` ${c.explanation}` : ''}
        </p>
      ) : null}
      {c.status === 'visible' ? (
        <div class="meta comment-actions">
          {data.permission === true ? (
            <a href={`${withQuery(data.basePath, { order: data.order === 'newest' ? null : data.order, reply: isReply ? c.parentId : c.id })}#comment-form`}>
              {t('comments.reply')}
            </a>
          ) : null}
          {viewer && !own ? (
            c.reportedByViewer ? (
              <span> · {t('comments.report.done')}</span>
            ) : (
              <>
                {' · '}
                <details class="comment-report">
                  <summary>{t('comments.report')}</summary>
                  <form method="post" action={`/binh-luan/${c.id}/bao-cao`}>
                    <CsrfField ctx={ctx} />
                    <fieldset>
                      <legend>{t('comments.report.reason')}</legend>
                      {REPORT_REASONS.map((r, i) => (
                        <div class="field check">
                          <input type="radio" id={`report-${c.id}-${r}`} name="reason" value={r} checked={i === 0} />
                          <label for={`report-${c.id}-${r}`}>{t(`comments.reason.${r}`)}</label>
                        </div>
                      ))}
                    </fieldset>
                    <button type="submit" class="secondary">
                      {t('comments.report.submit')}
                    </button>
                  </form>
                </details>
              </>
            )
          ) : null}
        </div>
      ) : null}
      {!isReply && c.replies.length ? (
        <ul class="list comment-replies" aria-label={t('comments.replies', { n: c.replyCount })}>
          {c.replies.map((r) => (
            <li>
              <CommentItem ctx={ctx} c={r} data={data} isReply={true} />
            </li>
          ))}
        </ul>
      ) : null}
      {!isReply && c.replyCount > c.replies.filter((r) => r.status === 'visible').length ? (
        <p class="meta">{t('comments.moreReplies', { n: c.replyCount - c.replies.filter((r) => r.status === 'visible').length })}</p>
      ) : null}
    </article>
  );
}

/**
 * The comment box: the counter under it reads "Bạn còn N/500 ký tự" (server-rendered, kept live by
 * the comment-box island), the messages sit beside the field, and it works without JavaScript.
 */
export function CommentForm({
  ctx,
  data,
  action = '/binh-luan',
  sections,
}: {
  ctx: PageContext;
  data: Pick<CommentSectionData, 'targetType' | 'targetId' | 'limits' | 'permission' | 'guest' | 'agencies' | 'replyTo' | 'basePath' | 'form' | 'order' | 'section'>;
  action?: string;
  sections?: Array<{ key: string; label: string }> | null;
}) {
  const { t } = ctx;
  const { limits } = data;
  const values = data.form?.values ?? {};
  const errors = data.form?.errors ?? {};
  const body = values.body ?? '';
  const check = checkComment(body, limits);
  const signInHref = withQuery('/dang-nhap', { next: `${data.basePath}#comment-form` });
  const signIn = (
    <a href={signInHref}>{t('comments.form.signInLink')}</a>
  );
  if (data.permission !== true) {
    return (
      <div class="card comment-closed" id="comment-form">
        <p>{t(data.permission)}</p>
      </div>
    );
  }
  const guest = !ctx.principal;
  if (guest && !data.guest.allowed) {
    const [before, after] = t('comments.form.signInRequired', { link: '\u0000' }).split('\u0000');
    return (
      <div class="card" id="comment-form">
        <p>
          {before}
          {signIn}
          {after}
        </p>
      </div>
    );
  }
  const replyTo = data.replyTo;
  const describedBy = ['comment-body-hint', 'comment-body-counter', 'comment-body-overflow', 'comment-body-error'].join(' ');
  const [gBefore, gAfter] = t('comments.form.guestNotice', { link: '\u0000' }).split('\u0000');
  return (
    <form
      method="post"
      action={action}
      class="card comment-form"
      id="comment-form"
      aria-labelledby="comment-form-heading"
      novalidate
      data-comment-box=""
      data-min={String(limits.min)}
      data-max={String(limits.max)}
      data-msg-counter={t('comments.counter', { n: '{n}', max: '{max}' })}
      data-msg-overflow={t('comments.overflow', { n: '{n}' })}
      data-msg-short={t('comments.error.short', { min: limits.min })}
      data-msg-long={t('comments.error.long', { max: limits.max, count: '{count}' })}
      data-msg-live={t('comments.counter.live', { count: '{count}', n: '{n}', max: '{max}' })}
      data-msg-live-over={t('comments.counter.liveOver', { count: '{count}', n: '{n}' })}
    >
      <h3 id="comment-form-heading">{replyTo ? t('comments.form.replyHeading', { name: replyTo.author.agency?.name ?? replyTo.author.name }) : t('comments.form.heading')}</h3>
      {replyTo ? (
        <p class="meta">
          <a href={`${withQuery(data.basePath, { order: data.order === 'newest' ? null : data.order })}#binh-luan-${replyTo.id}`}>{t('comments.form.cancelReply')}</a>
        </p>
      ) : null}
      <CsrfField ctx={ctx} />
      <input type="hidden" name="targetType" value={data.targetType} />
      <input type="hidden" name="targetId" value={String(data.targetId)} />
      {replyTo ? <input type="hidden" name="parentId" value={String(replyTo.id)} /> : null}
      {guest ? (
        <p class="hint">
          {gBefore}
          {signIn}
          {gAfter}
        </p>
      ) : null}
      {!replyTo && sections && sections.length ? (
        <div class={`field${errors.section ? ' has-error' : ''}`}>
          <label for="comment-section">{t('comments.section.label')}</label>
          <select id="comment-section" name="section" aria-invalid={errors.section ? 'true' : undefined} aria-describedby={errors.section ? 'comment-section-error' : undefined}>
            <option value="">{t('comments.section.whole')}</option>
            {sections.map((s) => (
              <option value={s.key} selected={(values.section ?? data.section) === s.key}>
                {s.label}
              </option>
            ))}
          </select>
          {errors.section ? (
            <p class="field-error" id="comment-section-error">
              {errors.section}
            </p>
          ) : null}
        </div>
      ) : null}
      <div class={`field${errors.body ? ' has-error' : ''}`}>
        <label for="comment-body">{t('comments.form.body')}</label>
        <p class="hint" id="comment-body-hint">
          {t('comments.form.bodyHint', { min: limits.min, max: limits.max })}
        </p>
        <textarea id="comment-body" name="body" rows={5} aria-invalid={errors.body ? 'true' : undefined} aria-describedby={describedBy}>
          {body}
        </textarea>
        <p class="hint comment-counter" id="comment-body-counter">
          {t('comments.counter', { n: check.remaining, max: limits.max })}
        </p>
        <p class="field-error comment-overflow" id="comment-body-overflow" hidden={check.overflow === 0}>
          {check.overflow > 0 ? t('comments.overflow', { n: check.overflow }) : ''}
        </p>
        <p class="field-error" id="comment-body-error" role="alert" hidden={!errors.body}>
          {errors.body ?? ''}
        </p>
        <p class="sr-only" id="comment-body-live" aria-live="polite"></p>
      </div>
      {guest ? (
        <>
          <div class={`field${errors.guestName ? ' has-error' : ''}`}>
            <label for="guestName">{t('comments.form.guestName')}</label>
            <input
              type="text"
              id="guestName"
              name="guestName"
              value={values.guestName ?? ''}
              autocomplete="name"
              aria-invalid={errors.guestName ? 'true' : undefined}
              aria-describedby={errors.guestName ? 'guestName-error' : undefined}
            />
            {errors.guestName ? (
              <p class="field-error" id="guestName-error">
                {errors.guestName}
              </p>
            ) : null}
          </div>
          <div class={`field${errors.guestContact ? ' has-error' : ''}`}>
            <label for="guestContact">{t('comments.form.guestContact')}</label>
            <p class="hint" id="guestContact-hint">
              {t('comments.form.guestContactHint')}
            </p>
            <input
              type="text"
              id="guestContact"
              name="guestContact"
              value={values.guestContact ?? ''}
              autocomplete="email"
              aria-invalid={errors.guestContact ? 'true' : undefined}
              aria-describedby={errors.guestContact ? 'guestContact-hint guestContact-error' : 'guestContact-hint'}
            />
            {errors.guestContact ? (
              <p class="field-error" id="guestContact-error">
                {errors.guestContact}
              </p>
            ) : null}
          </div>
        </>
      ) : data.agencies.length ? (
        <div class="field">
          <label for="asAgencyId">{t('comments.form.asAgency')}</label>
          <select id="asAgencyId" name="asAgencyId">
            <option value="">{t('comments.form.asSelf', { name: ctx.principal!.name })}</option>
            {data.agencies.map((a) => (
              <option value={String(a.id)} selected={values.asAgencyId === a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {errors._ ? <p class="field-error">{errors._}</p> : null}
      <button type="submit">{replyTo ? t('comments.form.submitReply') : t('comments.form.submit')}</button>
    </form>
  );
}

/** The comment section of a page: count, order, list with replies, pages, and the box. */
export function CommentSection({ ctx, targetType, targetId, comments: data, action, sections, heading }: CommentSectionProps) {
  const { t } = ctx;
  const secs = sections ?? data.sections;
  const page = data.page;
  const keep = { order: data.order === 'newest' ? null : data.order, section: data.section };
  return (
    <section class="comments" id="binh-luan" aria-labelledby="binh-luan-heading" data-target={`${targetType}:${targetId}`}>
      <h2 id="binh-luan-heading">
        {heading ?? t('comments.heading')} <span class="meta">({t('comments.count', { n: page.total })})</span>
      </h2>
      {data.canModerate ? (
        <p class="meta">
          <a href="/quan-tri/binh-luan">{t('comments.moderateLink')}</a>
        </p>
      ) : null}
      <CommentForm ctx={ctx} data={data} action={action} sections={secs} />
      {secs && secs.length ? (
        <nav class="meta" aria-label={t('comments.section.filter')}>
          {t('comments.section.filter')}:{' '}
          <a href={`${withQuery(data.basePath, { order: keep.order })}#binh-luan`} aria-current={!data.section ? 'page' : undefined}>
            {t('form.all')}
          </a>
          {secs.map((s) => (
            <>
              {' · '}
              <a href={`${withQuery(data.basePath, { order: keep.order, section: s.key })}#binh-luan`} aria-current={data.section === s.key ? 'page' : undefined}>
                {s.label}
              </a>
            </>
          ))}
        </nav>
      ) : null}
      <p class="meta comment-order">
        {t('comments.order.label')}:{' '}
        {(['newest', 'oldest'] as const).map((o, i) => (
          <>
            {i ? ' · ' : ''}
            <a href={`${withQuery(data.basePath, { order: o === 'newest' ? null : o, section: data.section })}#binh-luan`} aria-current={data.order === o ? 'true' : undefined}>
              {t(`comments.order.${o}`)}
            </a>
          </>
        ))}
      </p>
      {page.items.length ? (
        <ol class="list comment-list">
          {page.items.map((c) => (
            <li>
              <CommentItem ctx={ctx} c={c} data={data} isReply={false} />
            </li>
          ))}
        </ol>
      ) : (
        <p class="empty">{t('comments.empty')}</p>
      )}
      {data.cursor || page.nextCursor ? (
        <nav class="pager" aria-label={t('layout.pagination')}>
          {data.cursor ? <a href={`${withQuery(data.basePath, keep)}#binh-luan`}>{t('comments.firstPage')}</a> : <span />}
          {page.nextCursor ? (
            <a href={`${withQuery(data.basePath, { ...keep, cursor: page.nextCursor })}#binh-luan`} rel="next">
              {t('comments.nextPage')}
            </a>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
