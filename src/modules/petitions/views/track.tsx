import type { PageContext } from '../../../platform/ui/page-context';
import { Layout } from '../../../platform/ui/layout';
import { DateText, PageHeader, TextField } from '../../../platform/ui/components';
import type { TrackedStatus } from '../model';
import { StatusBadge, attrs } from './common';

export function TrackPage({ ctx, code, result, error }: { ctx: PageContext; code: string; result: TrackedStatus | null; error?: string }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('petitions.page.track.title')} styles={['petitions.css']}>
      <PageHeader title={t('petitions.page.track.title')} />
      <p class="lead">{t('petitions.page.track.lead')}</p>
      <form method="get" action="/tra-cuu" class="filters" role="search" aria-label={t('petitions.page.track.title')}>
        <TextField name="ma" label={t('petitions.page.track.code')} value={code} error={error} {...attrs({ autocomplete: 'off', spellcheck: false, autocapitalize: 'characters' })} />
        <div class="filter-buttons">
          <button type="submit">{t('petitions.page.track.submit')}</button>
        </div>
      </form>
      {result ? (
        <section aria-labelledby="track-result" class="card">
          <h2 id="track-result">
            {result.code} <StatusBadge ctx={ctx} status={result.status} />
          </h2>
          <p>{result.title ?? t('petitions.page.track.private')}</p>
          <dl class="facts">
            <dt>{t('petitions.page.detail.kind')}</dt>
            <dd>{t(`petitions.kind.${result.kind}`)}</dd>
            <dt>{t('petitions.page.detail.agency')}</dt>
            <dd>{result.agencyName}</dd>
            <dt>{t('petitions.page.detail.submitted')}</dt>
            <dd>
              <DateText value={result.submittedAt} />
            </dd>
            {result.replyDue ? (
              <>
                <dt>{t('petitions.page.detail.replyDue')}</dt>
                <dd>
                  <DateText value={result.replyDue} />
                </dd>
              </>
            ) : null}
            {result.answeredAt ? (
              <>
                <dt>{t('petitions.page.detail.answeredAt')}</dt>
                <dd>
                  <DateText value={result.answeredAt} />
                </dd>
              </>
            ) : null}
          </dl>
          <h3>{t('petitions.page.detail.timeline')}</h3>
          <ol class="timeline">
            {result.timeline.map((e) => (
              <li>
                <p>
                  <strong>{t(`petitions.event.${e.type}`)}</strong>
                </p>
                <p class="meta">
                  <DateText value={e.at} withTime />
                </p>
              </li>
            ))}
          </ol>
          {result.publicUrl ? (
            <p>
              <a href={result.publicUrl}>{t('petitions.page.track.open')}</a>
            </p>
          ) : null}
        </section>
      ) : null}
    </Layout>
  );
}

export function DonePage({
  ctx,
  petition,
  agencyName,
  staff = false,
}: {
  ctx: PageContext;
  petition: { code: string; replyDue: string | null };
  agencyName: string;
  /** Entered by an officer on someone's behalf. */
  staff?: boolean;
}) {
  const { t } = ctx;
  const k = (key: string) => (staff ? `${key}Staff` : key);
  return (
    <Layout ctx={ctx} title={t('petitions.page.submit.done.title')} styles={['petitions.css']}>
      <PageHeader title={t('petitions.page.submit.done.title')} />
      <section class="card done" aria-labelledby="done-code">
        <p>{t(k('petitions.page.submit.done.lead'), { agency: agencyName })}</p>
        <h2 id="done-code">{t(k('petitions.page.submit.done.code'))}</h2>
        <p class="tracking-code">
          <strong>{petition.code}</strong>
        </p>
        <p>{t(k('petitions.page.submit.done.keep'))}</p>
        {petition.replyDue ? (
          <p>
            {t('petitions.page.detail.replyDue')}: <DateText value={petition.replyDue} />
          </p>
        ) : null}
        <p>
          <a class="button" href={`/kien-nghi/${petition.code}`}>
            {t('petitions.page.submit.done.view')}
          </a>{' '}
          <a href={staff ? '/can-bo/kien-nghi/nhap' : '/kien-nghi/gui'}>{t('petitions.page.submit.done.another')}</a>
        </p>
      </section>
    </Layout>
  );
}
