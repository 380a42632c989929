import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../platform/context';
import type { Principal } from '../../../platform/access/principal';
import { HttpError, notFound, ValidationError } from '../../../platform/http/errors';
import { requireUser } from '../../../platform/http/guards';
import { formValues, idParam, queryString } from '../../../platform/http/forms';
import { addDays, isValidIsoDate } from '../../../platform/calendar';
import { childUnits, getUnit, listAgencies } from '../../directory/service';
import type { Unit } from '../../directory/model';
import { canManageReception } from '../policy';
import { bookSlot, getReceptionDay, listReceptionDays, planReceptionDay, readCompliance, readRegister, recordCase } from '../service';
import { monthsBetween } from '../reception/service';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
import { todayVN } from '../service/common';
import { BookingPage, CompliancePage, RegisterPage, SchedulePage, type FormState } from '../views/reception';
import { fieldErrors, refusalText } from './helpers';

async function unitOf(code: string, ctx: AppContext): Promise<Unit> {
  const u = await getUnit(ctx.db, code);
  if (!u || u.level === 'village') throw notFound('reception.error.unit');
  return u;
}

const nameOf = (u: Unit, locale: string) => (locale === 'en' ? u.fullNameEn : u.fullName);
const agencyChoices = async (ctx: AppContext, unitCode: string) => (await listAgencies(ctx.db, { unitCode, limit: 200 })).map((a) => ({ id: a.id, name: a.name }));

export async function receptionPages(app: FastifyInstance, ctx: AppContext) {
  const schedule = async (req: FastifyRequest, reply: FastifyReply, unit: Unit, status = 200, state?: FormState) => {
    const today = todayVN(ctx);
    const days = await listReceptionDays(ctx, unit.code, addDays(today, -7), addDays(today, 62));
    const manage = canManageReception(req.principal, { unitCode: unit.code, provinceCode: unit.provinceCode });
    if (manage) reply.header('cache-control', 'private, no-store');
    return reply.code(status).view(<SchedulePage ctx={req.page()} unitCode={unit.code} unitName={nameOf(unit, req.locale)} days={days} manage={manage} agencies={manage ? await agencyChoices(ctx, unit.code) : []} state={state} />);
  };

  app.get('/tiep-cong-dan/:unit/lich', async (req, reply) => schedule(req, reply, await unitOf((req.params as { unit: string }).unit, ctx)));

  app.post('/tiep-cong-dan/:unit/lich', async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    const unit = await unitOf((req.params as { unit: string }).unit, ctx);
    const values = formValues(req.body);
    try {
      await planReceptionDay(ctx, p, unit.code, values);
      reply.flash('ok', 'reception.page.planned');
      return reply.redirect(`/tiep-cong-dan/${unit.code}/lich`, 303);
    } catch (e) {
      if (e instanceof ValidationError) return schedule(req, reply, unit, 422, { form: 'plan', values, errors: fieldErrors(e, req.t) });
      throw e;
    }
  });

  const booking = async (req: FastifyRequest, reply: FastifyReply, id: number, status = 200, state?: FormState) => {
    const day = await getReceptionDay(ctx.db, id);
    const unit = await unitOf(day.unitCode, ctx);
    reply.header('cache-control', 'private, no-store');
    return reply.code(status).view(<BookingPage ctx={req.page()} day={day} unitName={nameOf(unit, req.locale)} state={state} />);
  };
  const dayId = (req: FastifyRequest) => {
    const id = idParam((req.params as { id: string }).id);
    if (!id) throw notFound();
    return id;
  };

  app.get('/tiep-cong-dan/ngay/:id/dang-ky', async (req, reply) => {
    if (!requireUser(req, reply)) return reply;
    return booking(req, reply, dayId(req));
  });

  app.post('/tiep-cong-dan/ngay/:id/dang-ky', async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    const id = dayId(req);
    const values = formValues(req.body);
    try {
      const b = await bookSlot(ctx, p, id, values);
      const day = await getReceptionDay(ctx.db, id);
      reply.flash('ok', 'reception.page.booked', { n: b.slotNo, at: b.at });
      return reply.redirect(`/tiep-cong-dan/${day.unitCode}/lich#ngay-${id}`, 303);
    } catch (e) {
      if (e instanceof ValidationError) return booking(req, reply, id, 422, { form: 'book', values, errors: fieldErrors(e, req.t) });
      if (e instanceof HttpError && e.status === 409) return booking(req, reply, id, 409, { form: 'book', values, errors: { topic: refusalText(e, req.t) } });
      throw e;
    }
  });

  const register = async (req: FastifyRequest, reply: FastifyReply, p: Principal, unit: Unit, status = 200, state?: FormState) => {
    const today = todayVN(ctx);
    const from = queryString(req.query, 'tu', 10) || addDays(today, -92);
    const cases = await readRegister(ctx, p, unit.code, { from: isValidIsoDate(from) ? from : undefined });
    const manage = canManageReception(p, { unitCode: unit.code, provinceCode: unit.provinceCode });
    const days = manage ? (await listReceptionDays(ctx, unit.code, addDays(today, -3), today)).filter((d) => d.status !== 'cancelled') : [];
    reply.header('cache-control', 'private, no-store');
    return reply.code(status).view(<RegisterPage ctx={req.page()} unitCode={unit.code} unitName={nameOf(unit, req.locale)} cases={cases} days={days} agencies={await agencyChoices(ctx, unit.code)} state={state} />);
  };

  app.get('/tiep-cong-dan/:unit/so', async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    return register(req, reply, p, await unitOf((req.params as { unit: string }).unit, ctx));
  });

  app.post('/tiep-cong-dan/:unit/so', async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    const unit = await unitOf((req.params as { unit: string }).unit, ctx);
    const values = formValues(req.body);
    const id = idParam(values.dayId);
    try {
      if (!id) throw new ValidationError({ dayId: 'reception.error.notFound' });
      const day = await getReceptionDay(ctx.db, id);
      if (day.unitCode !== unit.code) throw new ValidationError({ dayId: 'reception.error.notFound' });
      const c = await recordCase(ctx, p, id, values);
      reply.flash('ok', 'reception.page.caseSaved', { code: c.petitionCode ?? '' });
      return reply.redirect(`/tiep-cong-dan/${unit.code}/so#ca-${c.id}`, 303);
    } catch (e) {
      if (e instanceof ValidationError) return register(req, reply, p, unit, 422, { form: 'case', values, errors: fieldErrors(e, req.t) });
      throw e;
    }
  });

  app.get('/tiep-cong-dan/:unit/tuan-thu', async (req, reply) => {
    const p = requireUser(req, reply);
    if (!p) return reply;
    const unit = await unitOf((req.params as { unit: string }).unit, ctx);
    // One month (`thang`, default this one) or the months `tu`–`den` (a dashboard's period).
    const month = queryString(req.query, 'thang', 7);
    const values = { tu: queryString(req.query, 'tu', 7) || month || todayVN(ctx).slice(0, 7), den: queryString(req.query, 'den', 7) || month || todayVN(ctx).slice(0, 7) };
    const errors: Record<string, string> = {};
    for (const k of ['tu', 'den'] as const) if (!MONTH.test(values[k])) errors[k] = req.t('reception.error.month');
    if (!errors.tu && !errors.den && values.den < values.tu) errors.den = req.t('reception.error.monthOrder');
    const months = Object.keys(errors).length ? [] : monthsBetween(values.tu, values.den);
    if (months.length && months[months.length - 1] !== values.den) errors.den = req.t('reception.error.monthSpan', { n: months.length });
    const children = unit.level === 'province' ? (await childUnits(ctx.db, unit.code)).map((u) => u.code) : [];
    const failed = Object.keys(errors).length > 0;
    const rows = failed ? [] : await readCompliance(ctx, p, unit.code, months, children);
    reply.header('cache-control', 'private, no-store');
    return reply.code(failed ? 422 : 200).view(<CompliancePage ctx={req.page()} unitName={nameOf(unit, req.locale)} unitCode={unit.code} values={values} errors={errors} rows={rows} />);
  });
}
