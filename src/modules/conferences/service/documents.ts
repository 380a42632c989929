import { sql } from 'kysely';
import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import type { Principal } from '../../../platform/access/principal';
import { audit } from '../../../platform/audit/audit';
import { conflict, forbidden, notFound } from '../../../platform/http/errors';
import { parse } from '../../../platform/http/validate';
import { formatDate } from '../../../platform/i18n/i18n';
import { todayInVietnam } from '../../../platform/calendar/dates';
import { issuerLines, numberLine, renderDocx, renderPdf, upperVi, type Decree30Block, type Decree30Spec } from '../../../platform/documents/decree30';
import { getAgencies, getUnit } from '../../directory/service';
import type { Agency } from '../../directory/model';
import type { Conference, DocumentKind, Question } from '../model';
import { canManage } from '../policy';
import { documentEditSchema, type DocumentEdit } from '../schema';
import { actor, getConference, lockConference, questionsOf, vnParts } from './common';

export interface DocumentContent extends DocumentEdit {}

export interface ConferenceDocument {
  id: number;
  conferenceId: number;
  kind: DocumentKind;
  version: number;
  number: number | null;
  year: number;
  content: DocumentContent;
  status: 'draft' | 'issued';
  issuedAt: Date | null;
  correctionOf: number | null;
}

/** Documents can be drawn up once the conference has been held. */
const AFTER_THE_DAY = ['held', 'results_published', 'closed'];

const ABBR: Partial<Record<Agency['kind'], string>> = { peoples_committee: 'UBND', party_committee: 'ĐU', front: 'MTTQ', peoples_council: 'HĐND' };

function abbrOf(a: Agency): string {
  return ABBR[a.kind] ?? (a.shortName ?? a.name).split(/\s+/).map((w) => upperVi(w[0] ?? '')).join('');
}

/** The conclusion notice is a Party document when the party committee chaired (Hướng dẫn 36), a state one otherwise. */
export function isPartyChaired(c: Conference, agencies: Map<number, Agency>): boolean {
  return c.kind === 'party_head' || c.chairs.some((ch) => agencies.get(ch.agencyId)?.kind === 'party_committee');
}

function toDoc(r: { id: number; conference_id: number; kind: DocumentKind; version: number; number: number | null; year: number; content: unknown; status: 'draft' | 'issued'; issued_at: Date | null; correction_of: number | null }): ConferenceDocument {
  return {
    id: r.id,
    conferenceId: r.conference_id,
    kind: r.kind,
    version: r.version,
    number: r.number,
    year: r.year,
    content: (r.content ?? {}) as DocumentContent,
    status: r.status,
    issuedAt: r.issued_at,
    correctionOf: r.correction_of,
  };
}

const docColumns = ['id', 'conference_id', 'kind', 'version', 'number', 'year', 'content', 'status', 'issued_at', 'correction_of'] as const;

/** The latest version of each document of the conference. */
export async function conferenceDocuments(db: Executor, conferenceId: number): Promise<Partial<Record<DocumentKind, ConferenceDocument>>> {
  const rows = await db.selectFrom('conference_documents').select(docColumns).where('conference_id', '=', conferenceId).orderBy('version', 'desc').execute();
  const out: Partial<Record<DocumentKind, ConferenceDocument>> = {};
  for (const r of rows) out[r.kind] ??= toDoc(r);
  return out;
}

/** The latest issued version of each document (what the public sees). */
export async function issuedDocuments(db: Executor, conferenceId: number): Promise<Partial<Record<DocumentKind, ConferenceDocument>>> {
  const rows = await db
    .selectFrom('conference_documents')
    .select(docColumns)
    .where('conference_id', '=', conferenceId)
    .where('status', '=', 'issued')
    .orderBy('version', 'desc')
    .execute();
  const out: Partial<Record<DocumentKind, ConferenceDocument>> = {};
  for (const r of rows) out[r.kind] ??= toDoc(r);
  return out;
}

function defaults(c: Conference, kind: DocumentKind, agencies: Map<number, Agency>): DocumentContent {
  const lead = c.chairs[0];
  if (kind === 'minutes') {
    return {
      intro: `Hội nghị đối thoại trực tiếp giữa ${c.chairs.map((ch) => `đồng chí ${ch.name}, ${ch.title}`).join(' và ')} với Nhân dân. ${c.description ?? ''}`.trim(),
      proceedings: 'Đại diện Ủy ban nhân dân báo cáo tình hình kinh tế - xã hội, quốc phòng - an ninh và kết quả giải quyết kiến nghị của Nhân dân; các cơ quan trả lời các ý kiến đã tổng hợp trước hội nghị; Nhân dân phát biểu ý kiến trực tiếp tại hội nghị; chủ tọa trả lời và kết luận.',
      closing: 'Biên bản được đọc lại cho hội nghị nghe và nhất trí thông qua.',
      secretary: c.secretary ?? undefined,
      attendeesCount: c.attendeesCount ?? undefined,
      attendeeGroups: c.attendeeGroups ?? c.invited ?? undefined,
    };
  }
  const party = isPartyChaired(c, agencies);
  return {
    intro: `Ngày ${formatDate(c.startsAt)}, tại ${c.venue ?? c.onlineUrl ?? ''}, ${lead ? `đồng chí ${lead.name}, ${lead.title}` : ''} chủ trì hội nghị đối thoại với Nhân dân. Sau khi nghe ý kiến của Nhân dân và các cơ quan, đơn vị, đồng chí chủ trì kết luận như sau:`,
    conclusions: 'Ghi nhận, đánh giá cao tinh thần dân chủ, thẳng thắn của Nhân dân tại hội nghị. Các cơ quan, đơn vị được giao nhiệm vụ tại Thông báo này khẩn trương triển khai, trả lời bằng văn bản cho công dân và báo cáo kết quả đúng thời hạn.',
    recipients: party
      ? 'Ban Thường vụ Tỉnh ủy (b/c)\nCác đồng chí Ủy viên Ban Chấp hành Đảng bộ\nCác cơ quan, đơn vị có tên tại Thông báo\nLưu Văn phòng Đảng ủy'
      : 'Ủy ban nhân dân tỉnh (b/c)\nCác cơ quan, đơn vị có tên tại Thông báo\nTrưởng các thôn, bản, tổ dân phố\nLưu: VT',
  };
}

const hhmm = (d: Date) => {
  const t = vnParts(d).time;
  return `${t.slice(0, 2)} giờ ${t.slice(3, 5)} phút`;
};

/** Which agency issues the document: the party committee chaired (notice), else the organising agency. */
function issuerOf(c: Conference, kind: DocumentKind, agencies: Map<number, Agency>): Agency {
  if (kind === 'conclusion' && isPartyChaired(c, agencies)) {
    const party = c.chairs.map((ch) => agencies.get(ch.agencyId)).find((a) => a?.kind === 'party_committee');
    if (party) return party;
  }
  return agencies.get(c.agencyId)!;
}

async function agenciesFor(db: Executor, c: Conference, questions: Question[]): Promise<Map<number, Agency>> {
  const ids = [c.agencyId, ...c.chairs.map((ch) => ch.agencyId), ...questions.flatMap((q) => [q.commitmentAgencyId, q.assignedAgencyId]).filter((x): x is number => !!x)];
  return getAgencies(db, [...new Set(ids)]);
}

/** The document in the Decree 30 layout (Form 1.9 for the minutes; the Party or state layout for the notice). */
export async function documentSpec(db: Executor, c: Conference, kind: DocumentKind, content: DocumentContent, number: number | null, opts: { correction?: boolean } = {}): Promise<Decree30Spec> {
  const questions = (await questionsOf(db, c.id)).filter((q) => q.status !== 'merged');
  const agencies = await agenciesFor(db, c, questions);
  const unit = await getUnit(db, c.unitCode);
  const province = await getUnit(db, c.provinceCode);
  const issuer = issuerOf(c, kind, agencies);
  const party = kind === 'conclusion' && issuer.kind === 'party_committee';
  const lines =
    issuer.kind === 'peoples_committee'
      ? issuerLines('Ủy ban nhân dân', unit?.fullName ?? '')
      : issuer.kind === 'party_committee'
        ? issuerLines(`Đảng bộ ${province?.fullName ?? ''}`, issuer.name)
        : issuerLines(unit?.fullName ?? '', issuer.name);
  const abbr = abbrOf(issuer);
  const place = unit?.name ?? '';
  const subtitle = opts.correction ? '(Bản đính chính)' : undefined;
  const agencyName = (id: number | null) => (id ? (agencies.get(id)?.name ?? '') : '');
  const lead = c.chairs.find((ch) => ch.agencyId === issuer.id) ?? c.chairs[0];

  if (kind === 'minutes') {
    const started = c.startedAt ?? c.startsAt;
    const ended = c.endedAt ?? c.endsAt;
    const blocks: Decree30Block[] = [
      { kind: 'paragraph', text: `Thời gian bắt đầu: ${hhmm(started)}, ngày ${formatDate(started)}.` },
      { kind: 'paragraph', text: `Địa điểm: ${[c.venue, c.onlineUrl ? `trực tuyến tại ${c.onlineUrl}` : null].filter(Boolean).join('; ')}.` },
      { kind: 'paragraph', text: `Thành phần tham dự: ${content.attendeeGroups ?? ''}${content.attendeesCount !== undefined ? ` (tổng số ${content.attendeesCount} người)` : ''}.` },
      { kind: 'paragraph', text: `Chủ trì: ${c.chairs.map((ch) => `đồng chí ${ch.name}, ${ch.title}`).join('; ')}.` },
      { kind: 'paragraph', text: `Thư ký: ${content.secretary ?? ''}.` },
      { kind: 'heading', text: 'Nội dung:' },
    ];
    if (content.intro) blocks.push({ kind: 'paragraph', text: content.intro });
    if (content.proceedings) blocks.push({ kind: 'paragraph', text: content.proceedings });
    blocks.push({ kind: 'heading', text: 'Ý kiến của Nhân dân và trả lời tại hội nghị:' });
    questions.forEach((q, i) => {
      blocks.push({ kind: 'paragraph', text: [{ text: `${i + 1}. ${q.askerName}${q.askerVillage ? ` (${q.askerVillage})` : ''}: `, bold: true }, { text: q.content }] });
      if (q.answer) blocks.push({ kind: 'paragraph', text: [{ text: `Trả lời (${q.answeredByName}, ${q.answeredByTitle}): `, italic: true }, { text: q.answer }] });
      else blocks.push({ kind: 'paragraph', text: [{ text: q.level === 'above' ? 'Chuyển cấp trên trả lời.' : 'Chưa trả lời tại hội nghị; chuyển cơ quan có thẩm quyền trả lời bằng văn bản.', italic: true }] });
      if (q.commitmentText) {
        blocks.push({
          kind: 'paragraph',
          text: [{ text: 'Cam kết: ', bold: true }, { text: `${q.commitmentText}; đơn vị chịu trách nhiệm: ${agencyName(q.commitmentAgencyId)}; thời hạn: ${formatDate(q.commitmentDeadline)}.` }],
        });
      }
    });
    blocks.push({ kind: 'paragraph', text: `Hội nghị kết thúc vào hồi ${hhmm(ended)} cùng ngày. ${content.closing ?? ''}`.trim() });
    return {
      heading: { issuer: lines, boldAll: issuer.kind === 'peoples_committee', number: numberLine(number, 'BB', abbr) },
      title: { type: 'Biên bản', summary: c.title, subtitle },
      blocks,
      leftSignature: { lines: ['THƯ KÝ'], name: content.secretary },
      signature: { lines: ['CHỦ TỌA'], name: lead?.name },
      meta: { title: `Biên bản - ${c.title}` },
    };
  }

  const commitments = questions.filter((q) => q.commitmentText);
  const blocks: Decree30Block[] = [];
  if (content.intro) blocks.push({ kind: 'paragraph', text: content.intro });
  if (content.conclusions) for (const para of content.conclusions.split(/\n+/)) blocks.push({ kind: 'paragraph', text: para });
  if (commitments.length) {
    blocks.push({ kind: 'heading', text: 'Giao nhiệm vụ:' });
    blocks.push({
      kind: 'table',
      columns: [
        { title: 'STT', width: 6, align: 'center' },
        { title: 'Nội dung', width: 50 },
        { title: 'Đơn vị thực hiện', width: 26 },
        { title: 'Thời hạn', width: 18, align: 'center' },
      ],
      rows: commitments.map((q, i) => [String(i + 1), q.commitmentText!, agencyName(q.commitmentAgencyId), formatDate(q.commitmentDeadline)]),
    });
  }
  const date = c.endedAt ?? c.endsAt;
  const partyNumber = `Số ${number === null ? '\u00a0'.repeat(6) : String(number).padStart(2, '0')}-TB/${abbr}`;
  const pos = lead?.title.split(/\s+/)[0] ?? '';
  return {
    heading: {
      issuer: lines,
      boldAll: issuer.kind === 'peoples_committee',
      number: party ? partyNumber : numberLine(number, 'TB', abbr),
      place,
      date: todayInVietnam(date),
      layout: party ? 'party' : 'state',
    },
    title: { type: 'Thông báo', summary: `Kết luận của đồng chí ${lead?.name ?? ''}, ${lead?.title ?? ''} tại hội nghị đối thoại với Nhân dân`, subtitle },
    blocks,
    recipients: (content.recipients ?? '').split('\n').map((s) => s.trim()).filter(Boolean),
    signature: party ? { lines: ['T/M ĐẢNG ỦY', upperVi(pos)], name: lead?.name } : { lines: ['TM. ỦY BAN NHÂN DÂN', upperVi(pos)], name: lead?.name },
    meta: { title: `Thông báo kết luận - ${c.title}` },
  };
}

async function latest(tx: Executor, conferenceId: number, kind: DocumentKind) {
  return tx.selectFrom('conference_documents').selectAll().where('conference_id', '=', conferenceId).where('kind', '=', kind).orderBy('version', 'desc').limit(1).executeTakeFirst();
}

/** The current draft of a document, created from what was recorded when there is none yet. */
export async function draftDocument(ctx: AppContext, p: Principal | null, conferenceId: number, kind: DocumentKind): Promise<ConferenceDocument> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const c = await lockConference(tx, conferenceId);
    if (!canManage(p, c)) throw forbidden();
    if (!AFTER_THE_DAY.includes(c.status)) throw conflict('conferences.error.notHeld');
    const cur = await latest(tx, conferenceId, kind);
    if (cur) return toDoc(cur);
    const agencies = await agenciesFor(tx, c, []);
    const row = await tx
      .insertInto('conference_documents')
      .values({ conference_id: conferenceId, kind, version: 1, number: null, year: Number(todayInVietnam(now).slice(0, 4)), content: JSON.stringify(defaults(c, kind, agencies)), status: 'draft', issued_at: null, issued_by: null, docx: null, pdf: null, correction_of: null, created_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(tx, { actor: actor(p), action: `conference.${kind}.draft`, entityType: 'conference', entityId: conferenceId, after: { version: 1 }, at: now });
    return toDoc(row);
  });
}

/** Edits the draft; an issued document is frozen (a correction is a new version). */
export async function editDocument(ctx: AppContext, p: Principal | null, conferenceId: number, kind: DocumentKind, input: unknown): Promise<ConferenceDocument> {
  const edit = parse(documentEditSchema, input);
  const now = ctx.clock.now();
  await draftDocument(ctx, p, conferenceId, kind);
  return ctx.db.transaction().execute(async (tx) => {
    const c = await lockConference(tx, conferenceId);
    if (!canManage(p, c)) throw forbidden();
    const cur = (await latest(tx, conferenceId, kind))!;
    if (cur.status === 'issued') throw conflict('conferences.error.frozen');
    const content = { ...(cur.content as object), ...edit };
    const row = await tx.updateTable('conference_documents').set({ content: JSON.stringify(content) }).where('id', '=', cur.id).returningAll().executeTakeFirstOrThrow();
    if (kind === 'minutes') {
      await tx.updateTable('conferences').set({ secretary: edit.secretary ?? c.secretary, attendees_count: edit.attendeesCount ?? c.attendeesCount, attendee_groups: edit.attendeeGroups ?? c.attendeeGroups }).where('id', '=', conferenceId).execute();
    }
    await audit(tx, { actor: actor(p), action: `conference.${kind}.edit`, entityType: 'conference', entityId: conferenceId, before: cur.content, after: content, at: now });
    return toDoc(row);
  });
}

/**
 * Issues the draft: numbered per issuing body and year (a correction keeps its original's number), rendered to
 * DOCX and PDF once, and frozen.
 */
export async function issueDocument(ctx: AppContext, p: Principal | null, conferenceId: number, kind: DocumentKind): Promise<ConferenceDocument> {
  const now = ctx.clock.now();
  await draftDocument(ctx, p, conferenceId, kind);
  return ctx.db.transaction().execute(async (tx) => {
    const c = await lockConference(tx, conferenceId);
    if (!canManage(p, c)) throw forbidden();
    const cur = (await latest(tx, conferenceId, kind))!;
    if (cur.status === 'issued') throw conflict('conferences.error.frozen');
    let number = cur.number;
    if (number === null) {
      const agencies = await agenciesFor(tx, c, []);
      const issuer = issuerOf(c, kind, agencies);
      const r = await tx
        .insertInto('conference_document_numbers')
        .values({ issuer: String(issuer.id), year: cur.year, kind, last: 1 })
        .onConflict((oc) => oc.columns(['issuer', 'year', 'kind']).doUpdateSet({ last: sql`conference_document_numbers.last + 1` }))
        .returning('last')
        .executeTakeFirstOrThrow();
      number = r.last;
    }
    const spec = await documentSpec(tx, c, kind, cur.content as DocumentContent, number, { correction: cur.correction_of !== null });
    const [docx, pdf] = await Promise.all([renderDocx(spec), renderPdf(spec)]);
    const row = await tx
      .updateTable('conference_documents')
      .set({ status: 'issued', number, issued_at: now, issued_by: p?.id ?? null, docx, pdf })
      .where('id', '=', cur.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(tx, { actor: actor(p), action: `conference.${kind}.issue`, entityType: 'conference', entityId: conferenceId, after: { version: cur.version, number }, at: now });
    return toDoc(row);
  });
}

/** A correction of an issued document: a new draft version from its content (audited), issued in turn. */
export async function correctDocument(ctx: AppContext, p: Principal | null, conferenceId: number, kind: DocumentKind): Promise<ConferenceDocument> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const c = await lockConference(tx, conferenceId);
    if (!canManage(p, c)) throw forbidden();
    const cur = await latest(tx, conferenceId, kind);
    if (!cur || cur.status !== 'issued') throw conflict('conferences.error.notIssued');
    const row = await tx
      .insertInto('conference_documents')
      .values({ conference_id: conferenceId, kind, version: cur.version + 1, number: cur.number, year: cur.year, content: JSON.stringify(cur.content), status: 'draft', issued_at: null, issued_by: null, docx: null, pdf: null, correction_of: cur.id, created_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(tx, { actor: actor(p), action: `conference.${kind}.correct`, entityType: 'conference', entityId: conferenceId, before: { version: cur.version }, after: { version: cur.version + 1 }, at: now });
    return toDoc(row);
  });
}

/** The file of the latest issued version, or (for the organisers) a preview of the draft. */
export async function documentFile(ctx: AppContext, p: Principal | null, conferenceId: number, kind: DocumentKind, ext: 'docx' | 'pdf'): Promise<Buffer> {
  const c = await getConference(ctx.db, conferenceId);
  const issued = await ctx.db
    .selectFrom('conference_documents')
    .select(['docx', 'pdf'])
    .where('conference_id', '=', conferenceId)
    .where('kind', '=', kind)
    .where('status', '=', 'issued')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  const cur = await latest(ctx.db, conferenceId, kind);
  if (cur && cur.status === 'draft' && canManage(p, c)) {
    const spec = await documentSpec(ctx.db, c, kind, cur.content as DocumentContent, cur.number, { correction: cur.correction_of !== null });
    return ext === 'docx' ? renderDocx(spec) : renderPdf(spec);
  }
  const buf = issued?.[ext];
  if (!buf) throw notFound();
  return Buffer.from(buf);
}
