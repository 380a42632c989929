import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context';
import { Layout } from '../../platform/ui/layout';

export async function homeRoutes(app: FastifyInstance, _ctx: AppContext) {
  app.get('/', async (req, reply) => {
    const ctx = req.page();
    return reply.view(
      <Layout ctx={ctx} title={ctx.t('home.title')}>
        <h1>{ctx.t('home.title')}</h1>
        <p class="lead">{ctx.t('home.lead')}</p>
      </Layout>,
    );
  });
  app.get('/gioi-thieu', async (req, reply) => {
    const ctx = req.page();
    return reply.view(
      <Layout ctx={ctx} title={ctx.t('about.title')}>
        <h1>{ctx.t('about.title')}</h1>
        <p>{ctx.t('about.body')}</p>
      </Layout>,
    );
  });
}
