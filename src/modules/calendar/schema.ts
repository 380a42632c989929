import { z } from 'zod';
import { parseVnDate } from '../../platform/calendar';
import { optionalText } from '../../platform/http/validate';
import { CALENDAR_DAY_KINDS } from './model';

const nfc = (v: unknown) => (typeof v === 'string' ? v.normalize('NFC') : v);

/**
 * An entry as an administrator types it: the date as dd/mm/yyyy (or YYYY-MM-DD from the API),
 * a kind, a Vietnamese name, optionally an English name and a note.
 */
export const calendarDayInputSchema = z.object({
  date: z.preprocess(
    (v) => {
      if (typeof v !== 'string') return v;
      const s = v.trim();
      if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return parseVnDate(`${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)}`) ?? '';
      return parseVnDate(s) ?? '';
    },
    z
      .string({ error: 'validation.date' })
      .min(1, 'validation.date')
      .refine((d) => {
        const y = Number(d.slice(0, 4));
        return y >= 2000 && y <= 2100;
      }, 'calendar.error.yearRange'),
  ),
  kind: z.enum(CALENDAR_DAY_KINDS, { error: 'calendar.error.kind' }),
  name: z.preprocess(nfc, z.string({ error: 'validation.required' }).trim().min(2).max(200)),
  nameEn: z.preprocess(nfc, optionalText(200)),
  note: z.preprocess(nfc, optionalText(500)),
});
export type CalendarDayInput = z.input<typeof calendarDayInputSchema>;
