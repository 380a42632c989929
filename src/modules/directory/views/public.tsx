import { Layout } from '../../../platform/ui/layout';
import { Breadcrumbs, Empty, Highlighted, Pager, SelectField } from '../../../platform/ui/components';
import type { PageContext } from '../../../platform/ui/page-context';
import { highlightParts, searchTerms } from '../../../platform/text/text';
import { AGENCY_KINDS, type Agency, type Unit, type UnitDetail } from '../model';
import type { UnitHit } from '../service';
import { BoundaryMap } from './boundary';
import { agencyName, kindLabel, levelLabel, unitName } from './common';

function SearchBox({ ctx, action, q, label, id = 'q' }: { ctx: PageContext; action: string; q: string; label: string; id?: string }) {
  return (
    <form method="get" action={action} role="search" class="filters">
      <div class="field">
        <label for={id}>{label}</label>
        <input type="search" id={id} name="q" value={q} aria-describedby={`${id}-hint`} maxLength={100} />
        <p class="hint" id={`${id}-hint`}>
          {ctx.t('directory.search.hint')}
        </p>
      </div>
      <button type="submit">{ctx.t('form.search')}</button>
    </form>
  );
}

function Hl({ text, q }: { text: string; q: string }) {
  return <Highlighted parts={highlightParts(text, searchTerms(q))} />;
}

export function UnitsPage(props: {
  ctx: PageContext;
  q: string;
  provinces: Unit[];
  homeCode: string;
  counts: Map<string, number>;
  results: { units: UnitHit[]; agencies: Agency[] } | null;
}) {
  const { ctx, q, provinces, homeCode, counts, results } = props;
  const { t } = ctx;
  const home = provinces.find((p) => p.code === homeCode);
  const ordered = home ? [home, ...provinces.filter((p) => p.code !== homeCode)] : provinces;
  return (
    <Layout ctx={ctx} title={t('directory.units.title')} description={t('directory.units.lead')}>
      <h1>{t('directory.units.title')}</h1>
      <p class="lead">{t('directory.units.lead')}</p>
      <SearchBox ctx={ctx} action="/don-vi" q={q} label={t('directory.search.label')} />
      {results ? (
        <SearchResults ctx={ctx} q={q} results={results} />
      ) : (
        <>
          {home ? (
            <section class="card" aria-labelledby="home-province">
              <h2 id="home-province">
                <a href={`/don-vi/${home.code}`}>{unitName(ctx, home)}</a> <span class="badge ok">{t('directory.units.homeBadge')}</span>
              </h2>
              <p>{t('directory.units.homeLead', { n: counts.get(home.code) ?? 0 })}</p>
            </section>
          ) : null}
          <section aria-labelledby="all-provinces">
            <h2 id="all-provinces">{t('directory.units.provinces', { n: provinces.length })}</h2>
            <ul class="list grid grid-3">
              {ordered.map((p) => (
                <li>
                  <a href={`/don-vi/${p.code}`}>
                    {p.code === homeCode ? <strong>{unitName(ctx, p)}</strong> : unitName(ctx, p)}
                  </a>
                  {p.code === homeCode ? (
                    <>
                      {' '}
                      <span class="badge ok">{t('directory.units.homeBadge')}</span>
                    </>
                  ) : null}
                  <div class="meta">{t('directory.units.communeCount', { n: counts.get(p.code) ?? 0 })}</div>
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </Layout>
  );
}

function SearchResults({ ctx, q, results }: { ctx: PageContext; q: string; results: { units: UnitHit[]; agencies: Agency[] } }) {
  const { t } = ctx;
  if (!results.units.length && !results.agencies.length) {
    return (
      <section aria-live="polite">
        <h2>{t('directory.search.results')}</h2>
        <Empty>{t('directory.search.none', { q })}</Empty>
      </section>
    );
  }
  return (
    <>
      <section aria-labelledby="found-units">
        <h2 id="found-units">{t('directory.search.units', { n: results.units.length })}</h2>
        {results.units.length ? (
          <ul class="list">
            {results.units.map((u) => (
              <li>
                <a href={`/don-vi/${u.code}`}>
                  <Hl text={unitName(ctx, u)} q={q} />
                </a>
                <div class="meta">
                  {levelLabel(ctx, u)}
                  {u.ancestors.length ? ` · ${u.ancestors.map((a) => unitName(ctx, a)).join(', ')}` : ''}
                </div>
              </li>
            ))}
          </ul>
        ) : (
          <Empty>{t('directory.search.noUnits')}</Empty>
        )}
      </section>
      <section aria-labelledby="found-agencies">
        <h2 id="found-agencies">{t('directory.search.agencies', { n: results.agencies.length })}</h2>
        {results.agencies.length ? (
          <ul class="list">
            {results.agencies.map((a) => (
              <li>
                <a href={`/co-quan/${a.id}`}>
                  <Hl text={agencyName(ctx, a)} q={q} />
                </a>
                <div class="meta">
                  {kindLabel(ctx, a.kind)} · {a.unitName}
                </div>
              </li>
            ))}
          </ul>
        ) : (
          <Empty>{t('directory.search.noAgencies')}</Empty>
        )}
      </section>
    </>
  );
}

function AgencyList({ ctx, agencies }: { ctx: PageContext; agencies: Agency[] }) {
  return (
    <ul class="list">
      {agencies.map((a) => (
        <li>
          <a href={`/co-quan/${a.id}`}>{agencyName(ctx, a)}</a>
          <div class="meta">{kindLabel(ctx, a.kind)}</div>
        </li>
      ))}
    </ul>
  );
}

export function UnitPage(props: {
  ctx: PageContext;
  detail: UnitDetail;
  grandparent: Unit | null;
  agencies: Agency[];
  q: string;
  children: Unit[];
  neighbourNames: Map<string, string>;
}) {
  const { ctx, detail, grandparent, agencies, q, children, neighbourNames } = props;
  const { t } = ctx;
  const { unit, parent } = detail;
  const name = unitName(ctx, unit);
  const crumbs: Array<{ href?: string; label: string }> = [{ href: '/don-vi', label: t('directory.units.title') }];
  if (grandparent) crumbs.push({ href: `/don-vi/${grandparent.code}`, label: unitName(ctx, grandparent) });
  if (parent) crumbs.push({ href: `/don-vi/${parent.code}`, label: unitName(ctx, parent) });
  crumbs.push({ label: name });
  const childHeading =
    unit.level === 'province' ? 'directory.unit.communes' : unit.level === 'commune' ? 'directory.unit.villages' : null;
  const info = (
    <div>
      <dl class="card">
        <dt>{t('directory.unit.level')}</dt>
        <dd>{levelLabel(ctx, unit)}</dd>
        <dt>{t('directory.unit.code')}</dt>
        <dd>{unit.code}</dd>
        {parent ? (
          <>
            <dt>{t('directory.unit.parent')}</dt>
            <dd>
              <a href={`/don-vi/${parent.code}`}>{unitName(ctx, parent)}</a>
              {grandparent ? (
                <>
                  {', '}
                  <a href={`/don-vi/${grandparent.code}`}>{unitName(ctx, grandparent)}</a>
                </>
              ) : null}
            </dd>
          </>
        ) : null}
        <dt>{ctx.locale === 'en' ? t('directory.unit.nameVi') : t('directory.unit.nameEn')}</dt>
        <dd lang={ctx.locale === 'en' ? 'vi' : 'en'}>{ctx.locale === 'en' ? unit.fullName : unit.fullNameEn}</dd>
      </dl>
    </div>
  );
  const map = unit.level === 'commune' ? <BoundaryMap ctx={ctx} code={unit.code} name={name} names={neighbourNames} /> : null;
  return (
    <Layout ctx={ctx} title={name}>
      <Breadcrumbs ctx={ctx} items={crumbs} />
      <h1>{name}</h1>
      {map ? (
        <div class="grid grid-2">
          {info}
          {map}
        </div>
      ) : (
        info
      )}
      <section aria-labelledby="unit-agencies">
        <h2 id="unit-agencies">{t('directory.unit.agencies', { n: agencies.length })}</h2>
        {agencies.length ? <AgencyList ctx={ctx} agencies={agencies} /> : <Empty>{t('directory.unit.noAgencies')}</Empty>}
        <p>
          <a href={`/co-quan?unit=${encodeURIComponent(unit.code)}`}>{t('directory.unit.agenciesLink')}</a>
        </p>
      </section>
      {childHeading ? (
        <section aria-labelledby="unit-children">
          <h2 id="unit-children">{t(childHeading, { n: detail.children.length })}</h2>
          {unit.level === 'province' && detail.children.length > 12 ? (
            <SearchBox ctx={ctx} action={`/don-vi/${unit.code}`} q={q} label={t('directory.unit.filterChildren')} id="child-q" />
          ) : null}
          {children.length ? (
            <ul class="list grid grid-3">
              {children.map((c) => (
                <li>
                  <a href={`/don-vi/${c.code}`}>{q ? <Hl text={unitName(ctx, c)} q={q} /> : unitName(ctx, c)}</a>
                </li>
              ))}
            </ul>
          ) : (
            <Empty>{q ? t('directory.search.none', { q }) : t('directory.unit.noChildren')}</Empty>
          )}
        </section>
      ) : null}
    </Layout>
  );
}

export function AgenciesPage(props: {
  ctx: PageContext;
  q: string;
  unit: string;
  kind: string;
  unitChoices: Array<{ value: string; label: string }>;
  items: Agency[];
  prev: string | null;
  next: string | null;
  kindError?: string;
}) {
  const { ctx, q, unit, kind, unitChoices, items, prev, next, kindError } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('directory.agencies.title')}>
      <h1>{t('directory.agencies.title')}</h1>
      <p class="lead">{t('directory.agencies.lead')}</p>
      <form method="get" action="/co-quan" role="search" class="filters">
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
          error={kindError}
        />
        <button type="submit">{t('form.filter')}</button>
      </form>
      {items.length ? (
        <ul class="list">
          {items.map((a) => (
            <li>
              <a href={`/co-quan/${a.id}`}>{q ? <Hl text={agencyName(ctx, a)} q={q} /> : agencyName(ctx, a)}</a>
              <div class="meta">
                {kindLabel(ctx, a.kind)} · <a href={`/don-vi/${a.unitCode}`}>{a.unitName}</a>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <Empty>{t('directory.agencies.none')}</Empty>
      )}
      <Pager ctx={ctx} prev={prev} next={next} />
    </Layout>
  );
}

export function AgencyPage(props: { ctx: PageContext; agency: Agency; parent: Agency | null; children: Agency[] }) {
  const { ctx, agency, parent, children } = props;
  const { t } = ctx;
  const name = agencyName(ctx, agency);
  return (
    <Layout ctx={ctx} title={name}>
      <Breadcrumbs
        ctx={ctx}
        items={[
          { href: '/co-quan', label: t('directory.agencies.title') },
          { label: name },
        ]}
      />
      <h1>{name}</h1>
      {!agency.active ? <p class="badge warn">{t('directory.agency.inactive')}</p> : null}
      <dl class="card">
        <dt>{t('directory.agency.kind')}</dt>
        <dd>{kindLabel(ctx, agency.kind)}</dd>
        {agency.shortName ? (
          <>
            <dt>{t('directory.agency.shortName')}</dt>
            <dd>{agency.shortName}</dd>
          </>
        ) : null}
        <dt>{ctx.locale === 'en' ? t('directory.agency.nameVi') : t('directory.agency.nameEn')}</dt>
        <dd lang={ctx.locale === 'en' ? 'vi' : 'en'}>{ctx.locale === 'en' ? agency.name : agency.nameEn}</dd>
        <dt>{t('directory.agency.unit')}</dt>
        <dd>
          <a href={`/don-vi/${agency.unitCode}`}>{agency.unitName}</a>
        </dd>
        {parent ? (
          <>
            <dt>{t('directory.agency.parent')}</dt>
            <dd>
              <a href={`/co-quan/${parent.id}`}>{agencyName(ctx, parent)}</a>
            </dd>
          </>
        ) : null}
        <dt>{t('directory.agency.code')}</dt>
        <dd>{agency.code}</dd>
        {agency.address ? (
          <>
            <dt>{t('directory.agency.address')}</dt>
            <dd>{agency.address}</dd>
          </>
        ) : null}
        {agency.phone ? (
          <>
            <dt>{t('directory.agency.phone')}</dt>
            <dd>
              <a href={`tel:${agency.phone.replace(/[^0-9+]/g, '')}`}>{agency.phone}</a>
            </dd>
          </>
        ) : null}
        {agency.email ? (
          <>
            <dt>{t('directory.agency.email')}</dt>
            <dd>
              <a href={`mailto:${agency.email}`}>{agency.email}</a>
            </dd>
          </>
        ) : null}
      </dl>
      {children.length ? (
        <section aria-labelledby="agency-children">
          <h2 id="agency-children">{t('directory.agency.children', { n: children.length })}</h2>
          <AgencyList ctx={ctx} agencies={children} />
        </section>
      ) : null}
    </Layout>
  );
}
