import type { PageContext } from '../../../platform/ui/page-context';
import { Layout } from '../../../platform/ui/layout';
import { CsrfField, ErrorSummary, PageHeader, SelectField, TextArea, TextField } from '../../../platform/ui/components';
import { KINDS, REASONS } from '../model';
import type { ChairCandidate } from '../pages/helpers';

export interface FormValues {
  [k: string]: string | string[] | undefined;
  chairUser?: string[];
  chairTitle?: string[];
  agendaTitle?: string[];
  agendaMinutes?: string[];
  agencies?: string[];
  topicIds?: string[];
}

/** A field of a repeated row: its own id (label and errors point at it), the shared name the server reads as a list. */
function RowText({ id, name, label, value, error, hint, numeric }: { id: string; name: string; label: string; value: string; error?: string; hint?: string; numeric?: boolean }) {
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>{label}</label>
      <input id={id} name={name} value={value} inputMode={numeric ? 'numeric' : undefined} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined} />
      {hint ? <p class="hint" id={`${id}-hint`}>{hint}</p> : null}
      {error ? <p class="field-error" id={`${id}-error`}>{error}</p> : null}
    </div>
  );
}

function RowSelect({ id, name, label, value, error, placeholder, options }: { id: string; name: string; label: string; value: string; error?: string; placeholder: string; options: Array<{ value: string | number; label: string }> }) {
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>{label}</label>
      <select id={id} name={name} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        <option value="">{placeholder}</option>
        {options.map((o) => (
          <option value={o.value} selected={String(o.value) === value}>
            {o.label}
          </option>
        ))}
      </select>
      {error ? <p class="field-error" id={`${id}-error`}>{error}</p> : null}
    </div>
  );
}

const CHAIR_ROWS = 3;
const AGENDA_ROWS = 8;

export function ConferenceFormPage({
  ctx,
  id,
  values,
  errors,
  units,
  agencies,
  candidates,
  unitAgencies,
  topics,
}: {
  ctx: PageContext;
  id: number | null;
  values: FormValues;
  errors?: Record<string, string>;
  units: Array<{ code: string; name: string }>;
  agencies: Array<{ id: number; name: string }>;
  unitAgencies: Array<{ id: number; name: string }>;
  candidates: ChairCandidate[];
  topics: Array<{ id: number; title: string; pressing: boolean; count: number }>;
}) {
  const t = ctx.t;
  const s = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
  const title = id ? t('conferences.page.edit') : t('conferences.page.new');
  const chairUsers = values.chairUser ?? [];
  const chairTitles = values.chairTitle ?? [];
  const agendaTitles = values.agendaTitle ?? [];
  const agendaMinutes = values.agendaMinutes ?? [];
  const chosen = new Set(values.agencies ?? []);
  return (
    <Layout ctx={ctx} title={title}>
      <PageHeader title={title} />
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="post" action={id ? `/can-bo/hoi-nghi/${id}/sua` : '/can-bo/hoi-nghi/moi'}>
        <CsrfField ctx={ctx} />
        <fieldset>
          <legend>{t('conferences.page.general')}</legend>
          <SelectField name="unitCode" label={t('conferences.page.unit')} required value={s('unitCode')} options={units.map((u) => ({ value: u.code, label: u.name }))} error={errors?.unitCode} />
          <SelectField name="agencyId" label={t('conferences.page.organiser')} required value={s('agencyId')} options={unitAgencies.map((a) => ({ value: a.id, label: a.name }))} error={errors?.agencyId} />
          <SelectField name="kind" label={t('conferences.page.kind')} required value={s('kind')} options={KINDS.map((k) => ({ value: k, label: t(`conferences.kind.${k}`) }))} error={errors?.kind} />
          <TextField name="title" label={t('conferences.page.titleField')} required value={s('title')} error={errors?.title} />
          <TextArea name="description" label={t('conferences.page.description')} rows={3} value={s('description')} error={errors?.description} />
          <SelectField name="reason" label={t('conferences.page.reason')} value={s('reason') || 'periodic'} options={REASONS.map((r) => ({ value: r, label: t(`conferences.reason.${r}`) }))} error={errors?.reason} />
          <TextArea name="reasonText" label={t('conferences.page.reasonText')} rows={2} value={s('reasonText')} error={errors?.reasonText} hint={t('conferences.page.reasonTextHint')} />
          <TextField name="votersTotal" label={t('conferences.page.votersTotal')} inputMode="numeric" value={s('votersTotal')} error={errors?.votersTotal} />
          <TextField name="requestersCount" label={t('conferences.page.requestersCount')} inputMode="numeric" value={s('requestersCount')} error={errors?.requestersCount} />
        </fieldset>
        <fieldset>
          <legend>{t('conferences.page.chairs')}</legend>
          {errors?.chairs ? <p class="field-error">{errors.chairs}</p> : null}
          {Array.from({ length: CHAIR_ROWS }, (_, i) => (
            <div class="grid grid-2">
              <RowSelect
                name="chairUser"
                id={`chairs.${i}.userId`}
                label={t('conferences.page.chairN', { n: i + 1 })}
                value={chairUsers[i] ?? ''}
                placeholder={t('conferences.page.choose')}
                options={candidates.map((c) => ({ value: c.userId, label: `${c.name} — ${c.agencyName}` }))}
                error={errors?.[`chairs.${i}.userId`]}
              />
              <RowText name="chairTitle" id={`chairs.${i}.title`} label={t('conferences.page.chairTitleN', { n: i + 1 })} value={chairTitles[i] ?? ''} hint={i === 0 ? t('conferences.page.chairTitleHint') : undefined} error={errors?.[`chairs.${i}.title`]} />
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('conferences.page.placeAndTime')}</legend>
          <TextField name="venue" label={t('conferences.page.venue')} value={s('venue')} error={errors?.venue} />
          <TextField name="onlineUrl" label={t('conferences.page.onlineUrl')} type="url" value={s('onlineUrl')} error={errors?.onlineUrl} />
          <TextField name="date" label={t('conferences.page.date')} type="date" required value={s('date')} error={errors?.date} />
          <TextField name="startTime" label={t('conferences.page.startTime')} type="time" required value={s('startTime')} error={errors?.startTime} />
          <TextField name="endTime" label={t('conferences.page.endTime')} type="time" required value={s('endTime')} error={errors?.endTime} />
          <TextField name="capacity" label={t('conferences.page.capacity')} inputMode="numeric" required value={s('capacity')} error={errors?.capacity} />
        </fieldset>
        <fieldset>
          <legend>{t('conferences.page.participants')}</legend>
          <div class="field">
            <label for="agencies">{t('conferences.page.agencies')}</label>
            <select id="agencies" name="agencies" multiple size={8}>
              {agencies.map((a) => (
                <option value={a.id} selected={chosen.has(String(a.id))}>
                  {a.name}
                </option>
              ))}
            </select>
            {errors?.agencies ? <p class="field-error">{errors.agencies}</p> : null}
          </div>
          <TextArea name="invited" label={t('conferences.page.invited')} rows={2} value={s('invited')} error={errors?.invited} />
        </fieldset>
        <fieldset>
          <legend>{t('conferences.page.dossierTopics')}</legend>
          {topics.length ? (
            topics.map((tp) => (
              <div class="field check">
                <input type="checkbox" id={`topic-${tp.id}`} name="topicIds" value={tp.id} checked={(values.topicIds ?? []).includes(String(tp.id))} />
                <label for={`topic-${tp.id}`}>
                  {tp.title} {tp.pressing ? <span class="badge warn">{t('conferences.page.pressing')}</span> : null} <span class="meta">({t('conferences.page.petitionsCount', { n: tp.count })})</span>
                </label>
              </div>
            ))
          ) : (
            <p class="meta">{t('conferences.page.noDossier')}</p>
          )}
          {errors?.topicIds ? <p class="field-error">{errors.topicIds}</p> : null}
        </fieldset>
        <fieldset>
          <legend>{t('conferences.page.agenda')}</legend>
          {Array.from({ length: AGENDA_ROWS }, (_, i) => (
            <div class="grid grid-2">
              <RowText name="agendaTitle" id={`agenda.${i}.title`} label={t('conferences.page.itemN', { n: i + 1 })} value={agendaTitles[i] ?? ''} error={errors?.[`agenda.${i}.title`]} />
              <RowText name="agendaMinutes" id={`agenda.${i}.minutes`} label={t('conferences.page.itemMinutes', { n: i + 1 })} numeric value={agendaMinutes[i] ?? ''} error={errors?.[`agenda.${i}.minutes`]} />
            </div>
          ))}
        </fieldset>
        <button type="submit">{t('conferences.page.save')}</button>
      </form>
    </Layout>
  );
}
