import type { AppContext } from '../../platform/context';
import type { Executor } from '../../platform/db/types';
import { actorOf, type Principal } from '../../platform/access/principal';
import { audit, SYSTEM_ACTOR } from '../../platform/audit/audit';
import { ValidationError, conflict, forbidden, notFound, unauthorized } from '../../platform/http/errors';
import { parse } from '../../platform/http/validate';
import { getSetting } from '../../platform/settings/settings';
import { clean, fold } from '../../platform/text/text';
import { addDays, daysBetween, formatVnDate } from '../../platform/calendar/dates';
import {
  issuerLines,
  numberLine,
  renderDocx,
  renderPdf,
  upperVi,
  type Decree30Block,
  type Decree30Spec,
} from '../../platform/documents/decree30';
import { notify, followers } from '../notifications/service';
import { allComments, markComment } from '../comments';
import type { CommentView } from '../comments/model';
import { getAgency } from '../directory/service';
import { COMMENT_TARGET, FOLLOW_TYPE, type Consultation, type ConsultationPhase, type DisclosedDocument, type Marking } from './model';
import { consultationInput, markInput, reportInput } from './schema';
import { canManageDocument } from './policy';
import { SETTINGS, getDocument, today, type Meta } from './service';

const vn = (d: string) => formatVnDate(d) ?? d;

// ─────────────────────────────────────────── reading

export async function getConsultation(db: Executor, documentId: number): Promise<Consultation | undefined> {
  const r = await db
    .selectFrom('consultations')
    .select([
      'id',
      'document_id',
      'opens_on',
      'closes_on',
      'short_reason',
      'closed_at',
      'report_intro',
      'report_number',
      'report_published_at',
      (eb) => eb('report_pdf', 'is not', null).as('has_pdf'),
    ])
    .where('document_id', '=', documentId)
    .executeTakeFirst();
  if (!r) return undefined;
  const sections = await db
    .selectFrom('consultation_sections')
    .select(['id', 'position', 'title', 'question'])
    .where('consultation_id', '=', r.id)
    .orderBy('position')
    .execute();
  return {
    id: r.id,
    documentId: r.document_id,
    opensOn: r.opens_on,
    closesOn: r.closes_on,
    shortReason: r.short_reason,
    sections,
    closedAt: r.closed_at,
    reportIntro: r.report_intro,
    reportNumber: r.report_number,
    reportPublishedAt: r.report_published_at,
    hasPdf: !!r.has_pdf,
  };
}

/** Where a consultation stands on a civil date. */
export function phaseOf(c: Pick<Consultation, 'opensOn' | 'closesOn' | 'reportPublishedAt'>, on: string): ConsultationPhase {
  if (c.reportPublishedAt) return 'reported';
  if (on < c.opensOn) return 'scheduled';
  if (on <= c.closesOn) return 'open';
  return 'closed';
}

/** The comment box's section key for a consultation section. */
export const sectionKey = (id: number) => `muc-${id}`;

/** Citizens' top-level comments: the ones the agency answers in its report (not replies, not officials'). */
export function answerable(comments: CommentView[]): CommentView[] {
  return comments.filter((c) => c.parentId === null && !c.author.agency);
}

// ─────────────────────────────────────────── opening

/**
 * Opens a published document for comment (art. 25) from opensOn to closesOn (civil dates,
 * inclusive). A window shorter than consultation.minDays needs a recorded reason. Before it opens,
 * the window and questions may be changed.
 */
export async function openConsultation(ctx: AppContext, p: Principal | null, documentId: number, raw: unknown, meta: Meta = {}): Promise<number> {
  if (!p) throw unauthorized();
  const input = parse(consultationInput, raw);
  const now = ctx.clock.now();
  const on = today(ctx);
  return ctx.db.transaction().execute(async (tx) => {
    await tx.selectFrom('documents').select('id').where('id', '=', documentId).forUpdate().executeTakeFirst();
    const doc = await getDocument(tx, documentId);
    if (!doc || (doc.status === 'draft' && !canManageDocument(p, doc))) throw notFound();
    if (!canManageDocument(p, doc)) throw forbidden('disclosure.error.notIssuer');
    if (doc.status !== 'published') throw conflict('consultation.error.notPublished');
    const existing = await getConsultation(tx, documentId);
    if (existing && phaseOf(existing, on) !== 'scheduled') throw conflict('consultation.error.started');

    const minDays = await getSetting<number>(tx, SETTINGS.consultationMinDays);
    const errors: Record<string, string> = {};
    const params: Record<string, Record<string, string | number>> = {};
    if (input.opensOn < on) errors.opensOn = 'consultation.error.startPast';
    const days = daysBetween(input.opensOn, input.closesOn);
    const reason = input.shortReason ? clean(input.shortReason) : null;
    if (days <= 0) errors.closesOn = 'consultation.error.endBeforeStart';
    else if (days < minDays && !reason) {
      errors.closesOn = 'consultation.error.shortWindow';
      params.closesOn = { days: minDays, date: vn(addDays(input.opensOn, minDays)) };
      errors.shortReason = 'consultation.error.reasonRequired';
      params.shortReason = { days: minDays };
    }
    if (Object.keys(errors).length) throw new ValidationError(errors, params);
    const shortReason = days < minDays ? reason : null;

    let id: number;
    if (existing) {
      id = existing.id;
      await tx.updateTable('consultations').set({ opens_on: input.opensOn, closes_on: input.closesOn, short_reason: shortReason, opened_notified_at: null, reminder_sent_at: null }).where('id', '=', id).execute();
      await tx.deleteFrom('consultation_sections').where('consultation_id', '=', id).execute();
    } else {
      const row = await tx
        .insertInto('consultations')
        .values({
          document_id: documentId,
          opens_on: input.opensOn,
          closes_on: input.closesOn,
          short_reason: shortReason,
          created_by: p.id,
          created_at: now,
          opened_notified_at: null,
          reminder_sent_at: null,
          closed_at: null,
          report_intro: null,
          report_number: null,
          report_docx: null,
          report_pdf: null,
          report_published_at: null,
          report_published_by: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = row.id;
    }
    const sections = input.sections.map((s, i) => ({ consultation_id: id, position: i + 1, title: clean(s.title), question: s.question ? clean(s.question) : null }));
    if (sections.length) await tx.insertInto('consultation_sections').values(sections).execute();
    await audit(tx, {
      actor: actorOf(p),
      action: existing ? 'consultation.update' : 'consultation.open',
      entityType: 'document',
      entityId: documentId,
      before: existing ? { opens_on: existing.opensOn, closes_on: existing.closesOn, short_reason: existing.shortReason, sections: existing.sections.map((s) => s.title) } : undefined,
      after: { opens_on: input.opensOn, closes_on: input.closesOn, days, short_reason: shortReason, sections: sections.map((s) => s.title) },
      ip: meta.ip,
      at: now,
    });
    if (input.opensOn <= on) await announceOpened(tx, doc, id, input.closesOn, now);
    return id;
  });
}

async function announceOpened(tx: Executor, doc: DisclosedDocument, consultationId: number, closesOn: string, at: Date): Promise<void> {
  await notify(tx, {
    recipients: await followers(tx, FOLLOW_TYPE, doc.id),
    event: 'consultation.opened',
    titleKey: 'consultation.notify.openedTitle',
    bodyKey: 'consultation.notify.openedBody',
    params: { title: doc.title, until: vn(closesOn) },
    link: `/cong-khai/${doc.id}`,
    entity: { type: FOLLOW_TYPE, id: doc.id },
    at,
  });
  await tx.updateTable('consultations').set({ opened_notified_at: at }).where('id', '=', consultationId).execute();
}

// ─────────────────────────────────────────── the scheduled steps

async function authorsOf(db: Executor, documentId: number): Promise<number[]> {
  const comments = await allComments(db, COMMENT_TARGET, documentId);
  return comments.map((c) => c.author.userId).filter((x): x is number => typeof x === 'number');
}

/**
 * Closes a consultation whose window has passed (once): records it, audits, and tells followers and
 * those who commented that the agency is now considering the comments. Runs from the job and when
 * the page is viewed, whichever comes first. Returns whether it closed it now.
 */
export async function closeIfDue(ctx: AppContext, documentId: number): Promise<boolean> {
  const on = today(ctx);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('consultations')
      .select(['id', 'closes_on', 'closed_at'])
      .where('document_id', '=', documentId)
      .forUpdate()
      .executeTakeFirst();
    if (!row || row.closed_at || row.closes_on >= on) return false;
    const doc = await getDocument(tx, documentId);
    if (!doc) return false;
    await tx.updateTable('consultations').set({ closed_at: now }).where('id', '=', row.id).execute();
    const count = (await allComments(tx, COMMENT_TARGET, documentId)).length;
    await audit(tx, { actor: SYSTEM_ACTOR, action: 'consultation.close', entityType: 'document', entityId: documentId, after: { closes_on: row.closes_on, comments: count }, at: now });
    await notify(tx, {
      recipients: [...(await followers(tx, FOLLOW_TYPE, documentId)), ...(await authorsOf(tx, documentId))],
      event: 'consultation.closed',
      titleKey: 'consultation.notify.closedTitle',
      bodyKey: 'consultation.notify.closedBody',
      params: { title: doc.title, count },
      link: `/cong-khai/${documentId}`,
      entity: { type: FOLLOW_TYPE, id: documentId },
      at: now,
    });
    return true;
  });
}

/** The recurring job: announces windows that opened, reminds before they close, closes those past. */
export async function runConsultationSchedule(ctx: AppContext): Promise<{ opened: number; reminded: number; closed: number }> {
  const on = today(ctx);
  const now = ctx.clock.now();
  const reminderDays = await getSetting<number>(ctx.db, SETTINGS.reminderDays);
  let opened = 0;
  let reminded = 0;
  let closed = 0;
  const toOpen = await ctx.db
    .selectFrom('consultations')
    .select(['id', 'document_id', 'closes_on'])
    .where('opened_notified_at', 'is', null)
    .where('opens_on', '<=', on)
    .where('closes_on', '>=', on)
    .execute();
  for (const c of toOpen) {
    await ctx.db.transaction().execute(async (tx) => {
      const fresh = await tx.selectFrom('consultations').select('opened_notified_at').where('id', '=', c.id).forUpdate().executeTakeFirst();
      const doc = await getDocument(tx, c.document_id);
      if (!fresh || fresh.opened_notified_at || !doc || doc.status !== 'published') return;
      await announceOpened(tx, doc, c.id, c.closes_on, now);
      opened++;
    });
  }
  if (reminderDays > 0) {
    const soon = await ctx.db
      .selectFrom('consultations')
      .select(['id', 'document_id', 'closes_on'])
      .where('reminder_sent_at', 'is', null)
      .where('opens_on', '<=', on)
      .where('closes_on', '>=', on)
      .where('closes_on', '<=', addDays(on, reminderDays))
      .execute();
    for (const c of soon) {
      await ctx.db.transaction().execute(async (tx) => {
        const fresh = await tx.selectFrom('consultations').select('reminder_sent_at').where('id', '=', c.id).forUpdate().executeTakeFirst();
        const doc = await getDocument(tx, c.document_id);
        if (!fresh || fresh.reminder_sent_at || !doc || doc.status !== 'published') return;
        await notify(tx, {
          recipients: await followers(tx, FOLLOW_TYPE, c.document_id),
          event: 'consultation.closingSoon',
          titleKey: 'consultation.notify.closingTitle',
          bodyKey: 'consultation.notify.closingBody',
          params: { title: doc.title, until: vn(c.closes_on), days: daysBetween(on, c.closes_on) + 1 },
          link: `/cong-khai/${c.document_id}`,
          entity: { type: FOLLOW_TYPE, id: c.document_id },
          at: now,
        });
        await tx.updateTable('consultations').set({ reminder_sent_at: now }).where('id', '=', c.id).execute();
        reminded++;
      });
    }
  }
  const past = await ctx.db.selectFrom('consultations').select('document_id').where('closed_at', 'is', null).where('closes_on', '<', on).execute();
  for (const c of past) if (await closeIfDue(ctx, c.document_id)) closed++;
  return { opened, reminded, closed };
}

// ─────────────────────────────────────────── marking and the report

async function managedClosed(tx: Executor, ctx: AppContext, p: Principal | null, documentId: number) {
  if (!p) throw unauthorized();
  const doc = await getDocument(tx, documentId);
  if (!doc || (doc.status === 'draft' && !canManageDocument(p, doc))) throw notFound();
  if (!canManageDocument(p, doc)) throw forbidden('disclosure.error.notIssuer');
  const c = await getConsultation(tx, documentId);
  if (!c) throw notFound();
  const phase = phaseOf(c, today(ctx));
  return { doc, c, phase };
}

/**
 * Records how the agency took one citizen's comment into account: accepted, partly accepted or
 * explained (with the explanation). Only once the window has closed and before the report is out.
 */
export async function markConsultationComment(
  ctx: AppContext,
  p: Principal | null,
  documentId: number,
  commentId: number,
  raw: unknown,
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const { phase } = await managedClosed(tx, ctx, p, documentId);
    if (phase === 'reported') throw conflict('consultation.error.reported');
    if (phase !== 'closed') throw conflict('consultation.error.notClosed');
    const comment = answerable(await allComments(tx, COMMENT_TARGET, documentId)).find((x) => x.id === commentId);
    if (!comment) throw notFound();
    // Checked after the comment is known to be markable: the page shows the message beside that comment's form.
    const input = parse(markInput, raw);
    await markComment(tx, actorOf(p), commentId, { decision: input.decision as Marking, explanation: input.explanation ?? null }, now);
  });
}

/** The agency's abbreviation in number lines ("UBND", "HĐND", or the initials of its short name). */
export function issuerAbbreviation(agency: { kind: string; shortName: string | null; name: string }): string {
  if (agency.kind === 'peoples_committee') return 'UBND';
  if (agency.kind === 'peoples_council') return 'HĐND';
  if (agency.kind === 'front') return 'MTTQ';
  const base = (agency.shortName ?? agency.name).replace(/\s+(tỉnh|phường|xã|đặc khu)\s.*$/i, '');
  return base
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => upperVi(w[0]))
    .join('')
    .slice(0, 8);
}

/** The issuer block of the heading, and the signature, for an agency at a unit. */
export function issuerFor(
  agency: { kind: string; name: string; shortName: string | null },
  unit: { fullName: string },
): { heading: { issuer: string[]; boldAll: boolean }; signature: string[] } {
  if (agency.kind === 'peoples_committee') {
    return { heading: { issuer: issuerLines('Ủy ban nhân dân', unit.fullName), boldAll: true }, signature: ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH'] };
  }
  if (agency.kind === 'peoples_council') {
    return { heading: { issuer: issuerLines('Hội đồng nhân dân', unit.fullName), boldAll: true }, signature: ['TM. HỘI ĐỒNG NHÂN DÂN', 'CHỦ TỊCH'] };
  }
  if (agency.kind === 'department') return { heading: { issuer: issuerLines(agency.name), boldAll: true }, signature: ['GIÁM ĐỐC'] };
  return { heading: { issuer: issuerLines(agency.name), boldAll: true }, signature: ['THỦ TRƯỞNG CƠ QUAN'] };
}

const DECISION_LABEL: Record<Marking, string> = {
  accepted: 'Tiếp thu',
  partly_accepted: 'Tiếp thu một phần',
  explained: 'Giải trình',
};

/**
 * The synthesis report (báo cáo tiếp thu, giải trình — art. 28) as a Decree 30 document: the
 * window, the number of comments by outcome and section, and each comment with its outcome and
 * the agency's explanation. Official documents are in Vietnamese whatever the reader's language.
 */
export async function buildReportSpec(
  db: Executor,
  doc: DisclosedDocument,
  c: Consultation,
  comments: CommentView[],
  opts: { intro?: string | null; number?: string | null; date: string },
): Promise<Decree30Spec> {
  const agency = await getAgency(db, doc.agencyId);
  if (!agency) throw notFound();
  const issuer = issuerFor(agency, { fullName: doc.unitName });
  const items = answerable(comments);
  const count = (d: Marking) => items.filter((x) => x.decision === d).length;
  const sectionTitle = new Map(c.sections.map((s) => [sectionKey(s.id), `${s.position}. ${s.title}`]));
  const docRef = `${doc.title}${doc.docNumber ? ` (số ${doc.docNumber})` : ''}`;
  const intro =
    opts.intro?.trim() ||
    `Thực hiện Luật Thực hiện dân chủ ở cơ sở năm 2022, ${agency.name} đã tổ chức lấy ý kiến Nhân dân đối với ${docRef} ` +
      `từ ngày ${vn(c.opensOn)} đến ngày ${vn(c.closesOn)}, bằng hình thức đăng tải công khai trên Cổng Đối Thoại để Nhân dân góp ý. ` +
      `${agency.name} báo cáo kết quả tiếp thu, giải trình ý kiến của Nhân dân như sau:`;
  const blocks: Decree30Block[] = intro.split(/\n{2,}/).map((t) => ({ kind: 'paragraph' as const, text: t.trim() }));
  blocks.push({ kind: 'heading', text: 'I. KẾT QUẢ LẤY Ý KIẾN' });
  blocks.push({
    kind: 'paragraph',
    text:
      `Tổng số ý kiến của Nhân dân nhận được: ${items.length}. Trong đó: tiếp thu ${count('accepted')} ý kiến; ` +
      `tiếp thu một phần ${count('partly_accepted')} ý kiến; giải trình ${count('explained')} ý kiến.`,
  });
  if (c.sections.length) {
    const general = items.filter((x) => !x.section || !sectionTitle.has(x.section)).length;
    blocks.push({
      kind: 'table',
      columns: [
        { title: 'Phần, câu hỏi lấy ý kiến', width: 6 },
        { title: 'Số ý kiến', width: 2, align: 'center' },
      ],
      rows: [
        ['Ý kiến chung về toàn văn', String(general)],
        ...c.sections.map((s) => [`${s.position}. ${s.title}`, String(items.filter((x) => x.section === sectionKey(s.id)).length)]),
      ],
    });
  }
  blocks.push({ kind: 'heading', text: 'II. NỘI DUNG TIẾP THU, GIẢI TRÌNH' });
  if (items.length === 0) {
    blocks.push({ kind: 'paragraph', text: 'Trong thời gian lấy ý kiến, không có ý kiến nào của Nhân dân gửi đến.' });
  } else {
    blocks.push({
      kind: 'table',
      columns: [
        { title: 'STT', width: 0.8, align: 'center' },
        { title: 'Ý kiến của Nhân dân', width: 5 },
        { title: 'Kết quả', width: 1.8 },
        { title: 'Nội dung tiếp thu, giải trình', width: 4.4 },
      ],
      rows: items.map((x, i) => [
        String(i + 1),
        `${x.author.name}${x.section && sectionTitle.has(x.section) ? ` (${sectionTitle.get(x.section)})` : ''}: ${x.body}`,
        x.decision ? DECISION_LABEL[x.decision] : '',
        x.explanation ?? (x.decision === 'accepted' ? 'Tiếp thu toàn bộ ý kiến.' : ''),
      ]),
    });
  }
  const place = doc.unitLevel === 'province' ? doc.unitShortName : doc.unitShortName;
  return {
    heading: { ...issuer.heading, number: numberLine(opts.number ?? null, 'BC', issuerAbbreviation(agency)), place, date: opts.date },
    title: { type: 'Báo cáo', summary: `Tiếp thu, giải trình ý kiến của Nhân dân đối với ${doc.title}` },
    blocks,
    recipients: [`Ủy ban MTTQ Việt Nam ${doc.unitName};`, 'Đăng tải trên Cổng Đối Thoại;', 'Lưu: VT.'],
    signature: { lines: issuer.signature },
    meta: { title: `Báo cáo tiếp thu, giải trình - ${doc.title}`, author: agency.name },
  };
}

/** How many citizens' comments still wait for an answer. */
export function unmarked(comments: CommentView[]): number {
  return answerable(comments).filter((x) => !x.decision).length;
}

/** A draft of the report for the officer to check before publishing (not stored). */
export async function previewReport(ctx: AppContext, p: Principal | null, documentId: number, raw: unknown): Promise<Buffer> {
  const input = parse(reportInput, raw);
  const { doc, c, phase } = await managedClosed(ctx.db, ctx, p, documentId);
  if (phase === 'scheduled' || phase === 'open') throw conflict('consultation.error.notClosed');
  const comments = await allComments(ctx.db, COMMENT_TARGET, documentId);
  return renderDocx(await buildReportSpec(ctx.db, doc, c, comments, { intro: input.intro, number: input.number, date: today(ctx) }));
}

/**
 * Generates the synthesis report (DOCX and PDF) once every citizen's comment has been answered,
 * publishes it beside the document, and notifies followers and those who commented.
 */
export async function publishReport(ctx: AppContext, p: Principal | null, documentId: number, raw: unknown, meta: Meta = {}): Promise<void> {
  await closeIfDue(ctx, documentId);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    await tx.selectFrom('consultations').select('id').where('document_id', '=', documentId).forUpdate().executeTakeFirst();
    const { doc, c, phase } = await managedClosed(tx, ctx, p, documentId);
    if (phase === 'reported') throw conflict('consultation.error.reported');
    if (phase !== 'closed') throw conflict('consultation.error.notClosed');
    // The fields once the report form is known to be shown, so their messages have a place (nothing written yet).
    const input = parse(reportInput, raw);
    const comments = await allComments(tx, COMMENT_TARGET, documentId);
    const left = unmarked(comments);
    if (left > 0) throw conflict('consultation.error.unmarked', { n: left });
    const intro = input.intro ? input.intro.normalize('NFC').trim() : null;
    const number = input.number ? clean(input.number) : null;
    const spec = await buildReportSpec(tx, doc, c, comments, { intro, number, date: today(ctx) });
    const [docx, pdf] = [await renderDocx(spec), await renderPdf(spec)];
    await tx
      .updateTable('consultations')
      .set({ report_intro: intro, report_number: number, report_docx: docx, report_pdf: pdf, report_published_at: now, report_published_by: p!.id })
      .where('id', '=', c.id)
      .execute();
    const items = answerable(comments);
    await audit(tx, {
      actor: actorOf(p),
      action: 'consultation.report.publish',
      entityType: 'document',
      entityId: documentId,
      after: {
        number,
        comments: items.length,
        accepted: items.filter((x) => x.decision === 'accepted').length,
        partly_accepted: items.filter((x) => x.decision === 'partly_accepted').length,
        explained: items.filter((x) => x.decision === 'explained').length,
        docx_bytes: docx.byteLength,
        pdf_bytes: pdf.byteLength,
      },
      ip: meta.ip,
      at: now,
    });
    await notify(tx, {
      recipients: [...(await followers(tx, FOLLOW_TYPE, documentId)), ...items.map((x) => x.author.userId).filter((x): x is number => typeof x === 'number')],
      event: 'consultation.reported',
      titleKey: 'consultation.notify.reportTitle',
      bodyKey: 'consultation.notify.reportBody',
      params: { title: doc.title },
      link: `/cong-khai/${documentId}#bao-cao`,
      entity: { type: FOLLOW_TYPE, id: documentId },
      at: now,
    });
  });
}

/** The published report's file (docx or pdf), or undefined. */
export async function reportFile(db: Executor, documentId: number, kind: 'docx' | 'pdf'): Promise<Buffer | undefined> {
  const r = await db
    .selectFrom('consultations as k')
    .innerJoin('documents as d', 'd.id', 'k.document_id')
    .select(['k.report_docx', 'k.report_pdf', 'k.report_published_at', 'd.status'])
    .where('k.document_id', '=', documentId)
    .executeTakeFirst();
  if (!r || !r.report_published_at || r.status === 'draft') return undefined;
  const data = kind === 'docx' ? r.report_docx : r.report_pdf;
  if (!data) return undefined;
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** A file name for the report: ASCII, from the title. */
export function reportFilename(doc: { id: number; title: string }, ext: string): string {
  const slug = fold(doc.title)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `bao-cao-tiep-thu-giai-trinh-${doc.id}${slug ? `-${slug}` : ''}.${ext}`;
}
