// Tip-off operations (举报黑作坊): submission with grouping and duplicate merging, tracking by receipt code +
// token, and case handling on working-day deadlines. Every state change is one conditional update on the
// case (filter: the expected status); what it owes to other documents is recorded in it (db/owed.ts).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Types } from 'mongoose';
import {
  TIPOFF_ACCEPT_WORKING_DAYS, TIPOFF_CLOSE_WORKING_DAYS, TIPOFF_DUPLICATE_WINDOW_MIN, TIPOFF_EXTENSION_WORKING_DAYS, TIPOFF_GROUP_RADIUS_M,
  TIPOFF_RESULT_LABELS, TIPOFF_STATUS_LABELS, type TipoffStatus,
} from '@shared/domain/tipoff';
import type { CloseBody, SubmitTipoffBody } from '@shared/schemas/tipoff';
import type { CategoryCode } from '@shared/domain/categories';
import { defineOwed, finishOwed, owe, withOwed } from '../../db/owed';
import { insertOrGet, isDuplicateKey } from '../../db/sequence';
import { conflict, forbidden, notFound, unauthorized, unprocessable } from '../../errors';
import type { AppContext } from '../../http/types';
import { putCreditEvent } from '../../services/publicFile';
import { recomputeRisk } from '../supervision/risk';
import { StoredFileModel } from '../../models/StoredFile';
import { TipoffModel, type TipoffDoc } from '../../models/Tipoff';
import { TipoffCaseModel, type TipoffCase, type TipoffCaseDoc } from '../../models/TipoffCase';
import { TipoffReporterModel } from '../../models/TipoffReporter';
import { UserModel, type UserDoc } from '../../models/User';
import { WorkshopModel } from '../../models/Workshop';
import { actorOf, hasRole, inJurisdiction } from '../../policies/jurisdiction';
import type { Services } from '../../services';
import { audit } from '../../services/audit';
import { publicCode } from '../../services/crypto';
import { notifyUser } from '../../services/notify';
import { nameKeys } from '../../services/pinyin';
import { endOfShanghaiDay } from '../registration/deadline';
import { officeOf } from '../registration';

type Ctx = AppContext;
const OPEN: TipoffStatus[] = ['submitted', 'accepted'];
export const RECEIPT_LENGTH = 10;
export const TOKEN_LENGTH = 24;

// --- keys and codes -------------------------------------------------------------------------------

/** Keyed hash (HMAC with the data key): links records to a user or sender without storing who. */
export const keyed = (services: Pick<Services, 'config'>, purpose: string, value: string) =>
  createHmac('sha256', services.config.dataKey).update(`${purpose}:${value}`).digest('base64url');
export const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();
const DUMMY_HASH = sha256('not-a-token').toString('hex');

/** Metres between two points (haversine on a 6,371 km sphere). */
export function distanceM(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A system audit writer: submissions are not tied to a user in the audit log (anonymity). */
const systemCtx = (ctx: Ctx) => ({ state: { requestId: ctx.state.requestId } }) as unknown as Ctx;

export async function deadline(services: Pick<Services, 'calendar'>, from: Date | string, days: number) {
  const r = await services.calendar.addWorkingDays(from, days);
  return { due: r.date, dueAt: endOfShanghaiDay(r.date), estimated: r.estimated };
}

// --- submission -----------------------------------------------------------------------------------

export interface Sender { ip: string; deviceId: string | null }

export async function submitTipoff(ctx: Ctx, body: SubmitTipoffBody, sender: Sender) {
  const { services } = ctx;
  const user = ctx.state.user;
  if (!body.anonymous && !user) throw unauthorized('tipoff.named_requires_login' as never, '实名举报请先登录');
  let region = body.region;
  let location = body.location ?? null;
  let address = body.address ?? null;
  if (body.workshopId) {
    const w = await WorkshopModel.findById(body.workshopId).lean();
    if (!w) throw unprocessable('tipoff.workshop_not_found');
    // The workshop's file is authoritative for where it is.
    region = w.region;
    address = address ?? w.address;
    if (!location && w.location?.lat != null && w.location.lng != null) location = { lat: w.location.lat, lng: w.location.lng };
  }
  if (!services.regions.exists(region)) throw unprocessable('region.not_found', '所选区域不存在');
  const media = [...new Set(body.media)];
  if (media.length) {
    const files = await StoredFileModel.find({ _id: { $in: media.map((m) => new Types.ObjectId(m)) } }).lean();
    const mine = (ownerId: string) => ownerId.startsWith('anon:') || (user && ownerId === String(user._id));
    if (files.length !== media.length || files.some((f) => f.purpose !== 'tipoff' || !mine(f.ownerId))) {
      throw unprocessable('tipoff.media_invalid', '照片或视频无效：请以“举报证据”用途重新上传');
    }
  }
  const county = region.slice(0, 6);
  const now = new Date();
  const senderKey = keyed(services, 'tipoff-sender', user ? `u:${String(user._id)}` : `d:${sender.deviceId ?? '-'}:${sender.ip}`);
  const place = location ? `${location.lat.toFixed(4)},${location.lng.toFixed(4)}` : (address ?? '').replace(/\s+/g, '');
  const contentKey = keyed(services, 'tipoff-content', [body.kind, body.workshopId ?? '', region, place, body.description.replace(/\s+/g, ' ')].join('|'));

  // The same text about the same place from the same sender within minutes: one report, not two.
  const recent = await TipoffModel.findOne({ contentKey, senderKey, createdAt: { $gte: new Date(now.getTime() - TIPOFF_DUPLICATE_WINDOW_MIN * 60_000) } });
  if (recent) return mergeDuplicate(ctx, recent);

  const bucket = Math.floor(now.getTime() / (TIPOFF_DUPLICATE_WINDOW_MIN * 60_000));
  // The case it joins: an open case about the same workshop or within 100 m, else a new one. The group
  // key is unique among cases, so two first reports about one place at the same moment open one case.
  const near = await findGroup(county, body.workshopId ?? null, location);
  const groupKey = near?.groupKey ?? groupKeyOf(county, body.workshopId ?? null, location, address);
  const caseId = near ? String(near._id) : String(new Types.ObjectId());
  const token = publicCode(TOKEN_LENGTH);
  const named = !body.anonymous && user && body.reporter;
  let tipoff: TipoffDoc | null = null;
  for (let i = 0; i < 5 && !tipoff; i++) {
    try {
      tipoff = await TipoffModel.create({
        caseId, groupKey, receiptCode: publicCode(RECEIPT_LENGTH), tokenHashes: [sha256(token).toString('hex')],
        kind: body.kind, workshopId: body.workshopId ?? null, region, county, address, location, description: body.description, media,
        anonymous: body.anonymous, mineKey: user ? keyed(services, 'tipoff-mine', String(user._id)) : null,
        contentKey, senderKey, dedupeKey: `${contentKey}:${senderKey}:${bucket}`, consentAt: now,
        // The reporter's identity, encrypted, travels only to its own collection (step "reporter").
        reporterEnc: named ? services.cipher.encrypt(JSON.stringify({ name: body.reporter!.name, phone: body.reporter!.phone, userId: String(user!._id), openid: user!.openid })) : null,
        ...owe(named ? ['reporter', 'case'] : ['case'], now),
      });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      const twin = await TipoffModel.findOne({ dedupeKey: `${contentKey}:${senderKey}:${bucket}` });
      if (twin) return mergeDuplicate(ctx, twin); // a double tap that raced us; else a receipt code collided: retry
    }
  }
  if (!tipoff) throw new Error('could not allocate a receipt code');
  tipoff = await finishOwed(services, OWED, tipoff);
  const c = await TipoffCaseModel.findById(tipoff.caseId).lean();
  const acceptDue = c?.acceptDeadline.due ?? '';
  await audit(systemCtx(ctx), { action: 'tipoff.submitted', subjectType: 'Tipoff', subjectId: String(tipoff._id), after: { caseId, kind: body.kind, region, anonymous: body.anonymous } });
  return { tipoff, token, duplicate: false, acceptDue };
}

async function mergeDuplicate(ctx: Ctx, t: TipoffDoc) {
  // The same sender: a fresh token for the same receipt, in case the first answer never arrived.
  const token = publicCode(TOKEN_LENGTH);
  await TipoffModel.updateOne({ _id: t._id }, { $push: { tokenHashes: sha256(token).toString('hex') } });
  const c = await TipoffCaseModel.findById(t.caseId).lean();
  await audit(systemCtx(ctx), { action: 'tipoff.duplicate_merged', subjectType: 'Tipoff', subjectId: String(t._id) });
  return { tipoff: t, token, duplicate: true, acceptDue: c?.acceptDeadline.due ?? '' };
}

/** The group key of a new case: the workshop, else a ~100 m grid cell of the place, else the address. */
function groupKeyOf(county: string, workshopId: string | null, location: { lat: number; lng: number } | null, address: string | null): string {
  if (workshopId) return `w:${workshopId}`;
  if (location) return `g:${county}:${Math.floor(location.lat * 1000)}:${Math.floor(location.lng * 1000)}`;
  if (address) return `a:${county}:${address.normalize('NFKC').replace(/\s+/g, '')}`;
  return `n:${String(new Types.ObjectId())}`; // nothing to group by
}

const OWED = 'Tipoff';

// What a submitted report owes: the reporter's record (named reports) and its case (db/owed.ts).
defineOwed<TipoffDoc>(OWED, TipoffModel, {
  async reporter(services, t) {
    if (!t.reporterEnc) return;
    const r = JSON.parse(services.cipher.decrypt(t.reporterEnc)) as { name: string; phone: string; userId: string; openid: string };
    // The payee of a named report is fixed at submission: the reporter.
    await TipoffReporterModel.updateOne({ tipoffId: String(t._id) }, {
      $setOnInsert: {
        nameEnc: services.cipher.encrypt(r.name), phoneEnc: services.cipher.encrypt(r.phone), userIdEnc: services.cipher.encrypt(r.userId),
        payeeOpenidEnc: services.cipher.encrypt(r.openid), payeeKey: keyed(services, 'tipoff-payee', r.userId),
      },
    }, { upsert: true });
    await TipoffModel.updateOne({ _id: t._id }, { $set: { reporterEnc: null } });
  },
  async case(services, t) {
    const tid = String(t._id);
    const accept = await deadline(services, t.createdAt, TIPOFF_ACCEPT_WORKING_DAYS);
    // Find or create the open case of this group: insert on the unique group key, else the stored case.
    const open = (caseId: string) => insertOrGet(TipoffCaseModel, {
      _id: caseId, groupKey: t.groupKey, kind: t.kind, status: 'submitted', region: t.region, county: t.county, address: t.address, location: { lat: t.location?.lat ?? null, lng: t.location?.lng ?? null },
      workshopId: t.workshopId ?? null, reportCount: 0, acceptDeadline: accept, dueAt: accept.dueAt, timeline: [{ at: t.createdAt, title: '收到举报', note: null, by: '系统' }],
    }, { groupKey: t.groupKey });
    let c: Awaited<ReturnType<typeof open>>['doc'];
    try {
      c = (await open(t.caseId)).doc;
    } catch (e) {
      // The case this report was meant to join was closed before the step ran (its id is taken, its group
      // key released): the report opens a new case of its own group.
      if (!isDuplicateKey(e)) throw e;
      c = (await open(String(new Types.ObjectId()))).doc;
    }
    if (String(c._id) !== t.caseId) await TipoffModel.updateOne({ _id: t._id }, { $set: { caseId: String(c._id) } });
    // Count this report once, however often the step runs.
    const merged = c.reportCount > 0;
    await TipoffCaseModel.updateOne({ _id: c._id, reportIds: { $ne: tid } }, {
      $push: { reportIds: tid, ...(merged ? { timeline: { at: new Date(), title: '合并新的举报', note: `共${c.reportCount + 1}件举报`, by: '系统' } } : {}) },
      $inc: { reportCount: 1 },
    });
  },
});

/** A report whose case step is still owed (its submission died half-way): finished before it is shown. */
export async function settledTipoff(services: Services, t: TipoffDoc): Promise<TipoffDoc> {
  return t.owed?.length ? finishOwed(services, OWED, t) : t;
}

/** An open case about the same workshop, or within TIPOFF_GROUP_RADIUS_M of the place, in the same county. */
async function findGroup(county: string, workshopId: string | null, location: { lat: number; lng: number } | null) {
  const open = await TipoffCaseModel.find({ county, status: { $in: OPEN } }).sort({ createdAt: 1 }).limit(500);
  return open.find((c) => (workshopId && c.workshopId === workshopId)
    || (location && c.location?.lat != null && c.location.lng != null && distanceM(location, { lat: c.location.lat, lng: c.location.lng }) <= TIPOFF_GROUP_RADIUS_M)) ?? null;
}

// --- tracking (receipt code + token) --------------------------------------------------------------

/** The report for a code and token; any mismatch is the same 404, and the token compare is constant-time. */
export async function findByCodeToken(code: string, token: string): Promise<TipoffDoc> {
  const t = await TipoffModel.findOne({ receiptCode: code.toUpperCase() });
  const given = sha256(token);
  let ok = false;
  for (const h of t?.tokenHashes.length ? t.tokenHashes : [DUMMY_HASH]) {
    const stored = Buffer.from(h, 'hex');
    if (stored.length === given.length && timingSafeEqual(stored, given)) ok = true;
  }
  if (!t || !ok) throw notFound('tipoff.not_found');
  return t;
}

export async function rate(ctx: Ctx, t: TipoffDoc, score: number, comment?: string) {
  const c = await TipoffCaseModel.findById(t.caseId).lean();
  if (!c || !['closed', 'declined'].includes(c.status)) throw conflict('tipoff.not_rateable');
  const rating = { score, comment: comment ?? null, at: new Date() };
  const r = await TipoffModel.updateOne({ _id: t._id, rating: null }, { $set: { rating } });
  if (!r.modifiedCount) throw conflict('tipoff.already_rated');
  await audit(systemCtx(ctx), { action: 'tipoff.rated', subjectType: 'Tipoff', subjectId: String(t._id), after: { score } });
  t.rating = rating as never;
  return t;
}

// --- staff ----------------------------------------------------------------------------------------

export async function loadCase(id: string): Promise<TipoffCaseDoc> {
  const c = await TipoffCaseModel.findById(id);
  if (!c) throw notFound('resource.not_found', '未找到该举报案件');
  return c;
}

export function assertStaff(user: UserDoc, c: Pick<TipoffCase, 'region'>) {
  const a = actorOf(user);
  if (!hasRole(a, 'inspector') && !hasRole(a, 'admin')) throw forbidden();
  if (!inJurisdiction(a, c.region)) throw forbidden('auth.out_of_region');
}

function by(ctx: Ctx) {
  return officeOf(ctx.services, ctx.state.user?.region) ?? '监管部门';
}

async function transition(ctx: Ctx, c: TipoffCaseDoc, from: TipoffStatus[], set: Record<string, unknown>, title: string, note?: string | null, opts: { filter?: Record<string, unknown>; owed?: string[] } = {}): Promise<TipoffCaseDoc> {
  const stateConflict = async () => {
    const now = await TipoffCaseModel.findById(c._id).lean();
    return conflict('tipoff.state_conflict', `举报当前状态为“${TIPOFF_STATUS_LABELS[(now?.status ?? c.status) as TipoffStatus]}”，不能进行此操作`);
  };
  if (!from.includes(c.status as TipoffStatus)) throw await stateConflict();
  const updated = await TipoffCaseModel.findOneAndUpdate(
    { _id: c._id, status: { $in: from }, ...(opts.filter ?? {}) },
    withOwed({ $set: set, $push: { timeline: { at: new Date(), title, note: note ?? null, by: by(ctx) } } }, opts.owed ?? []),
    { returnDocument: 'after' },
  );
  if (!updated) throw await stateConflict();
  return updated;
}

/** Tells the named reporters of a case (in-app + subscribe message). Anonymous reporters track by token. */
async function tellReporters(services: Services, caseId: string, title: string, body: string, key?: string) {
  const reports = await TipoffModel.find({ caseId, anonymous: false }).lean();
  const ids = reports.map((r) => String(r._id));
  const reporters = ids.length ? await TipoffReporterModel.find({ tipoffId: { $in: ids } }).lean() : [];
  for (const r of reporters) {
    if (!r.userIdEnc) continue;
    await notifyUser(services, services.cipher.decrypt(r.userIdEnc), { title, body, page: 'packages/tipoff/index/index', ...(key ? { key: `${key}:${r.tipoffId}` } : {}) });
  }
}

export async function accept(ctx: Ctx, c: TipoffCaseDoc) {
  assertStaff(ctx.state.user!, c);
  const now = new Date();
  const close = await deadline(ctx.services, now, TIPOFF_CLOSE_WORKING_DAYS);
  const updated = await transition(ctx, c, ['submitted'], {
    status: 'accepted', handlerId: String(ctx.state.user!._id), acceptedAt: now, decidedAt: now, closeDeadline: close, dueAt: close.dueAt,
  }, '受理', `将于${close.due}前核查办结`);
  await audit(ctx, { action: 'tipoff.accepted', subjectType: 'TipoffCase', subjectId: String(c._id), before: { status: 'submitted' }, after: { status: 'accepted', closeDue: close.due } });
  await tellReporters(ctx.services, String(c._id), '举报已受理', `将于${close.due}前办结`);
  return updated;
}

export async function decline(ctx: Ctx, c: TipoffCaseDoc, reason: string) {
  assertStaff(ctx.state.user!, c);
  const now = new Date();
  const updated = await transition(ctx, c, ['submitted'], { status: 'declined', declineReason: reason, decidedAt: now, handlerId: String(ctx.state.user!._id), dueAt: null }, '不予受理', reason);
  await audit(ctx, { action: 'tipoff.declined', subjectType: 'TipoffCase', subjectId: String(c._id), before: { status: 'submitted' }, after: { status: 'declined' }, reason });
  await tellReporters(ctx.services, String(c._id), '举报不予受理', reason);
  return updated;
}

export async function extend(ctx: Ctx, c: TipoffCaseDoc, reason: string) {
  assertStaff(ctx.state.user!, c);
  if (c.status !== 'accepted' || !c.closeDeadline) throw conflict('tipoff.state_conflict', `举报当前状态为“${TIPOFF_STATUS_LABELS[c.status as TipoffStatus]}”，不能延长办理期限`);
  if (c.extended) throw conflict('tipoff.already_extended');
  const close = await deadline(ctx.services, c.closeDeadline.due, TIPOFF_EXTENSION_WORKING_DAYS);
  const updated = await transition(ctx, c, ['accepted'], { extended: true, extensionReason: reason, closeDeadline: close, dueAt: close.dueAt, 'escalated.close': false }, '延长办理期限', `延至${close.due}：${reason}`, { filter: { extended: false } });
  await audit(ctx, { action: 'tipoff.extended', subjectType: 'TipoffCase', subjectId: String(c._id), before: { closeDue: c.closeDeadline!.due }, after: { closeDue: close.due }, reason });
  return updated;
}

export async function close(ctx: Ctx, c: TipoffCaseDoc, input: CloseBody) {
  assertStaff(ctx.state.user!, c);
  if (c.status !== 'accepted') throw conflict('tipoff.state_conflict', `举报当前状态为“${TIPOFF_STATUS_LABELS[c.status as TipoffStatus]}”，不能办结`);
  const confirmed = input.result !== 'unfounded';
  const set: Record<string, unknown> = {};
  // Where the finding goes: an existing file (一户一档), or a new black-workshop record. Its id is fixed
  // in the one claimed update, so a retried follow-up recreates the same record, never a second one.
  let workshopId = input.workshopId ?? c.workshopId ?? null;
  let createBlack = false;
  if (input.workshopId) {
    const w = await WorkshopModel.findById(input.workshopId).lean();
    if (!w) throw unprocessable('tipoff.workshop_not_found');
    if (!inJurisdiction(actorOf(ctx.state.user!), w.region)) throw forbidden('auth.out_of_region');
  } else if (confirmed && input.blackWorkshop && !c.workshopId) {
    workshopId = String(new Types.ObjectId());
    createBlack = true;
  }
  if (confirmed && !workshopId) throw unprocessable('tipoff.link_required');
  const outcome = { result: input.result, publicReason: input.publicReason, note: input.note ?? null, closedAt: new Date(), by: String(ctx.state.user!._id) };
  // A closed case leaves its group: the next report about the place opens a new case.
  Object.assign(set, { status: 'closed', outcome, workshopId, dueAt: null, groupKey: `closed:${String(c._id)}`, blackWorkshop: createBlack ? input.blackWorkshop : null });
  const label = TIPOFF_RESULT_LABELS[input.result];
  const owed = confirmed && workshopId ? [...(createBlack ? ['blackWorkshop'] : []), 'creditEvent', 'risk', 'notifyClosed'] : ['notifyClosed'];
  const updated = await transition(ctx, c, ['accepted'], set, `办结：${label}`, input.publicReason, { owed });
  await audit(ctx, { action: 'tipoff.closed', subjectType: 'TipoffCase', subjectId: String(c._id), before: { status: 'accepted' }, after: { status: 'closed', result: input.result, workshopId } });
  return finishOwed(ctx.services, CASE_OWED, updated);
}

const CASE_OWED = 'TipoffCase';

// What closing a case owes: the black-workshop record, the public credit record, the risk grade and the
// named reporters' notices. Each step idempotent (fixed ids and refs, keyed notices).
defineOwed<TipoffCaseDoc>(CASE_OWED, TipoffCaseModel, {
  async blackWorkshop(services, c) {
    const b = c.blackWorkshop as { name: string; address: string; categories: CategoryCode[]; region?: string } | null;
    if (!b || !c.workshopId) return;
    const region = b.region ?? c.region;
    const keys = nameKeys(b.name);
    try {
      await WorkshopModel.create({
        _id: new Types.ObjectId(c.workshopId), name: b.name, namePinyin: keys.full, nameInitials: keys.initials, ownerId: null, ownerNameMasked: null,
        region, regionName: services.regions.fullName(region) ?? region, address: b.address,
        location: { lat: c.location?.lat ?? null, lng: c.location?.lng ?? null }, categories: b.categories, products: [], status: 'unlicensed',
        certificate: { number: null, status: null, issuedAt: null, expiresAt: null }, riskGrade: null, badges: [],
      });
      await audit(null, { action: 'workshop.black_recorded', subjectType: 'Workshop', subjectId: c.workshopId, after: { name: b.name, status: 'unlicensed', from: `TipoffCase:${String(c._id)}` } });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e; // recorded by an earlier run of this step
    }
  },
  async creditEvent(services, c) {
    // The public credit file: one record per case (the reporters are never part of it).
    const o = c.outcome!;
    await putCreditEvent(`TipoffCase:${String(c._id)}`, {
      workshopId: c.workshopId!, type: 'tipoff', at: o.closedAt, title: c.blackWorkshop ? '举报查实：无证生产' : '举报查实', detail: o.publicReason,
      result: TIPOFF_RESULT_LABELS[o.result as keyof typeof TIPOFF_RESULT_LABELS], source: officeOf(services, c.region) ?? '市场监督管理局',
    }, { once: true });
  },
  async risk(_services, c) {
    await recomputeRisk(c.workshopId!); // a verified tip-off weighs on the grade (services/risk.ts)
  },
  async notifyClosed(services, c) {
    const o = c.outcome!;
    await tellReporters(services, String(c._id), `举报已办结：${TIPOFF_RESULT_LABELS[o.result as keyof typeof TIPOFF_RESULT_LABELS]}`, o.publicReason, `TipoffCase:${String(c._id)}:closed`);
  },
});

/** The handling inspector (who accepted) and admins of the case's region; nobody else, not even colleagues. */
export function assertMayViewIdentity(user: UserDoc, c: TipoffCase) {
  assertStaff(user, c);
  const a = actorOf(user);
  if (c.handlerId === String(user._id)) return;
  if (hasRole(a, 'admin') && inJurisdiction(a, c.region)) return;
  throw forbidden('tipoff.identity_forbidden');
}

export async function reporterIdentities(ctx: Ctx, c: TipoffCaseDoc, reason: string) {
  assertMayViewIdentity(ctx.state.user!, c);
  const reports = await TipoffModel.find({ caseId: String(c._id) }).sort({ createdAt: 1 }).lean();
  const reporters = await TipoffReporterModel.find({ tipoffId: { $in: reports.map((r) => String(r._id)) } }).lean();
  const { cipher } = ctx.services;
  const data = reports.map((r) => {
    const who = !r.anonymous ? reporters.find((x) => x.tipoffId === String(r._id)) : undefined;
    return {
      reportId: String(r._id), submittedAt: r.createdAt.toISOString(), named: !r.anonymous,
      name: who?.nameEnc ? cipher.decrypt(who.nameEnc) : null, phone: who?.phoneEnc ? cipher.decrypt(who.phoneEnc) : null,
    };
  });
  // Every view is audited with its reason; the audit row names the case, never the identity.
  await audit(ctx, { action: 'tipoff.reporter_viewed', subjectType: 'TipoffCase', subjectId: String(c._id), reason, after: { reports: data.filter((d) => d.named).map((d) => d.reportId) } });
  return data;
}

/** Overdue acceptance or outcome: marked once per step and sent to the county admins (督办). */
export async function escalateOverdueTipoffs(services: Services, now = new Date()): Promise<number> {
  let count = 0;
  for (const step of ['accept', 'close'] as const) {
    const status = step === 'accept' ? 'submitted' : 'accepted';
    const overdue = await TipoffCaseModel.find({ status, dueAt: { $lt: now }, [`escalated.${step}`]: false }).limit(500);
    for (const c of overdue) {
      const title = step === 'accept' ? '超过受理期限，已报县级监管部门督办' : '超过办结期限，已报县级监管部门督办';
      // Marked once per step (an extension resets the close flag): of two job runs, one escalates.
      const marked = await TipoffCaseModel.updateOne({ _id: c._id, status, [`escalated.${step}`]: false }, { $set: { [`escalated.${step}`]: true }, $push: { timeline: { at: now, title, note: null, by: '系统' } } });
      if (!marked.modifiedCount) continue;
      count++;
      await audit(null, { action: 'tipoff.escalated', subjectType: 'TipoffCase', subjectId: String(c._id), after: { step } });
      const county = c.region.slice(0, 6);
      const admins = await UserModel.find({ roles: 'admin', region: { $in: [county, county.slice(0, 4), county.slice(0, 2)] } }).lean();
      for (const a of admins) {
        await notifyUser(services, String(a._id), { title: '举报办理超期督办', body: `${services.regions.name(county) ?? ''}举报案件已超过法定期限`, page: `packages/staff/tipoff/index?id=${String(c._id)}` });
      }
    }
  }
  return count;
}
