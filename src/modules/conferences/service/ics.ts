import ical, { ICalEventStatus, type ICalCalendar } from 'ical-generator';
import type { Conference } from '../model';

const TZ = 'Asia/Ho_Chi_Minh';

/** Việt Nam keeps UTC+7 all year, without daylight saving: its VTIMEZONE is one standard block. */
function vtimezone(tz: string): string | null {
  if (tz !== TZ) return null;
  return ['BEGIN:VTIMEZONE', `TZID:${TZ}`, 'X-LIC-LOCATION:Asia/Ho_Chi_Minh', 'BEGIN:STANDARD', 'TZOFFSETFROM:+0700', 'TZOFFSETTO:+0700', 'TZNAME:ICT', 'DTSTART:19700101T000000', 'END:STANDARD', 'END:VTIMEZONE'].join('\r\n');
}

/** The UID stays the same across every update of the conference; its SEQUENCE grows with each revision sent out. */
export function conferenceUid(id: number, host: string): string {
  return `conference-${id}@${host}`;
}

function addEvent(cal: ICalCalendar, c: Conference, baseUrl: string, unitName: string): void {
  const host = new URL(baseUrl).host;
  const url = `${baseUrl}/hoi-nghi/${c.id}`;
  const cancelled = c.status === 'cancelled';
  cal.createEvent({
    id: conferenceUid(c.id, host),
    sequence: c.sequence,
    start: c.startsAt,
    end: c.endsAt,
    timezone: TZ,
    stamp: c.updatedAt,
    summary: c.title,
    description: [c.description ?? '', `${unitName}`, c.shortNoticeReason ? `Thông báo ngắn hạn: ${c.shortNoticeReason}` : '', c.statusReason ? `Lý do: ${c.statusReason}` : '', url].filter(Boolean).join('\n'),
    location: c.venue ?? c.onlineUrl ?? undefined,
    url,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
}

/** One conference as an iCalendar file (RFC 5545). */
export function conferenceIcs(c: Conference, baseUrl: string, unitName: string): string {
  const cal = ical({ name: c.title, prodId: { company: 'Đối Thoại', product: 'hoi-nghi', language: 'VI' }, timezone: { name: TZ, generator: vtimezone } });
  addEvent(cal, c, baseUrl, unitName);
  return cal.toString();
}

/** A unit's calendar feed: every announced (and later) conference of the unit. */
export function unitCalendar(list: Conference[], baseUrl: string, unitName: string): string {
  const cal = ical({ name: `Hội nghị đối thoại - ${unitName}`, prodId: { company: 'Đối Thoại', product: 'hoi-nghi', language: 'VI' }, timezone: { name: TZ, generator: vtimezone }, ttl: 3600 });
  for (const c of list) addEvent(cal, c, baseUrl, unitName);
  return cal.toString();
}
