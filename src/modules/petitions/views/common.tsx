import type { ComponentChildren } from 'preact';
import type { PageContext } from '../../../platform/ui/page-context';
import { DateText, describedBy, FieldNotes, Highlighted } from '../../../platform/ui/components';
import { highlightParts } from '../../../platform/text/text';
import type { DueState, PetitionListItem, PetitionState } from '../model';

/** The form's values to show again and the messages beside its fields. */
export type Values = Record<string, string | string[] | undefined>;
export type Errors = Record<string, string>;

export function val(v: Values | undefined, k: string): string {
  const x = v?.[k];
  return Array.isArray(x) ? (x[x.length - 1] ?? '') : (x ?? '');
}

const STATUS_TONE: Partial<Record<PetitionState, string>> = {
  answered: 'ok',
  closed: 'ok',
  directed: 'ok',
  reopened: 'warn',
  withdrawn: '',
  merged: '',
};

export function StatusBadge({ ctx, status }: { ctx: PageContext; status: PetitionState }) {
  return <span class={`badge status ${STATUS_TONE[status] ?? ''}`}>{ctx.t(`petitions.status.${status}`)}</span>;
}

/** "Quá hạn" / "Sắp đến hạn" (nothing when on time). */
export function DueBadge({ ctx, due }: { ctx: PageContext; due: DueState }) {
  if (due === 'ok') return null;
  return <span class={`badge ${due === 'overdue' ? 'danger' : 'warn'}`}>{ctx.t(`petitions.due.${due}`)}</span>;
}

export function FlagBadges({ ctx, keoDai, vuotCap }: { ctx: PageContext; keoDai: boolean; vuotCap: boolean }) {
  return (
    <>
      {keoDai ? <span class="badge danger">{ctx.t('petitions.flag.keo_dai')}</span> : null}
      {vuotCap ? <span class="badge warn">{ctx.t('petitions.flag.vuot_cap')}</span> : null}
    </>
  );
}

export function Badges({ children }: { children: ComponentChildren }) {
  return <span class="badges">{children}</span>;
}

/** One petition in a list: code, title (highlighted when searching), badges, where and when. */
export function PetitionItem({
  ctx,
  item,
  terms = [],
  showAnswer,
  showPetitioner,
  select,
}: {
  ctx: PageContext;
  item: PetitionListItem & { answerExcerpt?: string | null };
  terms?: string[];
  showAnswer?: boolean;
  showPetitioner?: boolean;
  /** A checkbox (bulk actions) of the given form. */
  select?: { form: string; name: string };
}) {
  const { t } = ctx;
  const titleId = `p-${item.id}`;
  return (
    <li class="petition-item">
      {select ? (
        <input
          type="checkbox"
          class="select"
          name={select.name}
          value={String(item.id)}
          form={select.form}
          aria-label={t('petitions.page.item.select', { code: item.code })}
        />
      ) : null}
      <div>
        <h3 id={titleId}>
          <a href={`/kien-nghi/${item.code}`}>
            <Highlighted parts={highlightParts(item.title, terms)} />
          </a>
        </h3>
        <p class="badges">
          <span class="code">{item.code}</span> <span class="badge">{t(`petitions.kind.${item.kind}`)}</span>{' '}
          <StatusBadge ctx={ctx} status={item.status} /> <DueBadge ctx={ctx} due={item.dueState} />{' '}
          <FlagBadges ctx={ctx} keoDai={item.keoDai} vuotCap={item.vuotCap} />
          {item.track === 'legal' ? <span class="badge">{t('petitions.page.legal.badge')}</span> : null}
        </p>
        <p class="excerpt">
          <Highlighted parts={highlightParts(item.excerpt, terms)} />
        </p>
        {showAnswer && item.answerExcerpt ? (
          <p class="answer-excerpt">
            <strong>{t('petitions.page.item.answer')}: </strong>
            <Highlighted parts={highlightParts(item.answerExcerpt, terms)} />
          </p>
        ) : null}
        <p class="meta">
          {item.unitName} · {t('petitions.page.item.agency')}: {item.agencyName}
          {item.categoryName ? ` · ${item.categoryName}` : ''} · {t('petitions.page.item.submitted')}{' '}
          <DateText value={item.submittedAt} />
          {item.answeredAt ? (
            <>
              {' · '}
              {t('petitions.page.item.answered')} <DateText value={item.answeredAt} />
            </>
          ) : item.replyDue ? (
            <>
              {' · '}
              {t('petitions.page.item.due')} <DateText value={item.replyDue} />
            </>
          ) : null}
          {item.peopleCount > 1 ? ` · ${t('petitions.page.item.people', { count: item.peopleCount })}` : ''}
          {item.rating ? ` · ${t('petitions.page.item.rating', { score: item.rating })}` : ''}
          {showPetitioner && item.petitionerName ? ` · ${t('petitions.page.item.petitioner')}: ${item.petitionerName}` : ''}
        </p>
      </div>
    </li>
  );
}

/** A radio group in a fieldset with a legend (for kind, visibility, score). */
export function RadioGroup({
  name,
  legend,
  options,
  value,
  error,
  required,
}: {
  name: string;
  legend: string;
  options: Array<{ value: string; label: string; hint?: string }>;
  value?: string;
  error?: string;
  required?: boolean;
}) {
  return (
    <fieldset class={`field radios${error ? ' has-error' : ''}`} id={name} aria-describedby={error ? `${name}-error` : undefined}>
      <legend>
        {legend}
        {required ? <span aria-hidden="true"> *</span> : null}
      </legend>
      {options.map((o, i) => (
        <div class="radio">
          <input
            type="radio"
            id={`${name}-${i}`}
            name={name}
            value={o.value}
            checked={o.value === value}
            required={required}
            aria-describedby={o.hint ? `${name}-${i}-hint` : undefined}
          />
          <label for={`${name}-${i}`}>{o.label}</label>
          {o.hint ? (
            <p class="hint" id={`${name}-${i}-hint`}>
              {o.hint}
            </p>
          ) : null}
        </div>
      ))}
      {error ? (
        <p class="field-error" id={`${name}-error`}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/**
 * Input-only attributes (maxLength, min, max, autocomplete, inputMode…) for the platform's TextField,
 * whose props type does not list them; they reach the <input> unchanged.
 */
export function attrs(a: import('preact').JSX.InputHTMLAttributes<HTMLInputElement> & Record<`data-${string}`, string>): {} {
  return a;
}

interface IdFieldBase {
  /** The element id (unique on the page), when several forms share field names. */
  id: string;
  name: string;
  label: string;
  error?: string;
  hint?: string;
  required?: boolean;
}

function Label({ id, label, required }: { id: string; label: string; required?: boolean }) {
  return (
    <label for={id}>
      {label}
      {required ? <span aria-hidden="true"> *</span> : null}
    </label>
  );
}

/** The platform's field components with an id of their own (the action forms of the detail page share names). */
export function IdText(props: IdFieldBase & { value?: string; type?: string; extra?: {} }) {
  const { id, name, label, error, hint, required, value, type = 'text', extra } = props;
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <Label id={id} label={label} required={required} />
      <input id={id} name={name} type={type} value={value ?? ''} required={required} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(id, hint, error)} {...extra} />
      <FieldNotes name={id} hint={hint} error={error} />
    </div>
  );
}

export function IdArea(props: IdFieldBase & { value?: string; rows?: number }) {
  const { id, name, label, error, hint, required, value, rows = 4 } = props;
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <Label id={id} label={label} required={required} />
      <textarea id={id} name={name} rows={rows} required={required} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(id, hint, error)}>
        {value ?? ''}
      </textarea>
      <FieldNotes name={id} hint={hint} error={error} />
    </div>
  );
}

export function IdSelect(props: IdFieldBase & { value?: string; options: Array<{ value: string | number; label: string }>; placeholder?: string }) {
  const { id, name, label, error, hint, required, value, options, placeholder } = props;
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <Label id={id} label={label} required={required} />
      <select id={id} name={name} required={required} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(id, hint, error)}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option value={o.value} selected={String(o.value) === String(value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldNotes name={id} hint={hint} error={error} />
    </div>
  );
}
