import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context';
import { Layout } from '../../platform/ui/layout';
import { DateText, Empty } from '../../platform/ui/components';
import { clean } from '../../platform/text/text';

export async function homeRoutes(app: FastifyInstance, ctx: AppContext) {
  const blocks = ctx.modules.flatMap((m) => m.homeBlocks ?? []).sort((a, b) => a.order - b.order);
  const providers = ctx.modules.flatMap((m) => (m.search ? [m.search] : []));

  app.get('/', async (req, reply) => {
    const page = req.page();
    const rendered = await Promise.all(blocks.map((b) => b.render(req, ctx)));
    return reply.view(
      <Layout ctx={page} title={page.t('home.title')}>
        <h1>{page.t('home.title')}</h1>
        <p class="lead">{page.t('home.lead')}</p>
        <form method="get" action="/tim-kiem" role="search" class="filters">
          <div class="field">
            <label for="q">{page.t('search.label')}</label>
            <input type="search" id="q" name="q" />
          </div>
          <button type="submit">{page.t('form.search')}</button>
        </form>
        {rendered}
      </Layout>,
    );
  });

  app.get('/tim-kiem', async (req, reply) => {
    const page = req.page();
    const raw = (req.query as Record<string, unknown>).q;
    const q = typeof raw === 'string' ? clean(raw).slice(0, 200) : '';
    const groups = q
      ? await Promise.all(
          providers.map(async (p) => ({ label: p.label, items: await p.search(ctx, q, { limit: 10, principal: req.principal }) })),
        )
      : [];
    const total = groups.reduce((n, g) => n + g.items.length, 0);
    return reply.view(
      <Layout ctx={page} title={page.t('search.title')}>
        <h1>{page.t('search.title')}</h1>
        <form method="get" action="/tim-kiem" role="search" class="filters">
          <div class="field">
            <label for="q">{page.t('search.label')}</label>
            <input type="search" id="q" name="q" value={q} />
          </div>
          <button type="submit">{page.t('form.search')}</button>
        </form>
        {q ? <p role="status">{page.t('search.count', { n: total, q })}</p> : null}
        {q && total === 0 ? <Empty>{page.t('search.none')}</Empty> : null}
        {groups
          .filter((g) => g.items.length)
          .map((g) => (
            <section>
              <h2>{page.t(g.label)}</h2>
              <ul class="list">
                {g.items.map((i) => (
                  <li>
                    <a href={i.href}>{i.title}</a>
                    {i.date ? (
                      <span class="meta">
                        {' '}
                        · <DateText value={i.date} />
                      </span>
                    ) : null}
                    <p class="meta">{i.snippet}</p>
                  </li>
                ))}
              </ul>
            </section>
          ))}
      </Layout>,
    );
  });

  app.get('/gioi-thieu', async (req, reply) => {
    const page = req.page();
    return reply.view(
      <Layout ctx={page} title={page.t('about.title')}>
        <h1>{page.t('about.title')}</h1>
        <p>{page.t('about.body')}</p>
        <ul>
          {(['about.petitions', 'about.handling', 'about.disclosure', 'about.more'] as const).map((k) => (
            <li>{page.t(k)}</li>
          ))}
        </ul>
      </Layout>,
    );
  });
}
