import type nodemailerModule from 'nodemailer';
import { lazyRequire } from '../lazy';
import type { Logger } from '../logger';

/** nodemailer (about 27 MB resident once loaded) is loaded only when a server sends mail through SMTP. */
const nodemailer = lazyRequire<typeof nodemailerModule>('nodemailer');

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  send(msg: MailMessage): Promise<void>;
  close(): void;
}

/**
 * SMTP through nodemailer when SMTP_URL is set (smtp://user:pass@host:port). Without it, messages are
 * written to the log instead of being sent, so a development machine needs no mail server.
 */
export function createMailer(opts: { smtpUrl?: string; from: string; log: Logger }): Mailer {
  if (!opts.smtpUrl) {
    return {
      async send(msg) {
        opts.log.info({ mail: { to: msg.to, subject: msg.subject, text: msg.text } }, 'mail (SMTP_URL not set, not sent)');
      },
      close() {},
    };
  }
  const transport = nodemailer.createTransport(opts.smtpUrl);
  return {
    async send(msg) {
      await transport.sendMail({ from: opts.from, ...msg });
    },
    close() {
      transport.close();
    },
  };
}
