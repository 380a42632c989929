import { Layout } from '../../../platform/ui/layout';
import { CsrfField, TextField } from '../../../platform/ui/components';
import type { PageContext } from '../../../platform/ui/page-context';
import { DEMO_PASSWORD } from '../seed';
import { FormAlert, type Errors, type Values, inputAttrs } from './common';

export function LoginPage({
  ctx,
  values = {},
  error,
  errors,
  next,
  demo,
}: {
  ctx: PageContext;
  values?: Values;
  error?: string | null;
  errors?: Errors;
  next?: string | null;
  /** The demo accounts, shown when the demo province is loaded. */
  demo?: Array<{ email: string; name: string; role: string }>;
}) {
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('accounts.login.title')}>
      <div class="card">
        <h1>{t('accounts.login.title')}</h1>
        <p>{t('accounts.login.lead')}</p>
        <FormAlert message={error} />
        <form method="post" action="/dang-nhap" novalidate>
          <CsrfField ctx={ctx} />
          {next ? <input type="hidden" name="next" value={next} /> : null}
          <TextField
            name="login"
            label={t('accounts.field.login')}
            value={values.login}
            error={errors?.login}
            required {...inputAttrs({ autocomplete: 'username', autoFocus: !values.login })}
           
           
          />
          <TextField
            name="password"
            type="password"
            label={t('accounts.field.password')}
            error={errors?.password}
            required {...inputAttrs({ autocomplete: 'current-password', autoFocus: !!values.login })}
           
           
          />
          <button type="submit">{t('accounts.login.submit')}</button>
        </form>
        <p>
          <a href="/quen-mat-khau">{t('accounts.login.forgot')}</a>
        </p>
        <p>
          {t('accounts.login.noAccount')} <a href="/dang-ky">{t('accounts.login.registerLink')}</a>
        </p>
        {demo?.length ? (
          <details>
            <summary>{t('accounts.demo.title')}</summary>
            <p>{t('accounts.demo.password', { password: DEMO_PASSWORD })}</p>
            <ul>
              {demo.map((d) => (
                <li>
                  <code>{d.email}</code> — {d.name} ({d.role})
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </div>
    </Layout>
  );
}
