import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  raw: string;
}

/** A real SMTP server in this process, on a free port: what the mailer sends is kept in `received`. */
export async function startSmtp(): Promise<{
  port: number;
  received: ReceivedMail[];
  /** Resolves with the n-th message (from 1) once it has arrived: mail is sent after the answer, so a test waits for it. */
  waitFor(n: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}> {
  const received: ReceivedMail[] = [];
  const waiters: Array<() => void> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        waiters.splice(0).forEach((w) => w());
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    received,
    async waitFor(n) {
      while (received.length < n) await new Promise<void>((r) => waiters.push(r));
      return received[n - 1];
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Decodes RFC 2047 words and the text/plain part (quoted-printable or base64) of a raw message. */
function decodeWords(s: string): string {
  return s.replace(/=\?utf-8\?([qb])\?([^?]*)\?=\s*/gi, (_m, enc: string, text: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  );
}
function decodeQP(s: string): string {
  const bytes = s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** The subject and the plain text of a raw message. */
export function parseMail(raw: string): { subject: string; text: string } {
  const headerEnd = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, headerEnd).replace(/\r\n[ \t]+/g, ' ');
  const subject = decodeWords(/^Subject: (.*)$/im.exec(headers)![1]).trim();
  const parts = raw.split(/\r\n--[^\r\n]+\r\n/);
  const plain = parts.find((p) => /content-type: text\/plain/i.test(p.slice(0, p.indexOf('\r\n\r\n'))))!;
  const sep = plain.indexOf('\r\n\r\n');
  const ph = plain.slice(0, sep);
  let body = plain.slice(sep + 4).replace(/\r\n--[^\r\n]+--\s*$/, '');
  if (/transfer-encoding: quoted-printable/i.test(ph)) body = decodeQP(body);
  else if (/transfer-encoding: base64/i.test(ph)) body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return { subject, text: body };
}
