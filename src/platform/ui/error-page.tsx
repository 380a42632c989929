import { Layout } from './layout';
import type { PageContext } from './page-context';

export function ErrorPage({ ctx, status, message }: { ctx: PageContext; status: number; message: string }) {
  const title = ctx.t(`error.status.${status}`) === `error.status.${status}` ? ctx.t('error.status.generic') : ctx.t(`error.status.${status}`);
  return (
    <Layout ctx={ctx} title={title}>
      <div class="card">
        <h1>{title}</h1>
        <p>{message}</p>
        <p>
          <a href="/">{ctx.t('error.backHome')}</a>
        </p>
      </div>
    </Layout>
  );
}
