import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatDate, formatDateTime } from './i18n';

const reference = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

describe('dates in Asia/Ho_Chi_Minh', () => {
  it('formats dd/mm/yyyy HH:mm exactly as the time-zone database does, around every midnight and New Year', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1960-01-01T00:00:00Z'), max: new Date('2100-12-31T23:59:59Z'), noInvalidDate: true }), (d) => {
        const p = Object.fromEntries(reference.formatToParts(d).map((x) => [x.type, x.value]));
        expect(formatDateTime(d)).toBe(`${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`);
        expect(formatDate(d)).toBe(`${p.day}/${p.month}/${p.year}`);
      }),
      { numRuns: 5000 },
    );
    expect(formatDateTime(new Date('2026-12-31T17:00:00Z'))).toBe('01/01/2027 00:00');
    expect(formatDate(new Date('2026-12-31T16:59:59Z'))).toBe('31/12/2026');
    expect(formatDate('2026-09-02')).toBe('02/09/2026');
  });
});
