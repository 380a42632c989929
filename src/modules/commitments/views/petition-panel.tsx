import type { PageContext } from '../../../platform/ui/page-context';
import { DateText, Empty } from '../../../platform/ui/components';
import type { PanelSubject } from '../../../platform/module';
import type { SourceCommitment } from '../service/read';
import { OverdueBadge, StateBadge } from './common';

/**
 * On a petition's page: the commitments made in its answer, each linked to its page with its state; the
 * officials handling it also get the way to record one.
 */
export function PetitionCommitmentsPanel({ ctx, subject, items }: { ctx: PageContext; subject: PanelSubject; items: SourceCommitment[] }) {
  const { t } = ctx;
  const official = subject.relation === 'official';
  return (
    <section aria-labelledby="petition-commitments" class="petition-commitments">
      <h2 id="petition-commitments">{t('commitments.panel.petition.title')}</h2>
      {items.length ? (
        <ul class="list">
          {items.map((k) => (
            <li data-commitment={k.code}>
              <a href={k.href}>{k.code}</a>: {k.text}
              <br />
              <small class="meta">
                {k.agencyName}, {t('commitments.panel.petition.deadline')} <DateText value={k.deadline} /> · <StateBadge ctx={ctx} state={k.state} /> <OverdueBadge ctx={ctx} overdue={k.overdue} />
              </small>
            </li>
          ))}
        </ul>
      ) : (
        <Empty>{t('commitments.panel.petition.empty')}</Empty>
      )}
      {official ? (
        <p>
          <a href={`/can-bo/cam-ket/ghi-nhan?kien-nghi=${encodeURIComponent(subject.code)}`}>{t('commitments.panel.petition.record')}</a>
        </p>
      ) : null}
    </section>
  );
}
