import type { AppContext } from '../../../platform/context';
import { actorOf, type Principal } from '../../../platform/access/principal';
import { audit } from '../../../platform/audit/audit';
import { conflict, forbidden, unauthorized, ValidationError } from '../../../platform/http/errors';
import { afterCommit } from '../../../platform/db/after-commit';
import { BatchValidationError, createPetitions } from '../../petitions/service';
import { workingDaysBetweenDates } from '../../calendar/service';
import type { Commitment } from '../model';
import { actorRoles } from '../policy';
import { canTransition, TRANSITIONS } from '../state-machine';
import { commitmentSettings } from '../settings';
import { addEvent, loadCommitment, todayVN } from './common';
import { commitmentPath, notifyCommitment } from './notify';
import { forgetLists } from './cache';

/**
 * Turns an unresolved commitment (found not kept, or overdue past the setting) into a petition of its
 * responsible agency, through the petitions module, linked both ways: the petition's text names the commitment
 * and its page, the commitment keeps the petition's code. The petition is entered by the head or the Front
 * officer (channel: the Front's gathering, or the reception desk for a head). The petition and the commitment's
 * link to it are written in one transaction.
 */
export async function turnIntoPetition(ctx: AppContext, actor: Principal | null, code: string): Promise<Commitment> {
  if (!actor) throw unauthorized();
  const c = await loadCommitment(ctx.db, ctx, code);
  const roles = actorRoles(actor, c);
  if (!TRANSITIONS.to_petition.by.some((r) => roles.includes(r))) throw forbidden('commitments.error.forbidden.to_petition');
  if (c.petitionCode) throw conflict('commitments.error.alreadyPetition', { code: c.petitionCode });
  if (!canTransition(c.state, 'to_petition')) throw conflict('commitments.error.state', { stateKey: `commitments.state.${c.state}` });
  const s = await commitmentSettings(ctx.db);
  const today = todayVN(ctx);
  const lateBy = c.overdue ? await workingDaysBetweenDates(ctx, c.deadline, today) : 0;
  if (c.state !== 'verified_not_kept' && !(c.overdue && lateBy >= s['commitments.toPetition.overdueDays'])) {
    throw conflict('commitments.error.notUnresolved', { days: s['commitments.toPetition.overdueDays'] });
  }
  const front = roles.includes('front');
  const grant = actor.roles.find((g) => (front ? g.role === 'front_officer' && g.unitCode === c.unitCode : g.role === 'head'))!;
  const link = `${ctx.config.publicUrl}${commitmentPath(c)}`;
  const input = {
    kind: 'kien_nghi',
    title: `Cam kết ${c.code} chưa được thực hiện`,
    content: `Cam kết của ${c.promisedBy.title} ${c.promisedBy.name} ngày ${c.promisedOn.split('-').reverse().join('/')} (${c.source.label}): “${c.text}”. Hạn ${c.deadline.split('-').reverse().join('/')}, ${c.state === 'verified_not_kept' ? 'Mặt trận kết luận chưa thực hiện đạt yêu cầu' : `quá hạn ${lateBy} ngày làm việc`}. Theo dõi: ${link}`,
    unitCode: c.unitCode,
    categoryId: c.categoryId ?? undefined,
    agencyId: c.agencyId,
    visibility: c.isPublic ? 'public' : 'private',
    channel: front ? 'front_gathering' : 'reception_desk',
    enteredAgencyId: grant.agencyId,
    petitioner: { name: actorOf(actor).label },
  };
  const now = ctx.clock.now();
  try {
    // One transaction: the petition (through the petitions module) and the commitment's link to it, or neither.
    const { result } = await createPetitions(ctx, actor, [input], {}, async (tx, [{ petition }]) => {
      const locked = await loadCommitment(tx, ctx, c.id, true);
      if (locked.petitionCode) throw conflict('commitments.error.alreadyPetition', { code: locked.petitionCode });
      await tx.updateTable('commitments').set({ petition_id: petition.id, petition_code: petition.code, updated_at: now }).where('id', '=', c.id).execute();
      await addEvent(tx, { commitmentId: c.id, type: 'petition', from: c.state, to: c.state, public: true, actor: actorOf(actor), data: { petitionCode: petition.code }, at: now });
      await audit(tx, { actor: actorOf(actor), action: 'commitment.to_petition', entityType: 'commitment', entityId: c.id, after: { petitionId: petition.id, petitionCode: petition.code }, at: now });
      await notifyCommitment(tx, locked, 'petition', { at: now, actorId: actor.id, params: { petition: petition.code } });
      await afterCommit(tx, forgetLists);
      return loadCommitment(tx, ctx, c.id);
    });
    return result;
  } catch (e) {
    // One petition asked for: its field messages as for a single one.
    if (e instanceof BatchValidationError) throw new ValidationError(e.rows[0].errors, e.rows[0].params);
    throw e;
  }
}
