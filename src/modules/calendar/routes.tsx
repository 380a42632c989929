import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isValidIsoDate, todayInVietnam, workingDaysBetween, isWorkingDay } from '../../platform/calendar';
import type { AppContext } from '../../platform/context';
import { adminOnly } from '../../platform/http/guards';
import { queryString } from '../../platform/http/forms';
import { notFound, ValidationError } from '../../platform/http/errors';
import { isCalendarDayKind, type CalendarDayKind } from './model';
import {
  addCalendarDay,
  calendarYears,
  deleteCalendarDay,
  getCalendarDay,
  listCalendarDays,
  loadWorkingCalendar,
  resetCalendarYear,
  updateCalendarDay,
} from './service';
import { AdminCalendarPage, EditCalendarDayPage, PublicCalendarPage, dayValues, type FormErrors, type FormValues } from './views/pages';

const str = (src: unknown, key: string) => queryString(src, key, 500);

function form(body: unknown): FormValues {
  const out: FormValues = {};
  for (const k of ['date', 'kind', 'name', 'nameEn', 'note']) out[k] = str(body, k);
  return out;
}

/** ?year=2026, or the current year in Vietnam. */
function yearParam(ctx: AppContext, query: unknown): number {
  const y = Number(str(query, 'year'));
  return Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : Number(todayInVietnam(ctx.clock.now()).slice(0, 4));
}

function keyParam(query: unknown): { date: string; kind: CalendarDayKind } | null {
  const date = str(query, 'date');
  const kind = str(query, 'kind');
  return isValidIsoDate(date) && isCalendarDayKind(kind) ? { date, kind } : null;
}

export async function calendarRoutes(app: FastifyInstance, ctx: AppContext) {
  const { db } = ctx;

  app.get('/lich-lam-viec', async (req, reply) => {
    const year = yearParam(ctx, req.query);
    const [days, years, cal] = await Promise.all([listCalendarDays(db, year), calendarYears(db), loadWorkingCalendar(db)]);
    const today = todayInVietnam(ctx.clock.now());
    return reply.view(
      <PublicCalendarPage
        ctx={req.page()}
        year={year}
        years={years}
        days={days}
        today={today}
        todayWorking={isWorkingDay(cal, today)}
        workingDays={workingDaysBetween(cal, `${year - 1}-12-31`, `${year}-12-31`)}
      />,
    );
  });

  await app.register(async (admin) => {
    admin.addHook('preHandler', adminOnly);

    async function renderAdmin(req: FastifyRequest, reply: FastifyReply, year: number, values: FormValues, errors?: FormErrors, resetError?: string) {
      const [days, years] = await Promise.all([listCalendarDays(db, year), calendarYears(db)]);
      return reply.view(<AdminCalendarPage ctx={req.page()} year={year} years={years} days={days} values={values} errors={errors} resetError={resetError} />);
    }

    admin.get('/quan-tri/lich-lam-viec', async (req, reply) => renderAdmin(req, reply, yearParam(ctx, req.query), { kind: 'holiday' }));

    admin.post('/quan-tri/lich-lam-viec', async (req, reply) => {
      const values = form(req.body);
      try {
        const d = await addCalendarDay(ctx, req.principal, values, { ip: req.ip });
        reply.flash('ok', 'calendar.admin.added', { date: values.date ?? d.date });
        return reply.redirect(`/quan-tri/lich-lam-viec?year=${d.date.slice(0, 4)}`, 303);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        reply.code(422);
        const y = /(\d{4})\s*$/.exec(values.date ?? '')?.[1];
        return renderAdmin(req, reply, y ? yearParam(ctx, { year: y }) : yearParam(ctx, {}), values, e.messages(req.t));
      }
    });

    admin.get('/quan-tri/lich-lam-viec/sua', async (req, reply) => {
      const key = keyParam(req.query);
      const day = key ? await getCalendarDay(db, key.date, key.kind) : undefined;
      if (!day) throw notFound('calendar.error.notFound');
      return reply.view(<EditCalendarDayPage ctx={req.page()} day={day} values={dayValues(day)} />);
    });

    admin.post('/quan-tri/lich-lam-viec/sua', async (req, reply) => {
      const key = keyParam(req.query);
      const day = key ? await getCalendarDay(db, key.date, key.kind) : undefined;
      if (!key || !day) throw notFound('calendar.error.notFound');
      const values = form(req.body);
      try {
        const d = await updateCalendarDay(ctx, req.principal, key, values, { ip: req.ip });
        reply.flash('ok', 'calendar.admin.saved', { date: values.date ?? d.date });
        return reply.redirect(`/quan-tri/lich-lam-viec?year=${d.date.slice(0, 4)}`, 303);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        reply.code(422);
        return reply.view(<EditCalendarDayPage ctx={req.page()} day={day} values={values} errors={e.messages(req.t)} />);
      }
    });

    admin.post('/quan-tri/lich-lam-viec/xoa', async (req, reply) => {
      const key = keyParam(req.body);
      if (!key) throw notFound('calendar.error.notFound');
      await deleteCalendarDay(ctx, req.principal, key, { ip: req.ip });
      reply.flash('ok', 'calendar.admin.deleted', { date: `${key.date.slice(8, 10)}/${key.date.slice(5, 7)}/${key.date.slice(0, 4)}` });
      return reply.redirect(`/quan-tri/lich-lam-viec?year=${key.date.slice(0, 4)}`, 303);
    });

    admin.post('/quan-tri/lich-lam-viec/khoi-phuc', async (req, reply) => {
      const year = yearParam(ctx, req.body);
      if (str(req.body, 'confirm') !== '1') {
        reply.code(422);
        return renderAdmin(req, reply, year, { kind: 'holiday' }, undefined, req.t('calendar.error.confirm'));
      }
      await resetCalendarYear(ctx, req.principal, year, { ip: req.ip });
      reply.flash('ok', 'calendar.admin.resetDone', { year: String(year) });
      return reply.redirect(`/quan-tri/lich-lam-viec?year=${year}`, 303);
    });
  });
}
