import { Layout } from '../../../platform/ui/layout';
import { CsrfField, TextField } from '../../../platform/ui/components';
import type { PageContext } from '../../../platform/ui/page-context';
import { FormAlert, type Errors, type Values, inputAttrs } from './common';

export function LoginPage({ ctx, values = {}, error, errors, next }: { ctx: PageContext; values?: Values; error?: string | null; errors?: Errors; next?: string | null }) {
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
      </div>
    </Layout>
  );
}
