import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../../platform/context';
import { DateText } from '../../../platform/ui/components';
import { listDocuments } from '../service';
import { getConsultation } from '../consultation';

/** The home page's block: documents open for public comment now, with their closing dates. */
export async function openConsultationsBlock(req: FastifyRequest, ctx: AppContext) {
  const open = await listDocuments(ctx, { consultation: true, limit: 3 });
  if (!open.items.length) return null;
  const t = req.t;
  const rows = await Promise.all(open.items.map(async (d) => ({ d, c: await getConsultation(ctx.db, d.id) })));
  return (
    <section class="card" aria-labelledby="home-consultations">
      <h2 id="home-consultations">{t('disclosure.library.openConsultations', { n: open.total })}</h2>
      <ul class="list">
        {rows.map(({ d, c }) => (
          <li>
            <a href={`/cong-khai/${d.id}`}>{d.title}</a>
            {c ? (
              <span class="meta">
                {' '}
                · {t('disclosure.period.until')} <DateText value={c.closesOn} />
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
