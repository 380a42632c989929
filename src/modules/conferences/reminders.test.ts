import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness';
import { parseMail, startSmtp } from '../../test/smtp';
import { createMailer } from '../../platform/mail/mailer';
import { createLogger } from '../../platform/logger';
import { setSetting } from '../../platform/settings/settings';
import { formatDateTime } from '../../platform/i18n/i18n';
import { SYSTEM_ACTOR } from '../../platform/audit/audit';
import { createCast, type Cast } from '../petitions/testing';
import { conferenceInput } from './testing';
import { createConference, register, transitionConference } from './service';
import { runReminders } from './jobs';
import { SETTINGS } from './settings';

const smtp = await startSmtp();
const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${smtp.port}?ignoreTLS=true`, from: 'Đối Thoại <no-reply@doithoai.test>', log: createLogger('silent') });
afterAll(() => smtp.close());

describeEachEngine(
  'conferences: the reminder to the registered',
  (getApp) => {
    let cast: Cast;
    beforeAll(async () => {
      cast = await createCast(getApp().ctx);
    });

    it('e-mails each registered citizen once, the configured hours before the start, and not for a cancelled conference', async () => {
      const app = getApp();
      const { ctx } = app;
      app.clock.reset();
      smtp.received.length = 0;
      await setSetting(ctx.db, SYSTEM_ACTOR, SETTINGS.registrantReminderHours, 48);
      const announce = async (title: string) => {
        const c = await createConference(ctx, cast.officerCC, await conferenceInput(ctx, cast, { title }, 10));
        await transitionConference(ctx, cast.headCC, c.id, { action: 'approve' });
        return transitionConference(ctx, cast.officerCC, c.id, { action: 'announce' });
      };
      const held = await announce('Hội nghị đối thoại với các hộ dân tổ 7 phường Chiềng Cơi');
      const cancelled = await announce('Hội nghị đối thoại về chợ Chiềng Cơi');
      await register(ctx, cast.citizenA, held.id, { name: 'Nguyễn Văn An', phone: '0912345101' });
      await register(ctx, cast.citizenB, cancelled.id, { name: 'Trần Thị Bình', phone: '0912345102' });
      await transitionConference(ctx, cast.officerCC, cancelled.id, { action: 'cancel', reason: 'Chợ đang được sửa chữa' });
      const reminders = async () => {
        await runReminders(ctx);
        while ((await app.jobs.runOnce()) > 0);
        return smtp.received.map((m) => ({ to: m.to[0], ...parseMail(m.raw) })).filter((m) => m.subject.startsWith('Đối Thoại: Nhắc lịch hội nghị'));
      };

      // A minute before the 48 hours: nothing yet.
      app.clock.set(new Date(held.startsAt.getTime() - 48 * 3600_000 - 60_000));
      expect(await reminders()).toEqual([]);

      // Within the 48 hours: the one registered for the conference that will be held, in Vietnamese with its time.
      app.clock.set(new Date(held.startsAt.getTime() - 48 * 3600_000 + 60_000));
      const sent = await reminders();
      expect(sent.map((m) => m.to)).toEqual([cast.citizenA.email]);
      expect(sent[0].subject).toBe(`Đối Thoại: Nhắc lịch hội nghị "${held.title}"`);
      expect(sent[0].text).toContain(`Hội nghị bắt đầu lúc ${formatDateTime(held.startsAt)}.`);
      expect(sent[0].text).toContain(`/hoi-nghi/${held.id}`);

      // Once: the next runs, up to the start, send nothing more.
      app.clock.set(new Date(held.startsAt.getTime() - 3600_000));
      expect((await reminders()).map((m) => m.to)).toEqual([cast.citizenA.email]);
      expect(smtp.received.filter((m) => m.to[0] === cast.citizenB.email && parseMail(m.raw).subject.includes('Nhắc lịch'))).toEqual([]);
    });
  },
  { mailer },
);
