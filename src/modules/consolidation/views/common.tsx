import type { PageContext } from '../../../platform/ui/page-context';
import { DateText, withQuery } from '../../../platform/ui/components';
import type { TopicItem, TopicSummary } from '../model';

export interface Scope {
  unitCode: string;
  unitName: string;
  period: string;
  periodLabel: string;
  canEdit: boolean;
}

export const scopeQuery = (s: Scope) => ({ unit: s.unitCode, period: s.period });
export const BASE = '/tong-hop';

/** The unit and period picker (GET, works without JavaScript). */
export function ScopeForm({ ctx, scope, units, periods, action = BASE }: { ctx: PageContext; scope: Scope; units: Array<{ code: string; name: string }>; periods: Array<{ value: string; label: string }>; action?: string }) {
  const { t } = ctx;
  return (
    <form method="get" action={action} class="filters">
      <div class="field">
        <label for="unit">{t('consolidation.field.unit')}</label>
        <select id="unit" name="unit">
          {units.map((u) => (
            <option value={u.code} selected={u.code === scope.unitCode}>
              {u.name}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="period">{t('consolidation.field.period')}</label>
        <select id="period" name="period">
          {periods.map((p) => (
            <option value={p.value} selected={p.value === scope.period}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <button type="submit">{t('consolidation.action.show')}</button>
      </div>
    </form>
  );
}

export function PressingBadge({ ctx, topic }: { ctx: PageContext; topic: TopicSummary }) {
  if (!topic.pressing) return null;
  return (
    <span class="badge warn" title={topic.pressingRules.map((r) => ctx.t(`consolidation.rule.${r}`)).join('; ')}>
      {ctx.t('consolidation.pressing')}: {ctx.t(`consolidation.rule.${topic.pressingRule}`)}
    </span>
  );
}

/** Items with a checkbox each (name petitionIds), for the forms around them. */
export function ItemsTable({ ctx, items, prefix, selectable = true }: { ctx: PageContext; items: TopicItem[]; prefix: string; selectable?: boolean }) {
  const { t } = ctx;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            {selectable ? <th scope="col">{t('consolidation.column.choose')}</th> : null}
            <th scope="col">{t('consolidation.column.code')}</th>
            <th scope="col">{t('consolidation.column.text')}</th>
            <th scope="col">{t('consolidation.column.village')}</th>
            <th scope="col">{t('consolidation.column.source')}</th>
            <th scope="col">{t('consolidation.column.peopleCount')}</th>
            <th scope="col">{t('consolidation.column.date')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((it) => (
            <tr>
              {selectable ? (
                <td>
                  <input type="checkbox" id={`${prefix}-${it.petitionId}`} name="petitionIds" value={String(it.petitionId)} />
                  <label for={`${prefix}-${it.petitionId}`} class="sr-only">
                    {t('consolidation.column.choose')} {it.code}
                  </label>
                </td>
              ) : null}
              <td>
                <a href={`/kien-nghi/${encodeURIComponent(it.code)}`}>{it.code}</a>
              </td>
              <td>
                <strong>{it.title}</strong>
                <br />
                <span class="muted">{it.content.length > 240 ? `${it.content.slice(0, 240)}…` : it.content}</span>
              </td>
              <td>{it.address ?? ''}</td>
              <td>{it.organisation ?? t(`consolidation.channel.${it.channel}`)}</td>
              <td>{it.peopleCount}</td>
              <td>
                <DateText value={it.submittedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function DossierLinks({ ctx, scope }: { ctx: PageContext; scope: Scope }) {
  return (
    <p class="actions">
      <a class="button secondary" href={withQuery(`${BASE}/ho-so.docx`, scopeQuery(scope))}>
        {ctx.t('consolidation.dossier.docx')}
      </a>{' '}
      <a class="button secondary" href={withQuery(`${BASE}/ho-so.xlsx`, scopeQuery(scope))}>
        {ctx.t('consolidation.dossier.xlsx')}
      </a>
    </p>
  );
}
