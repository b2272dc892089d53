// A citizen's side of a tip-off (举报黑作坊): submission with grouping and duplicate merging, tracking by
// receipt code + token, and the rating after the case is closed.
import { timingSafeEqual } from 'node:crypto';
import { Types } from 'mongoose';
import { TIPOFF_ACCEPT_WORKING_DAYS, TIPOFF_DUPLICATE_WINDOW_MIN, TIPOFF_GROUP_RADIUS_M, type TipoffStatus } from '@shared/domain/tipoff';
import type { SubmitTipoffBody } from '@shared/schemas/tipoff';
import { defineOwed, finishOwed, owe } from '../../db/owed';
import { insertOrGet, isDuplicateKey } from '../../db/sequence';
import { conflict, notFound, unauthorized, unprocessable } from '../../errors';
import { StoredFileModel } from '../../models/StoredFile';
import { TipoffModel, type TipoffDoc } from '../../models/Tipoff';
import { TipoffCaseModel } from '../../models/TipoffCase';
import { TipoffReporterModel } from '../../models/TipoffReporter';
import { WorkshopModel } from '../../models/Workshop';
import type { Services } from '../../services';
import { audit } from '../../services/audit';
import { publicCode } from '../../services/crypto';
import { linkFiles } from '../files';
import { deadline, distanceM, keyed, sha256, systemCtx, type Ctx } from './common';

const OPEN: TipoffStatus[] = ['submitted', 'accepted'];
export const RECEIPT_LENGTH = 10;
export const TOKEN_LENGTH = 24;
const DUMMY_HASH = sha256('not-a-token').toString('hex');

export interface Sender { ip: string; deviceId: string | null }

export async function submitTipoff(ctx: Ctx, body: SubmitTipoffBody, sender: Sender) {
  const { services } = ctx;
  const user = ctx.state.user;
  if (!body.anonymous && !user) throw unauthorized('tipoff.named_requires_login', '实名举报请先登录');
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
    // The sender's own uploads; an anonymous upload (known by a keyed IP hash only) while it belongs to no
    // report yet, so nobody can attach evidence already filed elsewhere and read it in their region.
    const mine = (f: { ownerId: string; links?: unknown[] | null }) => (f.ownerId.startsWith('anon:') && !f.links?.length) || (user && f.ownerId === String(user._id));
    if (files.length !== media.length || files.some((f) => f.purpose !== 'tipoff' || !mine(f))) {
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

// What a submitted report owes: the reporter's record (named reports) and its case, which its evidence is
// attached to (db/owed.ts).
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
    // Its evidence belongs to the case's region: whoever may handle the case may open it, nobody else.
    await linkFiles(t.media, { record: 'Tipoff', id: tid, region: c.region });
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
  t.set('rating', rating);
  return t;
}
