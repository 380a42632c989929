import { Layout } from '../../../platform/ui/layout';
import { CsrfField, ErrorSummary, TextField } from '../../../platform/ui/components';
import type { PageContext } from '../../../platform/ui/page-context';
import { FormAlert, type Errors, type Values, inputAttrs } from './common';

export function ForgotPage({ ctx, values = {}, errors }: { ctx: PageContext; values?: Values; errors?: Errors }) {
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('accounts.forgot.title')}>
      <div class="card">
        <h1>{t('accounts.forgot.title')}</h1>
        <p>{t('accounts.forgot.lead')}</p>
        <form method="post" action="/quen-mat-khau" novalidate>
          <CsrfField ctx={ctx} />
          <TextField name="login" label={t('accounts.field.login')} value={values.login} error={errors?.login} required {...inputAttrs({ autocomplete: 'username' })} />
          <button type="submit">{t('accounts.forgot.submit')}</button>
        </form>
        <p class="hint">{t('accounts.forgot.phoneOnly')}</p>
        <p>
          <a href="/dang-nhap">{t('accounts.login.title')}</a>
        </p>
      </div>
    </Layout>
  );
}

export function ResetPage({ ctx, token, valid, errors, error }: { ctx: PageContext; token: string; valid: boolean; errors?: Errors; error?: string | null }) {
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('accounts.reset.title')}>
      <div class="card">
        <h1>{t('accounts.reset.title')}</h1>
        {valid ? (
          <>
            <p>{t('accounts.reset.lead')}</p>
            <FormAlert message={error} />
            <ErrorSummary ctx={ctx} errors={errors} />
            <form method="post" action="/dat-lai-mat-khau" novalidate>
              <CsrfField ctx={ctx} />
              <input type="hidden" name="token" value={token} />
              <TextField
                name="password"
                type="password"
                label={t('accounts.field.newPassword')}
                error={errors?.password}
                hint={t('accounts.hint.password')}
                required {...inputAttrs({ autocomplete: 'new-password' })}
               
              />
              <TextField name="password2" type="password" label={t('accounts.field.password2')} error={errors?.password2} required {...inputAttrs({ autocomplete: 'new-password' })} />
              <button type="submit">{t('accounts.reset.submit')}</button>
            </form>
          </>
        ) : (
          <>
            <FormAlert message={t('accounts.error.resetInvalid')} />
            <p>
              <a href="/quen-mat-khau">{t('accounts.reset.again')}</a>
            </p>
          </>
        )}
      </div>
    </Layout>
  );
}

export type { Values };
