import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import type { Principal, RoleGrant } from '../../../platform/access/principal';
import { HttpError, unauthorized, forbidden, ValidationError } from '../../../platform/http/errors';
import { parse } from '../../../platform/http/validate';
import { findCommuneByPoint } from '../../../platform/geo';
import { getAgency, getCategory, getUnit } from '../../directory/service';
import type { Agency } from '../../directory/model';
import { STAFF_CHANNELS, trackOf, type Channel } from '../model';
import { staffEntryGrants, staffEntryRefusal } from '../policy';
import { createPetitionSchema, type CreatePetitionData } from '../schema';
import { petitionSettings } from '../settings';
import type { CreateOptions } from './create';
import { flagsOf, rateLimit, type Flags } from './create-checks';
import { resolveAgency } from './routing';

type Unit = { code: string; provinceCode: string; villageName: string | null };

/** Who enters it: the citizen themselves, or staff for a citizen (their agency's grant and the channel). */
interface Entry {
  staff: boolean;
  /** The grant the staff member enters it under (null: the citizen themselves). */
  grant: RoleGrant | null;
  enteredAgencyId: number | null;
  channel: Channel;
}

function entryOf(principal: Principal, data: CreatePetitionData, opts: CreateOptions): Entry {
  const staffGrants = staffEntryGrants(principal);
  const staff = !!data.petitioner || (!!data.channel && STAFF_CHANNELS.includes(data.channel));
  if (!staff) {
    if (data.agencyId) throw new ValidationError({ agencyId: 'petitions.error.staffOnly' });
    return { staff, grant: null, enteredAgencyId: null, channel: opts.channel ?? 'web' };
  }
  if (!staffGrants.length) throw forbidden('petitions.error.staffOnly');
  if (!data.petitioner) throw new ValidationError({ 'petitioner.name': 'petitions.error.petitionerName' });
  if (data.enteredAgencyId && !staffGrants.some((g) => g.agencyId === data.enteredAgencyId)) throw new ValidationError({ enteredAgencyId: 'petitions.error.agency' });
  const enteredAgencyId = data.enteredAgencyId ?? staffGrants[0].agencyId;
  const grant = staffGrants.find((g) => g.agencyId === enteredAgencyId)!;
  const isFront = grant.role === 'front_officer';
  let channel = data.channel ?? opts.channel ?? (isFront ? 'front_gathering' : 'reception_desk');
  if (channel === 'web') channel = isFront ? 'front_gathering' : 'reception_desk';
  return { staff, grant, enteredAgencyId, channel };
}

/** Resolves the unit from the chosen code or from the map pin (point in the commune boundaries). */
async function resolveUnit(db: Executor, data: CreatePetitionData): Promise<Unit> {
  let code = data.unitCode;
  if (data.lon !== undefined && data.lat !== undefined) {
    const found = findCommuneByPoint(data.lon, data.lat);
    if (!found) throw new ValidationError({ lat: 'petitions.error.outsideProvince' });
    code ??= found.code;
  }
  if (!code) throw new ValidationError({ unitCode: 'petitions.error.unitRequired' });
  const unit = await getUnit(db, code);
  if (!unit) throw new ValidationError({ unitCode: 'petitions.error.unit' });
  if (unit.level === 'village') {
    const parent = unit.parentCode ? await getUnit(db, unit.parentCode) : undefined;
    if (!parent) throw new ValidationError({ unitCode: 'petitions.error.unit' });
    return { code: parent.code, provinceCode: parent.provinceCode, villageName: unit.fullName };
  }
  return { code: unit.code, provinceCode: unit.provinceCode, villageName: null };
}

/**
 * The competent agency: the one a staff member names (a provincial agency's staff: their own unless they name one),
 * else the routing rules'. Staff entry is authorised here, before the transaction: a refusal writes nothing.
 */
async function routeAgency(db: Executor, data: CreatePetitionData, unit: Unit, entry: Entry, opts: CreateOptions): Promise<Agency> {
  const chosenAgencyId = data.agencyId ?? (entry.grant?.unitLevel === 'province' ? entry.grant.agencyId : undefined);
  const agency = chosenAgencyId
    ? await getAgency(db, chosenAgencyId)
    : await resolveAgency(db, { unitCode: unit.code, categoryId: data.categoryId ?? null, kind: data.kind });
  if (!agency || !agency.active) throw new ValidationError({ [data.agencyId ? 'agencyId' : 'unitCode']: 'petitions.error.noAgency' });
  if (entry.grant) {
    const refusal = staffEntryRefusal(entry.grant, unit, agency, !!data.agencyId && !opts.passedUp);
    if (refusal) throw new ValidationError({ [refusal.field]: refusal.key });
  }
  return agency;
}

/** The petitioner: the citizen entered by staff (who may have no account), or the caller. */
function petitionerOf(principal: Principal, data: CreatePetitionData, staff: boolean) {
  if (!staff) return { id: principal.id, name: principal.name, phone: principal.phone, email: principal.email, address: null, idNo: null };
  const p = data.petitioner!;
  return { id: null, name: p.name, phone: p.phone ?? null, email: p.email ?? null, address: p.address ?? null, idNo: p.idNo ?? null };
}

/** Everything a creation needs but its flags, read and checked before its transaction opens (no pooled read inside it). */
export async function prepareUnflagged(ctx: AppContext, principal: Principal | null, input: unknown, opts: CreateOptions) {
  if (!principal) throw unauthorized();
  const data = parse(createPetitionSchema, input);
  const now = opts.at ?? ctx.clock.now();
  const s = await petitionSettings(ctx.db);
  const entry = entryOf(principal, data, opts);
  const uploads = opts.uploads ?? [];
  const fileIds = data.attachmentIds ?? [];
  const maxFiles = s['petitions.attachments.maxCount'];
  if (uploads.length + fileIds.length > maxFiles) throw new HttpError(413, 'petitions.error.tooManyFiles', { max: maxFiles });
  if (!opts.skipRateLimit && !entry.staff) await rateLimit(ctx.db, s, principal, opts.ip, now);
  // The directory and the routing rules, read through their caches before the transaction opens.
  const unit = await resolveUnit(ctx.db, data);
  if (data.categoryId) {
    const cat = await getCategory(ctx.db, data.categoryId);
    if (!cat || !cat.active) throw new ValidationError({ categoryId: 'petitions.error.category' });
  }
  const agency = await routeAgency(ctx.db, data, unit, entry, opts);
  const petitioner = petitionerOf(principal, data, entry.staff);
  return { principal, data, now, s, ...entry, uploads, fileIds, unit, track: trackOf(data.kind), agency, petitioner };
}

export type Unflagged = Awaited<ReturnType<typeof prepareUnflagged>>;
export type Prepared = Unflagged & { flags: Flags };

/** The vượt cấp and kéo dài flags of prepared creations (a batch's in a few statements), from the committed petitions. */
export async function withFlags(ctx: AppContext, preps: Unflagged[]): Promise<Prepared[]> {
  if (!preps.length) return [];
  const flags = await flagsOf(
    ctx.db,
    preps.map((p) => ({ s: p.s, who: { petitionerId: p.petitioner.id, phone: p.petitioner.phone, email: p.petitioner.email }, text: p.data, agency: p.agency, now: p.now })),
  );
  return preps.map((p, i) => ({ ...p, flags: flags[i] }));
}

/** Everything one creation needs, its flags included. */
export async function prepareCreate(ctx: AppContext, principal: Principal | null, input: unknown, opts: CreateOptions): Promise<Prepared> {
  const [prep] = await withFlags(ctx, [await prepareUnflagged(ctx, principal, input, opts)]);
  return prep;
}
