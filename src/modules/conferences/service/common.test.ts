import fc from 'fast-check';
import { expect, it } from 'vitest';
import { todayInVietnam } from '../../../platform/calendar/dates';
import { vnInstant, vnParts } from './common';

it('vnParts gives the local date and HH:MM in Việt Nam (UTC+7) of any instant, and vnInstant reverses it', () => {
  fc.assert(
    fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }), (d) => {
      const local = new Date(d.getTime() + 7 * 3600_000).toISOString();
      const parts = vnParts(d);
      expect(parts).toEqual({ date: todayInVietnam(d), time: local.slice(11, 16) });
      expect(vnInstant(parts.date, parts.time).getTime()).toBe(Math.floor(d.getTime() / 60_000) * 60_000);
    }),
  );
  expect(vnParts(new Date('2026-12-02T17:05:00Z'))).toEqual({ date: '2026-12-03', time: '00:05' });
});
