import { AdminShell } from '../../../platform/ui/layout';
import {
  CsrfField,
  Empty,
  ErrorSummary,
  Pager,
  SelectField,
  TextArea,
  TextField,
} from '../../../platform/ui/components';
import type { PageContext } from '../../../platform/ui/page-context';
import { AGENCY_KINDS, VILLAGE_KIND_KEYS, villageKindOf, type Agency, type Category, type Unit } from '../model';
import { agencyName, kindLabel, unitName } from './common';

export type FormValues = Record<string, string | undefined>;
export type FormErrors = Record<string, string>;

export { AdminShell };

function StatusBadge({ ctx, active }: { ctx: PageContext; active: boolean }) {
  return active ? <span class="badge ok">{ctx.t('directory.admin.active')}</span> : <span class="badge warn">{ctx.t('directory.admin.inactive')}</span>;
}

function ToggleForm({ ctx, action, active, label }: { ctx: PageContext; action: string; active: boolean; label: string }) {
  return (
    <form method="post" action={action} class="inline">
      <CsrfField ctx={ctx} />
      <input type="hidden" name="active" value={active ? '0' : '1'} />
      <button type="submit" class={active ? 'secondary' : undefined} aria-label={`${active ? ctx.t('directory.admin.deactivate') : ctx.t('directory.admin.activate')}: ${label}`}>
        {active ? ctx.t('directory.admin.deactivate') : ctx.t('directory.admin.activate')}
      </button>
    </form>
  );
}

// Agencies ---------------------------------------------------------------------------------------

export function AdminAgenciesPage(props: {
  ctx: PageContext;
  items: Agency[];
  q: string;
  unit: string;
  kind: string;
  inactive: boolean;
  unitChoices: Array<{ value: string; label: string }>;
  prev: string | null;
  next: string | null;
}) {
  const { ctx, items, q, unit, kind, inactive, unitChoices, prev, next } = props;
  const { t } = ctx;
  return (
    <AdminShell ctx={ctx} title={t('directory.admin.agencies.title')}>
      <p>
        <a class="button" href="/quan-tri/co-quan/moi">
          {t('directory.admin.agencies.new')}
        </a>
      </p>
      <form method="get" action="/quan-tri/co-quan" role="search" class="filters">
        <div class="field">
          <label for="q">{t('directory.agencies.q')}</label>
          <input type="search" id="q" name="q" value={q} maxLength={100} />
        </div>
        <SelectField name="unit" label={t('directory.agencies.unit')} value={unit} options={unitChoices} placeholder={t('form.all')} />
        <SelectField
          name="kind"
          label={t('directory.agencies.kind')}
          value={kind}
          options={AGENCY_KINDS.map((k) => ({ value: k, label: kindLabel(ctx, k) }))}
          placeholder={t('form.all')}
        />
        <div class="field check">
          <input type="checkbox" id="inactive" name="inactive" value="1" checked={inactive} />
          <label for="inactive">{t('directory.admin.showInactive')}</label>
        </div>
        <button type="submit">{t('form.filter')}</button>
      </form>
      {items.length ? (
        <div class="table-wrap">
          <table>
            <caption class="sr-only">{t('directory.admin.agencies.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('directory.agency.name')}</th>
                <th scope="col">{t('directory.agency.kind')}</th>
                <th scope="col">{t('directory.agency.unit')}</th>
                <th scope="col">{t('directory.admin.status')}</th>
                <th scope="col">{t('directory.admin.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr>
                  <td>
                    <a href={`/quan-tri/co-quan/${a.id}`}>{agencyName(ctx, a)}</a>
                    <div class="meta">{a.code}</div>
                  </td>
                  <td>{kindLabel(ctx, a.kind)}</td>
                  <td>{a.unitName}</td>
                  <td>
                    <StatusBadge ctx={ctx} active={a.active} />
                  </td>
                  <td>
                    <ToggleForm ctx={ctx} action={`/quan-tri/co-quan/${a.id}/trang-thai`} active={a.active} label={agencyName(ctx, a)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <Empty>{t('directory.agencies.none')}</Empty>
      )}
      <Pager ctx={ctx} prev={prev} next={next} />
    </AdminShell>
  );
}

export function AgencyFormPage(props: {
  ctx: PageContext;
  agency?: Agency;
  values: FormValues;
  errors?: FormErrors;
  unitChoices: Array<{ value: string; label: string }>;
  parentChoices: Array<{ value: string | number; label: string }>;
}) {
  const { ctx, agency, values, errors = {}, unitChoices, parentChoices } = props;
  const { t } = ctx;
  const title = agency ? t('directory.admin.agencies.edit', { name: agencyName(ctx, agency) }) : t('directory.admin.agencies.new');
  const selectedInList = unitChoices.some((o) => o.value === values.unitCode);
  return (
    <AdminShell
      ctx={ctx}
      title={title}
      crumbs={[{ href: '/quan-tri/co-quan', label: t('directory.admin.agencies.title') }, { label: title }]}
    >
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="post" action={agency ? `/quan-tri/co-quan/${agency.id}` : '/quan-tri/co-quan'} novalidate>
        <CsrfField ctx={ctx} />
        <TextField name="name" label={t('directory.agency.name')} value={values.name} error={errors.name} required />
        <TextField name="nameEn" label={t('directory.agency.nameEn')} value={values.nameEn} error={errors.nameEn} hint={t('directory.admin.nameEnHint')} />
        <TextField name="shortName" label={t('directory.agency.shortName')} value={values.shortName} error={errors.shortName} />
        <TextField name="code" label={t('directory.agency.code')} value={values.code} error={errors.code} hint={t('directory.admin.codeHint')} />
        <SelectField
          name="kind"
          label={t('directory.agency.kind')}
          value={values.kind}
          options={AGENCY_KINDS.map((k) => ({ value: k, label: kindLabel(ctx, k) }))}
          placeholder={t('directory.admin.choose')}
          error={errors.kind}
          required
        />
        <fieldset class="card">
          <legend>{t('directory.agency.unit')}</legend>
          <SelectField
            name="unitCode"
            label={t('directory.admin.unitSelect')}
            value={selectedInList ? values.unitCode : ''}
            options={unitChoices}
            placeholder={t('directory.admin.choose')}
            error={errors.unitCode}
          />
          <TextField
            name="unitCodeOther"
            label={t('directory.admin.unitOther')}
            value={values.unitCodeOther ?? (selectedInList ? '' : values.unitCode)}
            hint={t('directory.admin.unitOtherHint')}
          />
        </fieldset>
        <SelectField
          name="parentId"
          label={t('directory.agency.parent')}
          value={values.parentId}
          options={parentChoices}
          placeholder={t('directory.admin.noParent')}
          error={errors.parentId}
          hint={t('directory.admin.parentHint')}
        />
        <TextField name="email" type="email" label={t('directory.agency.email')} value={values.email} error={errors.email} />
        <TextField name="phone" type="tel" label={t('directory.agency.phone')} value={values.phone} error={errors.phone} />
        <TextArea name="address" label={t('directory.agency.address')} value={values.address} error={errors.address} rows={2} />
        <p>
          <button type="submit">{t('form.save')}</button> <a href="/quan-tri/co-quan">{t('form.cancel')}</a>
        </p>
      </form>
      {agency ? (
        <p>
          <StatusBadge ctx={ctx} active={agency.active} />{' '}
          <ToggleForm ctx={ctx} action={`/quan-tri/co-quan/${agency.id}/trang-thai`} active={agency.active} label={agencyName(ctx, agency)} />
        </p>
      ) : null}
    </AdminShell>
  );
}

// Categories -------------------------------------------------------------------------------------

function MoveForm({ ctx, id, dir, label, disabled }: { ctx: PageContext; id: number; dir: 'up' | 'down'; label: string; disabled: boolean }) {
  const text = dir === 'up' ? ctx.t('directory.admin.moveUp') : ctx.t('directory.admin.moveDown');
  return (
    <form method="post" action={`/quan-tri/linh-vuc/${id}/thu-tu`} class="inline">
      <CsrfField ctx={ctx} />
      <input type="hidden" name="dir" value={dir} />
      <button type="submit" class="secondary" disabled={disabled} aria-label={`${text}: ${label}`}>
        <span aria-hidden="true">{dir === 'up' ? '↑' : '↓'}</span>
      </button>
    </form>
  );
}

function CategoryFields({ ctx, values, errors, withCode }: { ctx: PageContext; values: FormValues; errors: FormErrors; withCode: boolean }) {
  const { t } = ctx;
  return (
    <>
      {withCode ? (
        <TextField name="code" label={t('directory.category.code')} value={values.code} error={errors.code} hint={t('directory.admin.categoryCodeHint')} required />
      ) : null}
      <TextField name="name" label={t('directory.category.name')} value={values.name} error={errors.name} required />
      <TextField name="nameEn" label={t('directory.category.nameEn')} value={values.nameEn} error={errors.nameEn} hint={t('directory.admin.nameEnHint')} />
      <TextArea name="description" label={t('directory.category.description')} value={values.description} error={errors.description} rows={3} />
    </>
  );
}

export function CategoriesPage(props: { ctx: PageContext; items: Category[]; values: FormValues; errors?: FormErrors }) {
  const { ctx, items, values, errors = {} } = props;
  const { t } = ctx;
  const name = (c: Category) => (ctx.locale === 'en' ? c.nameEn : c.name);
  return (
    <AdminShell ctx={ctx} title={t('directory.admin.categories.title')}>
      <p>{t('directory.admin.categories.lead')}</p>
      {items.length ? (
        <div class="table-wrap">
          <table>
            <caption class="sr-only">{t('directory.admin.categories.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('directory.admin.order')}</th>
                <th scope="col">{t('directory.category.name')}</th>
                <th scope="col">{t('directory.category.code')}</th>
                <th scope="col">{t('directory.admin.status')}</th>
                <th scope="col">{t('directory.admin.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c, i) => (
                <tr>
                  <td>
                    <MoveForm ctx={ctx} id={c.id} dir="up" label={name(c)} disabled={i === 0} />{' '}
                    <MoveForm ctx={ctx} id={c.id} dir="down" label={name(c)} disabled={i === items.length - 1} />
                  </td>
                  <td>
                    <a href={`/quan-tri/linh-vuc/${c.id}`}>{name(c)}</a>
                    {c.description ? <div class="meta">{c.description}</div> : null}
                  </td>
                  <td>{c.code}</td>
                  <td>
                    <StatusBadge ctx={ctx} active={c.active} />
                  </td>
                  <td>
                    <ToggleForm ctx={ctx} action={`/quan-tri/linh-vuc/${c.id}/trang-thai`} active={c.active} label={name(c)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <Empty>{t('directory.admin.categories.none')}</Empty>
      )}
      <section aria-labelledby="new-category" class="card">
        <h2 id="new-category">{t('directory.admin.categories.new')}</h2>
        <ErrorSummary ctx={ctx} errors={errors} />
        <form method="post" action="/quan-tri/linh-vuc" novalidate>
          <CsrfField ctx={ctx} />
          <CategoryFields ctx={ctx} values={values} errors={errors} withCode={true} />
          <button type="submit">{t('directory.admin.add')}</button>
        </form>
      </section>
    </AdminShell>
  );
}

export function CategoryFormPage(props: { ctx: PageContext; category: Category; values: FormValues; errors?: FormErrors }) {
  const { ctx, category, values, errors = {} } = props;
  const { t } = ctx;
  const title = t('directory.admin.categories.edit', { name: ctx.locale === 'en' ? category.nameEn : category.name });
  return (
    <AdminShell ctx={ctx} title={title} crumbs={[{ href: '/quan-tri/linh-vuc', label: t('directory.admin.categories.title') }, { label: title }]}>
      <ErrorSummary ctx={ctx} errors={errors} />
      <p class="meta">
        {t('directory.category.code')}: {category.code}
      </p>
      <form method="post" action={`/quan-tri/linh-vuc/${category.id}`} novalidate>
        <CsrfField ctx={ctx} />
        <CategoryFields ctx={ctx} values={values} errors={errors} withCode={false} />
        <p>
          <button type="submit">{t('form.save')}</button> <a href="/quan-tri/linh-vuc">{t('form.cancel')}</a>
        </p>
      </form>
    </AdminShell>
  );
}

// Villages ---------------------------------------------------------------------------------------

const villageKindOptions = (ctx: PageContext) => VILLAGE_KIND_KEYS.map((k) => ({ value: k, label: ctx.t(`directory.villageKind.${k}`) }));

export function VillagesPage(props: {
  ctx: PageContext;
  communeChoices: Array<{ value: string; label: string }>;
  commune: Unit | null;
  communeCode: string;
  communeError?: string;
  villages: Unit[];
  values: FormValues;
  errors?: FormErrors;
}) {
  const { ctx, communeChoices, commune, communeCode, communeError, villages, values, errors = {} } = props;
  const { t } = ctx;
  const inList = communeChoices.some((c) => c.value === communeCode);
  return (
    <AdminShell ctx={ctx} title={t('directory.admin.villages.title')}>
      <p>{t('directory.admin.villages.lead')}</p>
      <form method="get" action="/quan-tri/don-vi" class="filters">
        <SelectField
          name="commune"
          label={t('directory.admin.villages.commune')}
          value={inList ? communeCode : ''}
          options={communeChoices}
          placeholder={t('directory.admin.choose')}
          error={communeError}
        />
        <TextField
          name="communeOther"
          label={t('directory.admin.villages.communeOther')}
          value={inList ? '' : communeCode}
        />
        <button type="submit">{t('directory.admin.villages.show')}</button>
      </form>
      {commune ? (
        <>
          <h2>{t('directory.admin.villages.of', { name: unitName(ctx, commune) })}</h2>
          {villages.length ? (
            <div class="table-wrap">
              <table>
                <caption class="sr-only">{t('directory.admin.villages.of', { name: unitName(ctx, commune) })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('directory.unit.code')}</th>
                    <th scope="col">{t('directory.village.name')}</th>
                    <th scope="col">{t('directory.village.kind')}</th>
                    <th scope="col">{t('directory.admin.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {villages.map((v) => (
                    <tr>
                      <td>{v.code}</td>
                      <td>
                        <a href={`/don-vi/${v.code}`}>{unitName(ctx, v)}</a>
                      </td>
                      <td>{ctx.locale === 'en' ? v.kindEn : v.kind}</td>
                      <td>
                        <a href={`/quan-tri/don-vi/${v.code}`} aria-label={`${t('directory.admin.rename')}: ${unitName(ctx, v)}`}>
                          {t('directory.admin.rename')}
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <Empty>{t('directory.admin.villages.none')}</Empty>
          )}
          <section aria-labelledby="new-village" class="card">
            <h2 id="new-village">{t('directory.admin.villages.new')}</h2>
            <ErrorSummary ctx={ctx} errors={errors} />
            <form method="post" action="/quan-tri/don-vi" novalidate>
              <CsrfField ctx={ctx} />
              <input type="hidden" name="parentCode" value={commune.code} />
              <VillageFields ctx={ctx} values={values} errors={errors} />
              <button type="submit">{t('directory.admin.add')}</button>
            </form>
          </section>
        </>
      ) : null}
    </AdminShell>
  );
}

function VillageFields({ ctx, values, errors }: { ctx: PageContext; values: FormValues; errors: FormErrors }) {
  const { t } = ctx;
  return (
    <>
      <SelectField name="kind" label={t('directory.village.kind')} value={values.kind} options={villageKindOptions(ctx)} error={errors.kind} required />
      <TextField name="name" label={t('directory.village.name')} value={values.name} error={errors.name ?? errors.parentCode} hint={t('directory.admin.villageNameHint')} required />
      <TextField name="nameEn" label={t('directory.village.nameEn')} value={values.nameEn} error={errors.nameEn} hint={t('directory.admin.villageNameEnHint')} />
    </>
  );
}

export function VillageFormPage(props: { ctx: PageContext; village: Unit; commune: Unit | null; values: FormValues; errors?: FormErrors }) {
  const { ctx, village, commune, values, errors = {} } = props;
  const { t } = ctx;
  const title = t('directory.admin.villages.edit', { name: unitName(ctx, village) });
  const back = `/quan-tri/don-vi?commune=${encodeURIComponent(village.parentCode ?? '')}`;
  return (
    <AdminShell
      ctx={ctx}
      title={title}
      crumbs={[
        { href: '/quan-tri/don-vi', label: t('directory.admin.villages.title') },
        ...(commune ? [{ href: back, label: unitName(ctx, commune) }] : []),
        { label: title },
      ]}
    >
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="post" action={`/quan-tri/don-vi/${village.code}`} novalidate>
        <CsrfField ctx={ctx} />
        <VillageFields ctx={ctx} values={values} errors={errors} />
        <p>
          <button type="submit">{t('form.save')}</button> <a href={back}>{t('form.cancel')}</a>
        </p>
      </form>
    </AdminShell>
  );
}

/** The form values of a stored village (for the edit form). */
export function villageValues(v: Unit): FormValues {
  return { kind: villageKindOf(v.kind) ?? 'ban', name: v.name, nameEn: v.nameEn };
}

