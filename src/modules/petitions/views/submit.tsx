import type { PageContext } from '../../../platform/ui/page-context';
import { Layout } from '../../../platform/ui/layout';
import { Breadcrumbs, CsrfField, ErrorSummary, PageHeader, SelectField, TextArea, TextField } from '../../../platform/ui/components';
import { PETITION_KINDS, STAFF_CHANNELS } from '../model';
import { RadioGroup, val, type Errors, type Values, attrs } from './common';

export interface SubmitRefs {
  communes: Array<{ code: string; name: string }>;
  categories: Array<{ id: number; name: string }>;
  maxFiles: number;
  maxMb: number;
  /** Background map tiles (empty: boundaries only). */
  tileUrl: string;
  /** Staff entry: the agencies the caller may enter for, and the agencies to route to. */
  staffAgencies?: Array<{ id: number; name: string }>;
  agencies?: Array<{ id: number; name: string }>;
}

function PetitionFields({ ctx, refs, values, errors }: { ctx: PageContext; refs: SubmitRefs; values?: Values; errors?: Errors }) {
  const { t } = ctx;
  const e = errors ?? {};
  const kind = val(values, 'kind') || 'kien_nghi';
  return (
    <>
      <RadioGroup
        name="kind"
        legend={t('petitions.page.submit.kind')}
        required
        value={kind}
        error={e.kind}
        options={PETITION_KINDS.map((k) => ({ value: k, label: t(`petitions.kind.${k}`), hint: t(`petitions.page.submit.kindHelp.${k}`) }))}
      />
      <p class="hint legal-note">{t('petitions.page.submit.legalNote')}</p>
      <TextField
        name="title"
        label={t('petitions.page.submit.titleLabel')}
        required
        value={val(values, 'title')}
        error={e.title}
        hint={t('petitions.page.submit.titleHint')}
        {...attrs({ maxLength: 200, autocomplete: 'off', 'data-similar': '/kien-nghi/goi-y' })}
      />
      <div id="similar" class="similar" aria-live="polite" hidden>
        <h2>{t('petitions.page.submit.similar')}</h2>
        <p class="hint">{t('petitions.page.submit.similarHint')}</p>
        <ul />
      </div>
      <TextArea
        name="content"
        label={t('petitions.page.submit.content')}
        required
        rows={8}
        value={val(values, 'content')}
        error={e.content}
        hint={t('petitions.page.submit.contentHint')}
        data-min="20"
        data-max="5000"
        data-counter={t('petitions.page.submit.counter')}
        data-counter-short={t('petitions.page.submit.counterShort')}
        data-counter-over={t('petitions.page.submit.counterOver')}
      />
      <SelectField
        name="categoryId"
        label={t('petitions.page.submit.category')}
        value={val(values, 'categoryId')}
        error={e.categoryId}
        placeholder={t('petitions.page.submit.categoryNone')}
        options={refs.categories.map((c) => ({ value: c.id, label: c.name }))}
      />
      <SelectField
        name="unitCode"
        label={t('petitions.page.submit.unit')}
        value={val(values, 'unitCode')}
        error={e.unitCode}
        hint={t('petitions.page.submit.unitHint')}
        placeholder={t('petitions.page.submit.unitNone')}
        options={refs.communes.map((u) => ({ value: u.code, label: u.name }))}
      />
      <details class="map-picker" data-geojson="/kien-nghi/ban-do.geojson" data-commune-geojson="/kien-nghi/ban-do/{code}.geojson" data-tiles={refs.tileUrl} data-map-script={ctx.asset('petition-map.js')} data-map-style={ctx.asset('petition-map.css')}>
        <summary>{t('petitions.page.submit.map')}</summary>
        <p class="hint">{t('petitions.page.submit.mapHint')}</p>
        <div
          class="map"
          id="map"
          role="application"
          aria-label={t('petitions.page.map.label')}
          data-picked={t('petitions.page.submit.mapPicked')}
          data-outside={t('petitions.page.submit.mapOutside')}
          data-outside-commune={t('petitions.page.submit.mapOutsideCommune')}
        />
        <p class="map-status" aria-live="polite" />
        <div class="grid grid-2">
          <TextField name="lat" label={t('petitions.page.submit.lat')} value={val(values, 'lat')} error={e.lat} {...attrs({ inputMode: 'decimal' })} />
          <TextField name="lon" label={t('petitions.page.submit.lon')} value={val(values, 'lon')} error={e.lon} {...attrs({ inputMode: 'decimal' })} />
        </div>
      </details>
      <TextField
        name="address"
        label={t('petitions.page.submit.address')}
        value={val(values, 'address')}
        error={e.address}
        hint={t('petitions.page.submit.addressHint')}
        {...attrs({ maxLength: 300 })}
      />
      <div class={`field${e.attachments ? ' has-error' : ''}`}>
        <label for="attachments">{t('petitions.page.submit.attachments')}</label>
        <input
          type="file"
          id="attachments"
          name="attachments"
          multiple
          accept="image/jpeg,image/png,image/webp,image/gif,application/pdf"
          aria-describedby={`attachments-hint${e.attachments ? ' attachments-error' : ''}`}
          aria-invalid={e.attachments ? 'true' : undefined}
        />
        <p class="hint" id="attachments-hint">
          {t('petitions.page.submit.attachmentsHint', { count: refs.maxFiles, mb: refs.maxMb })}
        </p>
        {e.attachments ? (
          <p class="field-error" id="attachments-error">
            {e.attachments}
          </p>
        ) : null}
      </div>
      <TextField
        name="peopleCount"
        type="number"
        label={t('petitions.page.submit.people')}
        value={val(values, 'peopleCount') || '1'}
        error={e.peopleCount}
        hint={t('petitions.page.submit.peopleHint')}
        {...attrs({ min: 1, max: 100000, inputMode: 'numeric' })}
      />
    </>
  );
}

export function SubmitPage({
  ctx,
  refs,
  values,
  errors,
  staff,
}: {
  ctx: PageContext;
  refs: SubmitRefs;
  values?: Values;
  errors?: Errors;
  /** Staff entry on behalf of a citizen. */
  staff?: boolean;
}) {
  const { t } = ctx;
  const e = errors ?? {};
  const title = staff ? t('petitions.page.staff.title') : t('petitions.page.submit.title');
  const action = staff ? '/can-bo/kien-nghi/nhap' : '/kien-nghi/gui';
  return (
    <Layout ctx={ctx} title={title} scripts={['petition-form.js']} styles={['petitions.css']}>
      {staff ? (
        <Breadcrumbs ctx={ctx} items={[{ href: '/can-bo/kien-nghi', label: t('petitions.page.inbox.title') }, { label: title }]} />
      ) : null}
      <PageHeader title={title} />
      <p class="lead">{staff ? t('petitions.page.staff.lead') : t('petitions.page.submit.lead')}</p>
      <ErrorSummary ctx={ctx} errors={errors} />
      <form
        method="post"
        action={action}
        enctype="multipart/form-data"
        class="petition-form"
        novalidate
      >
        <CsrfField ctx={ctx} />
        {staff ? (
          <fieldset class="card">
            <legend>{t('petitions.page.staff.petitioner')}</legend>
            <SelectField
              name="channel"
              label={t('petitions.page.staff.channel')}
              required
              value={val(values, 'channel') || 'reception_desk'}
              error={e.channel}
              options={STAFF_CHANNELS.map((c) => ({ value: c, label: t(`petitions.channel.${c}`) }))}
            />
            <TextField name="petitionerName" label={t('petitions.page.staff.name')} required value={val(values, 'petitionerName')} error={e.petitionerName} {...attrs({ autocomplete: 'off' })} />
            <div class="grid grid-2">
              <TextField name="petitionerPhone" type="tel" label={t('petitions.page.staff.phone')} value={val(values, 'petitionerPhone')} error={e.petitionerPhone} {...attrs({ autocomplete: 'off' })} />
              <TextField name="petitionerEmail" type="email" label={t('petitions.page.staff.email')} value={val(values, 'petitionerEmail')} error={e.petitionerEmail} {...attrs({ autocomplete: 'off' })} />
            </div>
            <TextField name="petitionerAddress" label={t('petitions.page.staff.pAddress')} value={val(values, 'petitionerAddress')} error={e.petitionerAddress} {...attrs({ autocomplete: 'off' })} />
            <TextField name="petitionerIdNo" label={t('petitions.page.staff.idNo')} value={val(values, 'petitionerIdNo')} error={e.petitionerIdNo} {...attrs({ autocomplete: 'off' })} />
            <SelectField
              name="enteredAgencyId"
              label={t('petitions.page.staff.enteredAgency')}
              value={val(values, 'enteredAgencyId') || String(refs.staffAgencies?.[0]?.id ?? '')}
              error={e.enteredAgencyId}
              options={(refs.staffAgencies ?? []).map((a) => ({ value: a.id, label: a.name }))}
            />
            <TextField
              name="enteredPlace"
              label={t('petitions.page.staff.enteredPlace')}
              value={val(values, 'enteredPlace')}
              error={e.enteredPlace}
              hint={t('petitions.page.staff.enteredPlaceHint')}
            />
            <SelectField
              name="agencyId"
              label={t('petitions.page.staff.agency')}
              value={val(values, 'agencyId')}
              error={e.agencyId}
              placeholder={t('petitions.page.staff.agencyAuto')}
              options={(refs.agencies ?? []).map((a) => ({ value: a.id, label: a.name }))}
            />
          </fieldset>
        ) : null}
        <PetitionFields ctx={ctx} refs={refs} values={values} errors={errors} />
        <RadioGroup
          name="visibility"
          legend={t('petitions.page.submit.visibility')}
          value={val(values, 'visibility') || 'private'}
          error={e.visibility}
          options={[
            { value: 'private', label: t('petitions.page.submit.visibility.private') },
            { value: 'public', label: t('petitions.page.submit.visibility.public') },
          ]}
        />
        <button type="submit">{staff ? t('petitions.page.staff.send') : t('petitions.page.submit.send')}</button>
      </form>
    </Layout>
  );
}
