import { Layout } from '../../../platform/ui/layout';
import { CsrfField, DateText, Empty, ErrorSummary, TextField } from '../../../platform/ui/components';
import type { PageContext } from '../../../platform/ui/page-context';
import type { Unit } from '../../directory/model';
import type { ApiToken, User } from '../model';
import type { RoleInfo } from '../service';
import { CommuneSelect, type Errors, type Values, inputAttrs } from './common';

export interface ProfileProps {
  ctx: PageContext;
  user: User;
  roles: RoleInfo[];
  tokens: ApiToken[];
  communes: Unit[];
  /** Which form failed, with its values and errors. */
  form?: { which: 'profile' | 'password' | 'token'; values: Values; errors: Errors };
  /** A token just created: shown once. */
  created?: { name: string; token: string } | null;
}

export function ProfilePage({ ctx, user, roles, tokens, communes, form, created }: ProfileProps) {
  const t = ctx.t;
  const pv: Values =
    form?.which === 'profile'
      ? form.values
      : { name: user.name, phone: user.phone ?? '', unitCode: user.unitCode ?? '', address: user.address ?? '' };
  const pe = form?.which === 'profile' ? form.errors : undefined;
  const we = form?.which === 'password' ? form.errors : undefined;
  const te = form?.which === 'token' ? form.errors : undefined;
  return (
    <Layout ctx={ctx} title={t('accounts.profile.title')}>
      <h1>{t('accounts.profile.title')}</h1>
      {created ? (
        <section class="card" aria-labelledby="created-token" role="status">
          <h2 id="created-token">{t('accounts.tokens.createdTitle')}: {created.name}</h2>
          <p>{t('accounts.tokens.createdOnce')}</p>
          <p>
            <code id="new-token">{created.token}</code>
          </p>
        </section>
      ) : null}

      <section class="card" aria-labelledby="info">
        <h2 id="info">{t('accounts.profile.info')}</h2>
        <ErrorSummary ctx={ctx} errors={pe} />
        <form method="post" action="/tai-khoan" novalidate>
          <CsrfField ctx={ctx} />
          <TextField name="name" label={t('accounts.field.name')} value={pv.name} error={pe?.name} required {...inputAttrs({ autocomplete: 'name' })} />
          {user.email ? (
            <TextField name="email" type="email" label={t('accounts.field.email')} value={user.email} hint={t('accounts.hint.emailFixed')} {...inputAttrs({ readOnly: true })} />
          ) : null}
          <TextField
            name="phone"
            type="tel"
            label={t('accounts.field.phone')}
            value={pv.phone}
            error={pe?.phone}
            hint={t('accounts.hint.phone')} {...inputAttrs({ autocomplete: 'tel' })}
           
          />
          <CommuneSelect ctx={ctx} communes={communes} value={pv.unitCode} error={pe?.unitCode} />
          <TextField name="address" label={t('accounts.field.address')} value={pv.address} error={pe?.address} {...inputAttrs({ autocomplete: 'street-address' })} />
          <button type="submit">{t('form.save')}</button>
        </form>
      </section>

      {roles.length ? (
        <section class="card" aria-labelledby="roles">
          <h2 id="roles">{t('accounts.profile.roles')}</h2>
          <ul>
            {roles.map((r) => (
              <li>
                <strong>{t(`accounts.role.${r.role}`)}</strong> — {r.agencyName}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section class="card" aria-labelledby="password">
        <h2 id="password">{t('accounts.profile.password')}</h2>
        <ErrorSummary ctx={ctx} errors={we} />
        <form method="post" action="/tai-khoan/mat-khau" novalidate>
          <CsrfField ctx={ctx} />
          <TextField name="current" type="password" label={t('accounts.field.currentPassword')} error={we?.current} required {...inputAttrs({ autocomplete: 'current-password' })} />
          <TextField
            name="password"
            type="password"
            label={t('accounts.field.newPassword')}
            error={we?.password}
            hint={t('accounts.hint.password')}
            required {...inputAttrs({ autocomplete: 'new-password' })}
           
          />
          <TextField name="password2" type="password" label={t('accounts.field.password2')} error={we?.password2} required {...inputAttrs({ autocomplete: 'new-password' })} />
          <button type="submit">{t('accounts.password.submit')}</button>
        </form>
      </section>

      <section class="card" aria-labelledby="tokens">
        <h2 id="tokens">{t('accounts.tokens.title')}</h2>
        <p>{t('accounts.tokens.lead')}</p>
        <form method="post" action="/tai-khoan/ma-truy-cap" novalidate>
          <CsrfField ctx={ctx} />
          <TextField name="tokenName" label={t('accounts.tokens.name')} value={form?.which === 'token' ? form.values.tokenName : ''} error={te?.name} required {...inputAttrs({ maxLength: 80 })} />
          <button type="submit">{t('accounts.tokens.create')}</button>
        </form>
        {tokens.length === 0 ? (
          <Empty>{t('accounts.tokens.none')}</Empty>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('accounts.tokens.name')}</th>
                  <th scope="col">{t('accounts.tokens.prefix')}</th>
                  <th scope="col">{t('accounts.tokens.createdAt')}</th>
                  <th scope="col">{t('accounts.tokens.lastUsed')}</th>
                  <th scope="col">{t('accounts.tokens.status')}</th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((tk) => (
                  <tr>
                    <td>{tk.name}</td>
                    <td>
                      <code>{tk.prefix}…</code>
                    </td>
                    <td>
                      <DateText value={tk.createdAt} />
                    </td>
                    <td>{tk.lastUsedAt ? <DateText value={tk.lastUsedAt} withTime /> : t('accounts.tokens.never')}</td>
                    <td>
                      {tk.revokedAt ? (
                        <>
                          {t('accounts.tokens.revokedAt')} <DateText value={tk.revokedAt} />
                        </>
                      ) : (
                        <form method="post" action={`/tai-khoan/ma-truy-cap/${tk.id}/thu-hoi`} class="inline">
                          <CsrfField ctx={ctx} />
                          <span class="badge ok">{t('accounts.tokens.active')}</span>{' '}
                          <button type="submit" class="secondary" aria-label={t('accounts.tokens.revokeLabel', { name: tk.name })}>
                            {t('accounts.tokens.revoke')}
                          </button>
                        </form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Layout>
  );
}
