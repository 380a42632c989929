// The e-mails of accounts: sent after the transaction, never making the caller wait.
import type { AppContext } from '../../../platform/context';

/** Sends after the transaction committed, without making the caller wait (the answer must not tell). */
export function sendLater(ctx: AppContext, msg: { to: string; subject: string; text: string }): void {
  ctx.mailer.send(msg).catch((err) => ctx.log.error({ err, to: msg.to }, 'password mail not sent'));
}

export function resetLink(ctx: AppContext, token: string): string {
  return `${ctx.config.publicUrl}/dat-lai-mat-khau?token=${encodeURIComponent(token)}`;
}
