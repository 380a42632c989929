import { Layout } from './layout';
import type { PageContext } from './page-context';

interface Doc {
  info: Record<string, unknown>;
  tags: Array<{ name: string; description?: string }>;
  paths: Record<string, Record<string, any>>;
}

function schemaText(s: unknown): string {
  return JSON.stringify(s, null, 2);
}

/** The OpenAPI document rendered for people, server-side, with no script. */
export function ApiDocsPage({ ctx, doc }: { ctx: PageContext; doc: Doc }) {
  const { t } = ctx;
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op })),
  );
  const tags = doc.tags.length ? doc.tags : [{ name: '' }];
  return (
    <Layout ctx={ctx} title={t('apiDocs.title')}>
      <h1>{t('apiDocs.title')}</h1>
      <p>{String(doc.info.description ?? '')}</p>
      <p>
        <a href="/api/v1/openapi.json">{t('apiDocs.download')}</a>
      </p>
      {tags.map((tag) => {
        const list = ops.filter((o) => (o.op.tags ?? [''])[0] === tag.name || (!tag.name && !o.op.tags));
        if (!list.length) return null;
        return (
          <section>
            <h2>{tag.name}</h2>
            {tag.description ? <p>{tag.description}</p> : null}
            {list.map(({ path, method, op }) => (
              <details class="card">
                <summary>
                  <code>
                    {method.toUpperCase()} {path}
                  </code>{' '}
                  — {op.summary}
                </summary>
                {op.description ? <p>{op.description}</p> : null}
                {op.parameters?.length ? (
                  <>
                    <h3>{t('apiDocs.parameters')}</h3>
                    <div class="table-wrap">
                      <table>
                        <thead>
                          <tr>
                            <th scope="col">{t('apiDocs.name')}</th>
                            <th scope="col">{t('apiDocs.in')}</th>
                            <th scope="col">{t('apiDocs.description')}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {op.parameters.map((p: any) => (
                            <tr>
                              <td>
                                <code>{p.name}</code>
                                {p.required ? ' *' : ''}
                              </td>
                              <td>{p.in}</td>
                              <td>{p.description}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </div>
                  </>
                ) : null}
                {op.requestBody ? (
                  <>
                    <h3>{t('apiDocs.body')}</h3>
                    <pre>{schemaText(Object.values(op.requestBody.content ?? {})[0])}</pre>
                  </>
                ) : null}
                <h3>{t('apiDocs.responses')}</h3>
                <ul>
                  {Object.entries(op.responses ?? {}).map(([code, r]: [string, any]) => (
                    <li>
                      <code>{code}</code> {r.description ?? ''}
                    </li>
                  ))}
                </ul>
              </details>
            ))}
          </section>
        );
      })}
    </Layout>
  );
}
