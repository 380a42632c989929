import { ROLES } from '../../../platform/access/principal';
import { AdminNav, Layout } from '../../../platform/ui/layout';
import { Breadcrumbs, Checkbox, CsrfField, DateText, Empty, ErrorSummary, Pager, PageHeader, SelectField, TextField, withQuery } from '../../../platform/ui/components';
import type { PageContext } from '../../../platform/ui/page-context';
import { formatDateTime } from '../../../platform/i18n/i18n';
import type { SettingDef } from '../../../platform/settings/settings';
import type { Agency, Unit } from '../../directory/model';
import { USER_KINDS, type User } from '../model';
import type { RoleInfo, UserListItem } from '../service';
import { CommuneSelect, type Errors, type Values, inputAttrs } from './common';

function AdminLayout({ ctx, title, crumbs, children }: { ctx: PageContext; title: string; crumbs?: Array<{ href?: string; label: string }>; children: any }) {
  return (
    <Layout ctx={ctx} title={title}>
      {crumbs ? <Breadcrumbs ctx={ctx} items={[{ href: '/quan-tri', label: ctx.t('accounts.admin.title') }, ...crumbs]} /> : null}
      <div class="admin">
        <AdminNav ctx={ctx} />
        <div class="admin-body">{children}</div>
      </div>
    </Layout>
  );
}

export function AdminHome({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title={ctx.t('accounts.admin.title')}>
      <h1>{ctx.t('accounts.admin.title')}</h1>
      <p>{ctx.t('accounts.admin.lead')}</p>
      <AdminNav ctx={ctx} />
    </Layout>
  );
}

function StatusBadge({ ctx, user, now }: { ctx: PageContext; user: User; now: Date }) {
  if (user.status === 'disabled') return <span class="badge danger">{ctx.t('accounts.status.disabled')}</span>;
  if (user.lockedUntil && user.lockedUntil > now) {
    return <span class="badge warn">{ctx.t('accounts.status.locked', { time: formatDateTime(user.lockedUntil) })}</span>;
  }
  return <span class="badge ok">{ctx.t('accounts.status.active')}</span>;
}

export function UsersPage({
  ctx,
  items,
  filters,
  page,
  more,
  now,
}: {
  ctx: PageContext;
  now: Date;
  items: UserListItem[];
  filters: { q?: string; kind?: string; role?: string };
  page: number;
  more: boolean;
}) {
  const t = ctx.t;
  const base = { q: filters.q, kind: filters.kind, role: filters.role };
  return (
    <AdminLayout ctx={ctx} title={t('accounts.users.title')} crumbs={[{ label: t('accounts.users.title') }]}>
      <PageHeader title={t('accounts.users.title')}>
        <a class="button" href="/quan-tri/nguoi-dung/moi">
          {t('accounts.users.new')}
        </a>
      </PageHeader>
      <form method="get" action="/quan-tri/nguoi-dung" class="filters" role="search">
        <TextField name="q" type="search" label={t('accounts.users.search')} value={filters.q} />
        <SelectField
          name="kind"
          label={t('accounts.field.kind')}
          value={filters.kind}
          placeholder={t('form.all')}
          options={USER_KINDS.map((k) => ({ value: k, label: t(`accounts.kind.${k}`) }))}
        />
        <SelectField
          name="role"
          label={t('accounts.field.role')}
          value={filters.role}
          placeholder={t('accounts.users.anyRole')}
          options={ROLES.map((r) => ({ value: r, label: t(`accounts.role.${r}`) }))}
        />
        <button type="submit">{t('form.filter')}</button>
      </form>
      {items.length === 0 ? (
        <Empty>{t('accounts.users.none')}</Empty>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('accounts.users.name')}</th>
                <th scope="col">{t('accounts.users.contact')}</th>
                <th scope="col">{t('accounts.field.kind')}</th>
                <th scope="col">{t('accounts.users.roles')}</th>
                <th scope="col">{t('accounts.users.status')}</th>
                <th scope="col">{t('accounts.users.lastLogin')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((u) => (
                <tr>
                  <td>
                    <a href={`/quan-tri/nguoi-dung/${u.id}`}>{u.name}</a>
                  </td>
                  <td>
                    {u.email ? <div>{u.email}</div> : null}
                    {u.phone ? <div>{u.phone}</div> : null}
                  </td>
                  <td>{t(`accounts.kind.${u.kind}`)}</td>
                  <td>{u.roles.map((r) => t(`accounts.role.${r}`)).join(', ')}</td>
                  <td>
                    <StatusBadge ctx={ctx} user={u} now={now} />
                  </td>
                  <td>
                    <DateText value={u.lastLoginAt} withTime />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        ctx={ctx}
        prev={page > 1 ? withQuery('/quan-tri/nguoi-dung', { ...base, page: page - 1 }) : null}
        next={more ? withQuery('/quan-tri/nguoi-dung', { ...base, page: page + 1 }) : null}
      />
    </AdminLayout>
  );
}

export function NewUserPage({ ctx, values = {}, errors }: { ctx: PageContext; values?: Values; errors?: Errors }) {
  const t = ctx.t;
  return (
    <AdminLayout
      ctx={ctx}
      title={t('accounts.users.newTitle')}
      crumbs={[{ href: '/quan-tri/nguoi-dung', label: t('accounts.users.title') }, { label: t('accounts.users.newTitle') }]}
    >
      <h1>{t('accounts.users.newTitle')}</h1>
      <p>{t('accounts.users.newLead')}</p>
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="post" action="/quan-tri/nguoi-dung/moi" novalidate class="card">
        <CsrfField ctx={ctx} />
        <TextField name="name" label={t('accounts.field.name')} value={values.name} error={errors?.name} required />
        <p class="hint">{t('accounts.hint.emailOrPhone')}</p>
        <TextField name="email" type="email" label={t('accounts.field.email')} value={values.email} error={errors?.email} />
        <TextField name="phone" type="tel" label={t('accounts.field.phone')} value={values.phone} error={errors?.phone} hint={t('accounts.hint.phone')} />
        <TextField
          name="password"
          type="password"
          label={t('accounts.field.initialPassword')}
          error={errors?.password}
          hint={t('accounts.hint.password')} {...inputAttrs({ autocomplete: 'new-password' })}
         
        />
        <Checkbox name="sendReset" label={t('accounts.field.sendReset')} checked={values.sendReset === 'on'} />
        <button type="submit">{t('accounts.users.new')}</button>
      </form>
    </AdminLayout>
  );
}

/** Agencies grouped by their unit (the province first, then its communes), so that a long list stays usable without JavaScript. */
function AgencySelect({ ctx, agencies, value, error }: { ctx: PageContext; agencies: Agency[]; value?: string; error?: string }) {
  const groups = new Map<string, Agency[]>();
  for (const a of agencies) {
    if (!groups.has(a.unitName)) groups.set(a.unitName, []);
    groups.get(a.unitName)!.push(a);
  }
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for="agencyId">
        {ctx.t('accounts.field.agency')}
        <span aria-hidden="true"> *</span>
      </label>
      <select id="agencyId" name="agencyId" required aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'agencyId-error' : undefined}>
        <option value=""></option>
        {[...groups.entries()].map(([unit, list]) => (
          <optgroup label={unit}>
            {list.map((a) => (
              <option value={a.id} selected={String(a.id) === (value ?? '')}>
                {ctx.locale === 'en' ? a.nameEn : a.name}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      {error ? (
        <p class="field-error" id="agencyId-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export interface EditUserProps {
  ctx: PageContext;
  user: User;
  roles: RoleInfo[];
  agencies: Agency[];
  communes: Unit[];
  form?: { which: 'details' | 'role'; values: Values; errors: Errors };
  now: Date;
}

export function EditUserPage({ ctx, user, roles, agencies, communes, form, now }: EditUserProps) {
  const t = ctx.t;
  const v: Values =
    form?.which === 'details'
      ? form.values
      : { name: user.name, email: user.email ?? '', phone: user.phone ?? '', kind: user.kind, unitCode: user.unitCode ?? '', address: user.address ?? '' };
  const e = form?.which === 'details' ? form.errors : undefined;
  const re = form?.which === 'role' ? form.errors : undefined;
  const rv = form?.which === 'role' ? form.values : {};
  const locked = !!user.lockedUntil && user.lockedUntil > now;
  const title = t('accounts.users.editTitle', { name: user.name });
  return (
    <AdminLayout ctx={ctx} title={title} crumbs={[{ href: '/quan-tri/nguoi-dung', label: t('accounts.users.title') }, { label: user.name }]}>
      <h1>{title}</h1>
      <p>
        <StatusBadge ctx={ctx} user={user} now={now} /> · {t('accounts.users.createdAt')}: <DateText value={user.createdAt} /> ·{' '}
        {t('accounts.users.lastLogin')}: <DateText value={user.lastLoginAt} withTime />
      </p>

      <section class="card" aria-labelledby="details">
        <h2 id="details">{t('accounts.users.details')}</h2>
        <ErrorSummary ctx={ctx} errors={e} />
        <form method="post" action={`/quan-tri/nguoi-dung/${user.id}`} novalidate>
          <CsrfField ctx={ctx} />
          <TextField name="name" label={t('accounts.field.name')} value={v.name} error={e?.name} required />
          <TextField name="email" type="email" label={t('accounts.field.email')} value={v.email} error={e?.email} />
          <TextField name="phone" type="tel" label={t('accounts.field.phone')} value={v.phone} error={e?.phone} hint={t('accounts.hint.phone')} />
          <SelectField
            name="kind"
            label={t('accounts.field.kind')}
            value={v.kind}
            error={e?.kind}
            options={USER_KINDS.map((k) => ({ value: k, label: t(`accounts.kind.${k}`) }))}
          />
          <CommuneSelect ctx={ctx} communes={communes} value={v.unitCode} error={e?.unitCode} />
          <TextField name="address" label={t('accounts.field.address')} value={v.address} error={e?.address} />
          <button type="submit">{t('form.save')}</button>
        </form>
      </section>

      <section class="card" aria-labelledby="roles">
        <h2 id="roles">{t('accounts.users.roles')}</h2>
        {roles.length === 0 ? (
          <Empty>{t('accounts.users.noRoles')}</Empty>
        ) : (
          <ul class="list">
            {roles.map((r) => (
              <li>
                <strong>{t(`accounts.role.${r.role}`)}</strong> — {r.agencyName}{' '}
                <form method="post" action={`/quan-tri/nguoi-dung/${user.id}/vai-tro/${r.id}/thu-hoi`} class="inline">
                  <CsrfField ctx={ctx} />
                  <button type="submit" class="secondary" aria-label={t('accounts.users.revokeLabel', { role: t(`accounts.role.${r.role}`), agency: r.agencyName })}>
                    {t('accounts.users.revoke')}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
        {user.kind === 'official' ? (
          agencies.length === 0 ? (
            <Empty>{t('accounts.users.noAgencies')}</Empty>
          ) : (
            <form method="post" action={`/quan-tri/nguoi-dung/${user.id}/vai-tro`} novalidate>
              <h3>{t('accounts.users.assign')}</h3>
              <CsrfField ctx={ctx} />
              <SelectField
                name="role"
                label={t('accounts.field.role')}
                value={rv.role}
                error={re?.role}
                required
                options={ROLES.map((r) => ({ value: r, label: t(`accounts.role.${r}`) }))}
              />
              <AgencySelect ctx={ctx} agencies={agencies} value={rv.agencyId} error={re?.agencyId} />
              <button type="submit">{t('accounts.users.assign')}</button>
            </form>
          )
        ) : (
          <p class="hint">{t('accounts.error.roleForCitizen')}</p>
        )}
      </section>

      <section class="card" aria-labelledby="access">
        <h2 id="access">{t('accounts.users.access')}</h2>
        {locked ? (
          <form method="post" action={`/quan-tri/nguoi-dung/${user.id}/mo-khoa`} class="inline">
            <CsrfField ctx={ctx} />
            <button type="submit" class="secondary">
              {t('accounts.users.unlock')}
            </button>{' '}
          </form>
        ) : null}
        <form method="post" action={`/quan-tri/nguoi-dung/${user.id}/trang-thai`} class="inline">
          <CsrfField ctx={ctx} />
          {user.status === 'active' ? (
            <>
              <input type="hidden" name="status" value="disabled" />
              <button type="submit" class="danger">
                {t('accounts.users.disable')}
              </button>
            </>
          ) : (
            <>
              <input type="hidden" name="status" value="active" />
              <button type="submit">{t('accounts.users.enable')}</button>
            </>
          )}
        </form>
      </section>
      <p>
        <a href="/quan-tri/nguoi-dung">{t('accounts.users.back')}</a>
      </p>
    </AdminLayout>
  );
}

function settingValueText(ctx: PageContext, d: SettingDef, v: number | boolean | string): string {
  if (d.type === 'bool') return ctx.t(v ? 'accounts.settings.on' : 'accounts.settings.off');
  return String(v);
}

/** Field ids cannot hold dots comfortably (CSS, fragments): `a.b` → `s-a-b`. */
export function settingFieldId(key: string): string {
  return 's-' + key.replace(/[^\w-]/g, '-');
}

export function SettingsPage({
  ctx,
  defs,
  values,
  errors,
}: {
  ctx: PageContext;
  defs: SettingDef[];
  values: Record<string, string | number | boolean>;
  errors?: Record<string, string>;
}) {
  const t = ctx.t;
  const groups = new Map<string, SettingDef[]>();
  for (const d of defs) {
    if (!groups.has(d.group)) groups.set(d.group, []);
    groups.get(d.group)!.push(d);
  }
  const summary = errors ? Object.fromEntries(Object.entries(errors).map(([k, m]) => [settingFieldId(k), m])) : undefined;
  return (
    <AdminLayout ctx={ctx} title={t('accounts.settings.title')} crumbs={[{ label: t('accounts.settings.title') }]}>
      <h1>{t('accounts.settings.title')}</h1>
      <p>{t('accounts.settings.lead')}</p>
      <ErrorSummary ctx={ctx} errors={summary} />
      <form method="post" action="/quan-tri/thiet-lap" novalidate>
        <CsrfField ctx={ctx} />
        {[...groups.entries()].map(([group, list]) => (
          <fieldset class="card">
            <legend>
              <h2>{t(group)}</h2>
            </legend>
            {list.map((d) => {
              const id = settingFieldId(d.key);
              const help = [
                d.help ? t(d.help) : '',
                d.type === 'int' && d.min !== undefined && d.max !== undefined ? t('accounts.settings.range', { min: d.min, max: d.max }) : '',
                t('accounts.settings.default', { value: settingValueText(ctx, d, d.default) }),
              ]
                .filter(Boolean)
                .join(' ');
              const err = errors?.[d.key];
              if (d.type === 'bool') {
                return (
                  <div class="field check">
                    <input type="hidden" name={`${d.key}`} value="off" />
                    <input type="checkbox" id={id} name={d.key} value="on" checked={values[d.key] === true || values[d.key] === 'on'} aria-describedby={`${id}-hint`} />
                    <label for={id}>{t(d.label)}</label>
                    <p class="hint" id={`${id}-hint`}>
                      {help}
                    </p>
                  </div>
                );
              }
              return (
                <div class={`field${err ? ' has-error' : ''}`}>
                  <label for={id}>{t(d.label)}</label>
                  <input
                    id={id}
                    name={d.key}
                    type={d.type === 'int' ? 'number' : 'text'}
                    inputMode={d.type === 'int' ? 'numeric' : undefined}
                    min={d.min}
                    max={d.max}
                    step={d.type === 'int' ? 1 : undefined}
                    value={String(values[d.key] ?? '')}
                    aria-invalid={err ? 'true' : undefined}
                    aria-describedby={[`${id}-hint`, err ? `${id}-error` : ''].filter(Boolean).join(' ')}
                  />
                  <p class="hint" id={`${id}-hint`}>
                    {help}
                  </p>
                  {err ? (
                    <p class="field-error" id={`${id}-error`}>
                      {err}
                    </p>
                  ) : null}
                </div>
              );
            })}
          </fieldset>
        ))}
        <button type="submit">{t('form.save')}</button>
      </form>
    </AdminLayout>
  );
}
