import type { JSX } from 'preact';
import type { PageContext } from '../../../platform/ui/page-context';
import type { Unit } from '../../directory/model';

export type Errors = Record<string, string> | undefined;
export type Values = Record<string, string | undefined>;

/** The communes of the province, grouped by kind (Phường, Xã, …) in optgroups: works without JavaScript. */
export function CommuneSelect({
  ctx,
  communes,
  value,
  error,
  required,
  name = 'unitCode',
}: {
  ctx: PageContext;
  communes: Unit[];
  value?: string | null;
  error?: string;
  required?: boolean;
  name?: string;
}) {
  const groups = new Map<string, Unit[]>();
  for (const u of communes) {
    const label = ctx.locale === 'en' ? u.kindEn : u.kind;
    if (!groups.has(label)) groups.set(label, []);
    groups.get(label)!.push(u);
  }
  const collator = new Intl.Collator('vi');
  const sorted = [...groups.entries()].sort((a, b) => collator.compare(a[0], b[0]));
  const describedBy = ['unitCode-hint', error ? `${name}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={name}>
        {ctx.t('accounts.field.commune')}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <select id={name} name={name} required={required} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy}>
        <option value="">{ctx.t('accounts.commune.choose')}</option>
        {sorted.map(([label, units]) => (
          <optgroup label={label}>
            {units
              .slice()
              .sort((a, b) => collator.compare(a.name, b.name))
              .map((u) => (
                <option value={u.code} selected={u.code === (value ?? '')}>
                  {ctx.locale === 'en' ? u.nameEn : u.name}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
      <p class="hint" id="unitCode-hint">
        {ctx.t('accounts.hint.commune')}
      </p>
      {error ? (
        <p class="field-error" id={`${name}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A message at the top of a form (e.g. wrong sign-in details), announced to screen readers. */
export function FormAlert({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <div class="error-summary" role="alert">
      <p>{message}</p>
    </div>
  );
}

/**
 * Input-only attributes (autocomplete, inputMode, maxLength, readOnly, autoFocus) for the platform's
 * TextField, whose props type (HTMLAttributes) does not list them; they reach the <input> unchanged.
 */
export function inputAttrs(a: JSX.InputHTMLAttributes<HTMLInputElement>): {} {
  return a;
}
