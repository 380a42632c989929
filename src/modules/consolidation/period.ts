/**
 * A consolidation period: a year 'YYYY', a quarter 'YYYY-Qn', a half 'YYYY-Hn' or a month 'YYYY-MM', in
 * Vietnam's time (Asia/Ho_Chi_Minh, UTC+7, no daylight saving): `from` inclusive, `to` exclusive.
 */
export const PERIOD_PATTERN = /^(\d{4})(?:-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$/;

export interface PeriodRange {
  period: string;
  from: Date;
  to: Date;
}

const vnStart = (y: number, m: number) => new Date(Date.UTC(y, m - 1, 1) - 7 * 3_600_000);

export function periodRange(period: string): PeriodRange | null {
  const m = PERIOD_PATTERN.exec(period);
  if (!m) return null;
  const y = Number(m[1]);
  const part = m[2];
  let first = 1;
  let months = 12;
  if (part?.startsWith('Q')) [first, months] = [(Number(part[1]) - 1) * 3 + 1, 3];
  else if (part?.startsWith('H')) [first, months] = [(Number(part[1]) - 1) * 6 + 1, 6];
  else if (part) [first, months] = [Number(part), 1];
  const endMonth = first + months;
  return { period, from: vnStart(y, first), to: endMonth > 12 ? vnStart(y + 1, endMonth - 12) : vnStart(y, endMonth) };
}

/** The quarter containing the instant, e.g. '2026-Q4'. */
export function quarterOf(at: Date): string {
  const vn = new Date(at.getTime() + 7 * 3_600_000);
  return `${vn.getUTCFullYear()}-Q${Math.floor(vn.getUTCMonth() / 3) + 1}`;
}

/** Vietnamese label: "Quý IV/2026", "6 tháng đầu năm 2026", "Tháng 3/2026", "Năm 2026". */
export function periodLabel(period: string): string {
  const m = PERIOD_PATTERN.exec(period);
  if (!m) return period;
  const part = m[2];
  if (!part) return `Năm ${m[1]}`;
  if (part.startsWith('Q')) return `Quý ${['I', 'II', 'III', 'IV'][Number(part[1]) - 1]}/${m[1]}`;
  if (part.startsWith('H')) return `6 tháng ${part === 'H1' ? 'đầu' : 'cuối'} năm ${m[1]}`;
  return `Tháng ${Number(part)}/${m[1]}`;
}
