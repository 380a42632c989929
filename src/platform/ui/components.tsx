import type { ComponentChildren, JSX } from 'preact';
import { formatDate, formatDateTime, isoDate } from '../i18n/i18n';
import type { PageContext } from './page-context';

type InputProps = JSX.HTMLAttributes<HTMLInputElement>;

interface FieldBase {
  name: string;
  label: string;
  error?: string;
  hint?: string;
  required?: boolean;
}

/** Ids for a field's hint and error, so that aria-describedby names both. */
export function describedBy(name: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/** A field's hint and error beneath it, with the ids describedBy() names. */
export function FieldNotes({ name, hint, error }: { name: string; hint?: string; error?: string }) {
  return (
    <>
      {hint ? (
        <p class="hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`${name}-error`}>
          {error}
        </p>
      ) : null}
    </>
  );
}

export function TextField(props: FieldBase & { value?: string | number | null; type?: string } & Omit<InputProps, 'value' | 'type'>) {
  const { name, label, error, hint, required, value, type = 'text', ...rest } = props;
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={name}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <input
        id={name}
        name={name}
        type={type}
        value={value ?? ''}
        required={required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(name, hint, error)}
        {...rest}
      />
      <FieldNotes name={name} hint={hint} error={error} />
    </div>
  );
}

export function TextArea(
  props: FieldBase & { value?: string | null; rows?: number } & Omit<JSX.HTMLAttributes<HTMLTextAreaElement>, 'value'>,
) {
  const { name, label, error, hint, required, value, rows = 6, ...rest } = props;
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={name}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <textarea
        id={name}
        name={name}
        rows={rows}
        required={required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(name, hint, error)}
        {...rest}
      >
        {value ?? ''}
      </textarea>
      <FieldNotes name={name} hint={hint} error={error} />
    </div>
  );
}

export function SelectField(
  props: FieldBase & {
    value?: string | number | null;
    options: Array<{ value: string | number; label: string }>;
    placeholder?: string;
  } & Omit<JSX.HTMLAttributes<HTMLSelectElement>, 'value'>,
) {
  const { name, label, error, hint, required, value, options, placeholder, ...rest } = props;
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={name}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <select
        id={name}
        name={name}
        required={required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(name, hint, error)}
        {...rest}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option value={o.value} selected={String(o.value) === String(value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldNotes name={name} hint={hint} error={error} />
    </div>
  );
}

export function Checkbox(props: { name: string; label: string; checked?: boolean; value?: string; hint?: string }) {
  return (
    <div class="field check">
      <input type="checkbox" id={props.name} name={props.name} value={props.value ?? 'on'} checked={props.checked} />
      <label for={props.name}>{props.label}</label>
      {props.hint ? <p class="hint">{props.hint}</p> : null}
    </div>
  );
}

export function CsrfField({ ctx }: { ctx: PageContext }) {
  return <input type="hidden" name="_csrf" value={ctx.csrf} />;
}

/** A summary of errors at the top of a form, linking to each field. */
export function ErrorSummary({ ctx, errors }: { ctx: PageContext; errors?: Record<string, string> }) {
  if (!errors || Object.keys(errors).length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1}>
      <h2>{ctx.t('form.errorSummary')}</h2>
      <ul>
        {Object.entries(errors).map(([field, msg]) => (
          <li>
            <a href={`#${field}`}>{msg}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function DateText({ value, withTime }: { value: Date | string | null | undefined; withTime?: boolean }) {
  if (!value) return null;
  return <time dateTime={isoDate(value)}>{withTime ? formatDateTime(value) : formatDate(value)}</time>;
}

export function PageHeader({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="page-header">
      <h1>{title}</h1>
      {children}
    </div>
  );
}

export function Breadcrumbs({ ctx, items }: { ctx: PageContext; items: Array<{ href?: string; label: string }> }) {
  return (
    <nav aria-label={ctx.t('layout.breadcrumbs')} class="breadcrumbs">
      <ol>
        {items.map((i) => (
          <li>{i.href ? <a href={i.href}>{i.label}</a> : <span aria-current="page">{i.label}</span>}</li>
        ))}
      </ol>
    </nav>
  );
}

/** Previous/next links that keep the current filters (cursor or page based). */
export function Pager({ ctx, prev, next }: { ctx: PageContext; prev?: string | null; next?: string | null }) {
  if (!prev && !next) return null;
  return (
    <nav class="pager" aria-label={ctx.t('layout.pagination')}>
      {prev ? (
        <a href={prev} rel="prev">
          {ctx.t('layout.prev')}
        </a>
      ) : (
        <span />
      )}
      {next ? (
        <a href={next} rel="next">
          {ctx.t('layout.next')}
        </a>
      ) : null}
    </nav>
  );
}

/** Text with the parts that matched a search marked. */
export function Highlighted({ parts }: { parts: Array<{ text: string; hit: boolean }> }) {
  return <>{parts.map((p) => (p.hit ? <mark>{p.text}</mark> : p.text))}</>;
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

/** Builds a URL with the given query values, dropping empty ones. */
export function withQuery(path: string, query: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
