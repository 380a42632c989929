import { Layout } from '../../../platform/ui/layout';
import { CsrfField, ErrorSummary, TextField } from '../../../platform/ui/components';
import type { PageContext } from '../../../platform/ui/page-context';
import type { Unit } from '../../directory/model';
import { CommuneSelect, type Errors, type Values, inputAttrs } from './common';

export function RegisterPage({ ctx, values = {}, errors, communes, next }: { ctx: PageContext; values?: Values; errors?: Errors; communes: Unit[]; next?: string | null }) {
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('accounts.register.title')}>
      <div class="card">
        <h1>{t('accounts.register.title')}</h1>
        <p>{t('accounts.register.lead')}</p>
        <ErrorSummary ctx={ctx} errors={errors} />
        <form method="post" action="/dang-ky" novalidate>
          <CsrfField ctx={ctx} />
          {next ? <input type="hidden" name="next" value={next} /> : null}
          <TextField name="name" label={t('accounts.field.name')} value={values.name} error={errors?.name} required {...inputAttrs({ autocomplete: 'name' })} />
          <p class="hint" id="contact-hint">
            {t('accounts.hint.emailOrPhone')}
          </p>
          <TextField name="email" type="email" label={t('accounts.field.email')} value={values.email} error={errors?.email} {...inputAttrs({ autocomplete: 'email' })} />
          <TextField
            name="phone"
            type="tel"
            label={t('accounts.field.phone')}
            value={values.phone}
            error={errors?.phone}
            hint={t('accounts.hint.phone')} {...inputAttrs({ autocomplete: 'tel', inputMode: 'tel' })}
           
           
          />
          <TextField
            name="password"
            type="password"
            label={t('accounts.field.password')}
            error={errors?.password}
            hint={t('accounts.hint.password')}
            required {...inputAttrs({ autocomplete: 'new-password' })}
           
          />
          <TextField name="password2" type="password" label={t('accounts.field.password2')} error={errors?.password2} required {...inputAttrs({ autocomplete: 'new-password' })} />
          <CommuneSelect ctx={ctx} communes={communes} value={values.unitCode} error={errors?.unitCode} required />
          <TextField name="address" label={t('accounts.field.address')} value={values.address} error={errors?.address} {...inputAttrs({ autocomplete: 'street-address' })} />
          <details>
            <summary>{t('accounts.terms.title')}</summary>
            <p>{t('accounts.terms.body1')}</p>
            <p>{t('accounts.terms.body2')}</p>
            <p>{t('accounts.terms.body3')}</p>
          </details>
          <div class={`field check${errors?.terms ? ' has-error' : ''}`}>
            <input
              type="checkbox"
              id="terms"
              name="terms"
              value="on"
              checked={values.terms === 'on'}
              aria-invalid={errors?.terms ? 'true' : undefined}
              aria-describedby={errors?.terms ? 'terms-error' : undefined}
            />
            <label for="terms">{t('accounts.field.terms')}</label>
            {errors?.terms ? (
              <p class="field-error" id="terms-error">
                {errors.terms}
              </p>
            ) : null}
          </div>
          <button type="submit">{t('accounts.register.submit')}</button>
        </form>
        <p>
          {t('accounts.register.haveAccount')} <a href="/dang-nhap">{t('accounts.login.title')}</a>
        </p>
      </div>
    </Layout>
  );
}
