import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../platform/context';
import type { Principal } from '../../../platform/access/principal';
import { forbidden, notFound, ValidationError } from '../../../platform/http/errors';
import { validate } from '../../../platform/http/validate';
import { readForm, type MultipartForm } from '../../../platform/files/multipart';
import { createPetition, listEnteredBy, listMine, trackByCode } from '../service';
import { createPetitionSchema } from '../schema';
import { isOfficial, mayChooseAgency, staffEntryGrants } from '../policy';
import { SubmitPage, type SubmitRefs } from '../views/submit';
import { MinePage } from '../views/lists';
import { DonePage } from '../views/track';
import type { Values } from '../views/common';
import { requireUser } from '../../../platform/http/guards';
import { commonRefs, fieldErrors, ip, isHttp, provinceAgencies, queryValues, tileUrl, uploadLimits, UPLOAD_STATUSES } from './helpers';

export function canEnterForCitizens(p: Principal | null): boolean {
  return staffEntryGrants(p).length > 0;
}

async function submitRefs(ctx: AppContext, req: FastifyRequest, staff: boolean): Promise<SubmitRefs> {
  const [refs, limits, tiles] = await Promise.all([commonRefs(ctx, req.locale), uploadLimits(ctx), tileUrl(ctx)]);
  const out: SubmitRefs = { communes: refs.communes, categories: refs.categories, ...limits, tileUrl: tiles };
  if (staff && req.principal) {
    const agencies = await provinceAgencies(ctx, refs.province);
    const grants = staffEntryGrants(req.principal);
    out.staffAgencies = agencies.filter((a) => grants.some((g) => g.agencyId === a.id));
    // Only the agencies the caller may name as competent (the service refuses any other).
    out.agencies = agencies.filter((a) => grants.some((g) => mayChooseAgency(g, a)));
  }
  return out;
}

/** The service's input from the form's fields. */
function inputFrom(form: MultipartForm, staff: boolean): Record<string, unknown> {
  const f = form.fields;
  const input: Record<string, unknown> = {
    kind: f.kind,
    title: f.title ?? '',
    content: f.content ?? '',
    categoryId: f.categoryId,
    unitCode: f.unitCode,
    address: f.address,
    lon: f.lon,
    lat: f.lat,
    peopleCount: f.peopleCount,
    visibility: f.visibility,
  };
  if (staff) {
    input.channel = f.channel;
    input.enteredAgencyId = f.enteredAgencyId;
    input.enteredPlace = f.enteredPlace;
    input.agencyId = f.agencyId;
    input.petitioner = {
      name: f.petitionerName ?? '',
      phone: f.petitionerPhone,
      email: f.petitionerEmail,
      address: f.petitionerAddress,
      idNo: f.petitionerIdNo,
    };
  }
  return input;
}

/** Handles a submitted petition form (citizen or staff entry): 303 to the tracking-code page, or the form again with messages. */
async function handleSubmit(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, p: Principal, staff: boolean) {
  const form = await readForm(req);
  const values: Values = { ...form.fields };
  const input = inputFrom(form, staff);
  const again = async (status: number, errors: Record<string, string>) =>
    reply.code(status).view(<SubmitPage ctx={req.page()} refs={await submitRefs(ctx, req, staff)} values={values} errors={errors} staff={staff} />);

  // Check the text first, so nothing is stored when the form must be shown again.
  const v = validate(createPetitionSchema, input);
  if (!v.ok) return again(422, fieldErrors(v.error, req.t));
  if (form.oversized.length) {
    const { maxMb } = await uploadLimits(ctx);
    return again(413, { attachments: req.t('files.error.tooLarge', { name: form.oversized[0], max: `${maxMb} MB` }) });
  }
  try {
    const { petition } = await createPetition(ctx, p, input, {
      channel: 'web',
      ip: ip(req),
      uploads: form.files.filter((x) => x.field === 'attachments').map((x) => ({ filename: x.filename, data: x.data, declaredType: x.mimetype })),
    });
    reply.flash('ok', 'petitions.page.submit.created', { code: petition.code });
    return reply.redirect(`/kien-nghi/${petition.code}/da-gui${staff ? '?thay=1' : ''}`, 303);
  } catch (e) {
    if (e instanceof ValidationError) return again(422, fieldErrors(e, req.t));
    if (isHttp(e, ...UPLOAD_STATUSES)) return again(e.status, { attachments: req.t(e.messageKey, e.params) });
    if (isHttp(e, 429, 422, 409)) return again(e.status, { _: req.t(e.messageKey, e.params) });
    throw e;
  }
}

export async function citizenPages(app: FastifyInstance, ctx: AppContext) {
  app.get('/kien-nghi/gui', async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    return reply.view(<SubmitPage ctx={req.page()} refs={await submitRefs(ctx, req, false)} values={{ unitCode: p.unitCode ?? '' }} />);
  });

  app.post('/kien-nghi/gui', async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    return handleSubmit(ctx, req, reply, p, false);
  });

  // The tracking-code page after a submission (public status only: anyone holding the code may see it).
  app.get('/kien-nghi/:code/da-gui', async (req, reply) => {
    const { code } = req.params as { code: string };
    const status = await trackByCode(ctx, code);
    if (!status) throw notFound();
    // Entered by an officer for someone else: the code is to hand over, not "yours".
    const forSomeone = (req.query as Record<string, unknown>).thay === '1' && canEnterForCitizens(req.principal);
    return reply.view(
      <DonePage
        ctx={req.page()}
        petition={{ code: status.code, replyDue: status.replyDue }}
        agencyName={status.agencyName}
        staff={forSomeone}
      />,
    );
  });

  app.get('/kien-nghi/cua-toi', async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    const values = queryValues(req.query);
    const page = await listMine(ctx, p, { cursor: values.cursor, limit: 20 }).catch((e) => {
      if (e instanceof ValidationError) return { items: [], next: null };
      throw e;
    });
    return reply.view(<MinePage ctx={req.page()} items={page.items} next={page.next} values={values} />);
  });

  // Staff entry on behalf of a citizen (reception desk, Front gathering, letter, hotline, conference floor).
  app.get('/can-bo/kien-nghi/nhap', async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    if (!canEnterForCitizens(p)) throw forbidden('petitions.page.staff.denied');
    return reply.view(<SubmitPage ctx={req.page()} refs={await submitRefs(ctx, req, true)} staff />);
  });

  app.post('/can-bo/kien-nghi/nhap', async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    if (!canEnterForCitizens(p)) throw forbidden('petitions.page.staff.denied');
    return handleSubmit(ctx, req, reply, p, true);
  });

  app.get('/can-bo/kien-nghi/da-nhap', async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    if (!isOfficial(p)) throw forbidden();
    const values = queryValues(req.query);
    const page = await listEnteredBy(ctx, p, { cursor: values.cursor, limit: 20 });
    return reply.view(<MinePage ctx={req.page()} items={page.items} next={page.next} values={values} title={req.t('petitions.page.staff.mine')} path="/can-bo/kien-nghi/da-nhap" />);
  });
}
