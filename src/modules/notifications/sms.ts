import type { Logger } from '../../platform/logger';

/**
 * Where SMS (and later Zalo ZNS) messages go. A provider's adapter implements `send`; the job that
 * calls it retries on a thrown error, so `send` must throw when the provider refused the message.
 */
export interface SmsAdapter {
  readonly name: string;
  send(to: string, text: string): Promise<void>;
}

/**
 * No SMS gateway is contracted yet: the message is written as one structured log line
 * (`sms: { to, text }`) so an operator can see exactly what would have been sent.
 */
export class LoggingSmsAdapter implements SmsAdapter {
  readonly name = 'log';
  constructor(private readonly log: Logger) {}
  async send(to: string, text: string): Promise<void> {
    this.log.info({ sms: { to, text, chars: [...text].length } }, 'sms (no gateway configured, logged)');
  }
}

let configured: SmsAdapter | null = null;

/** Installs the adapter the SMS job uses (a provider's, or a test's). `null` restores the logging one. */
export function setSmsAdapter(adapter: SmsAdapter | null): void {
  configured = adapter;
}

export function smsAdapter(log: Logger): SmsAdapter {
  return configured ?? new LoggingSmsAdapter(log);
}

/** Keeps an SMS short (a Vietnamese UCS-2 segment is 70 characters): the title is cut, the link never. */
export function fitSms(prefix: string, title: string, url: string, max = 300): string {
  const len = (x: string) => [...x].length;
  let t = title;
  const room = max - len(prefix) - len(url) - 2;
  if (len(t) > room) t = [...t].slice(0, Math.max(0, room - 1)).join('') + '…';
  return `${prefix}${t} ${url}`;
}
