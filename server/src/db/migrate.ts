// Start-up migration of a database written by an earlier version. Every step is idempotent and cheap
// when there is nothing to do, so it runs at every start, before the indexes are created.
import mongoose from 'mongoose';
import { auditKindOf } from '@shared/domain/audit';
import { AuditEventModel } from '../models/AuditEvent';
import { CertificateModel } from '../models/Certificate';
import { InspectionModel } from '../models/Inspection';
import { NotificationModel } from '../models/Notification';
import { PenaltyModel } from '../models/Penalty';
import { PublicFileModel } from '../models/PublicFile';
import { RegistrationModel } from '../models/Registration';
import { SampleModel } from '../models/Sample';
import { SelfCheckModel } from '../models/SelfCheck';
import { StoredFileModel, type FileLinkRecord } from '../models/StoredFile';
import { TipoffModel } from '../models/Tipoff';
import { TipoffCaseModel } from '../models/TipoffCase';
import { TipoffRewardModel } from '../models/TipoffReward';
import { WorkshopModel } from '../models/Workshop';
import { rebuildPublicFiles } from '../services/publicFile';

export interface MigrationReport {
  certificates: number;
  notifications: number;
  tipoffCases: number;
  rewardRegions: number;
  publicFiles: number;
  fileLinks: number;
  auditEvents: number;
}

async function hasIndex(model: mongoose.Model<any>, name: string): Promise<boolean> {
  const list = await model.collection.indexes().catch(() => []);
  return list.some((i) => i.name === name);
}

export async function migrate(): Promise<MigrationReport> {
  const report: MigrationReport = { certificates: 0, notifications: 0, tipoffCases: 0, rewardRegions: 0, publicFiles: 0, fileLinks: 0, auditEvents: 0 };

  // Certificates are keyed by their number (_id) since the public QR check reads by _id. Old ones had an
  // ObjectId: copy under the number first, then delete the old one (a crash in between leaves a twin,
  // never a loss; the next start deletes it). The unique index on `number` would refuse the copy.
  if (await hasIndex(CertificateModel, 'number_1')) await CertificateModel.collection.dropIndex('number_1');
  const certs = await CertificateModel.collection.find({}, { projection: { _id: 1 } }).toArray();
  for (const { _id } of certs.filter((c) => typeof c._id !== 'string')) {
    const old = await CertificateModel.collection.findOne({ _id });
    if (!old) continue;
    await CertificateModel.collection.updateOne({ _id: old.number }, { $setOnInsert: { ...old, _id: old.number } }, { upsert: true });
    await CertificateModel.collection.deleteOne({ _id });
    report.certificates++;
  }

  // Notices carry an idempotency key (unique): old ones get their own id.
  for (const n of await NotificationModel.collection.find({ key: { $exists: false } }, { projection: { _id: 1 } }).toArray()) {
    await NotificationModel.collection.updateOne({ _id: n._id }, { $set: { key: String(n._id) } });
    report.notifications++;
  }

  // Tip-off cases carry a unique group key: old ones keep to themselves (nearby reports still find them).
  for (const c of await TipoffCaseModel.collection.find({ groupKey: { $exists: false } }, { projection: { _id: 1 } }).toArray()) {
    await TipoffCaseModel.collection.updateOne({ _id: c._id }, { $set: { groupKey: `legacy:${String(c._id)}`, reportIds: [] } });
    report.tipoffCases++;
  }

  report.rewardRegions = await fillRewardRegions();
  report.fileLinks = await fillFileLinks();
  report.auditEvents = await fillAuditRegions();

  // Arrays the presenters read without a default in old documents.
  await WorkshopModel.collection.updateMany({ badges: { $exists: false } }, { $set: { badges: [] } });

  // Every workshop has its public file (the public credit file and timeline read it by _id).
  const [workshops, files] = await Promise.all([
    WorkshopModel.collection.find({}, { projection: { _id: 1 } }).toArray(),
    PublicFileModel.collection.find({}, { projection: { _id: 1 } }).toArray(),
  ]);
  const have = new Set(files.map((f) => String(f._id)));
  const missing = workshops.map((w) => String(w._id)).filter((id) => !have.has(id));
  for (let i = 0; i < missing.length; i += 500) report.publicFiles += await rebuildPublicFiles(missing.slice(i, i + 500));
  return report;
}

/**
 * Audit events carry a kind and a region (操作记录 reads an admin's region): older ones get the kind from
 * their action and the region of their subject when it has one (an application, a workshop, a case …),
 * else of their actor. Only runs while such events exist; each is written once, where it still has no kind.
 */
export async function fillAuditRegions(): Promise<number> {
  const legacy = await AuditEventModel.collection.find({ kind: null }, { projection: { _id: 1, action: 1, subjectType: 1, subjectId: 1, actorId: 1 } }).limit(50_000).toArray();
  if (!legacy.length) return 0;
  const regionOf = async (model: string, id: unknown): Promise<string | null> => {
    const m = mongoose.models[model];
    if (!m || typeof id !== 'string') return null;
    const key = mongoose.isValidObjectId(id) && id.length === 24 ? new mongoose.Types.ObjectId(id) : id;
    const doc = await m.collection.findOne({ _id: key as never }, { projection: { region: 1 } }).catch(() => null);
    return typeof doc?.region === 'string' ? doc.region : null;
  };
  let n = 0;
  for (const e of legacy) {
    const region = (await regionOf(String(e.subjectType), e.subjectId)) ?? (await regionOf('User', e.actorId));
    await AuditEventModel.collection.updateOne({ _id: e._id, kind: null }, { $set: { kind: auditKindOf(String(e.action)), region } });
    n++;
  }
  return n;
}

/**
 * Rewards carry their case's region (the staff queue filters on it, written at proposal since then): older
 * rewards get it from their case, one read of the cases for all of them.
 */
export async function fillRewardRegions(): Promise<number> {
  const missing = await TipoffRewardModel.collection.find({ region: null }, { projection: { _id: 1, caseId: 1 } }).toArray();
  if (!missing.length) return 0;
  const caseIds = [...new Set(missing.map((r) => String(r.caseId)))].filter((id) => mongoose.isValidObjectId(id));
  const cases = await TipoffCaseModel.collection.find({ _id: { $in: caseIds.map((id) => new mongoose.Types.ObjectId(id)) } }, { projection: { region: 1 } }).toArray();
  const regionOf = new Map(cases.map((c) => [String(c._id), c.region as string]));
  let n = 0;
  for (const r of missing) {
    const region = regionOf.get(String(r.caseId));
    if (!region) continue; // a reward of a deleted case: it shows in no region's queue
    await TipoffRewardModel.collection.updateOne({ _id: r._id, region: null }, { $set: { region } });
    n++;
  }
  return n;
}

type Link = { record: FileLinkRecord; id: string; region: string; viewerId: string | null };
type Raw = Record<string, any>;
const photosOf = (items: unknown): string[] => (Array.isArray(items) ? items.flatMap((i: Raw) => (Array.isArray(i?.photos) ? i.photos : [])) : []);

/**
 * Files carry the records they are attached to (region and viewer; the file read policy applies
 * jurisdiction on them). Files written before that get their links from the records that name them,
 * read once for all of them; a file no record names gets none (its uploader's alone). Only runs while
 * such files exist; each file is written once, where it still has no links.
 */
export async function fillFileLinks(): Promise<number> {
  const legacy = await StoredFileModel.collection.find({ links: { $exists: false } }, { projection: { _id: 1 } }).toArray();
  if (!legacy.length) return 0;
  const linksOf = new Map<string, Link[]>();
  const add = (ids: unknown, link: Link | null) => {
    if (!link?.region || !Array.isArray(ids)) return;
    for (const id of ids) {
      if (typeof id !== 'string' || !id) continue;
      const list = linksOf.get(id) ?? linksOf.set(id, []).get(id)!;
      if (!list.some((l) => l.record === link.record && l.id === link.id)) list.push(link);
    }
  };
  const project = (fields: string[]) => ({ projection: Object.fromEntries(fields.map((f) => [f, 1])) });

  // Tip-off evidence belongs to its case's region (the case's handlers open it); the report's own when the case is gone.
  const tipoffs = await TipoffModel.collection.find({}, project(['media', 'region', 'caseId'])).toArray();
  const caseIds = [...new Set(tipoffs.filter((t) => t.media?.length).map((t) => String(t.caseId)))].filter((id) => mongoose.isValidObjectId(id));
  const caseRegion = new Map<string, string>();
  for (let i = 0; i < caseIds.length; i += 500) {
    const cases = await TipoffCaseModel.collection.find({ _id: { $in: caseIds.slice(i, i + 500).map((id) => new mongoose.Types.ObjectId(id)) } }, project(['region'])).toArray();
    for (const c of cases) caseRegion.set(String(c._id), c.region);
  }
  for (const t of tipoffs) add(t.media, { record: 'Tipoff', id: String(t._id), region: caseRegion.get(String(t.caseId)) ?? t.region, viewerId: null });
  for (const r of await RegistrationModel.collection.find({}, project(['status', 'region', 'workshop.region', 'applicantId', 'premises', 'siteCheck.result'])).toArray()) {
    if (r.status === 'draft') continue; // no staff sees a draft
    const link: Link = { record: 'Registration', id: String(r._id), region: r.region ?? r.workshop?.region, viewerId: r.applicantId ?? null };
    add([...(r.premises?.photos ?? []), ...(r.premises?.floorPlan ? [r.premises.floorPlan] : []), ...photosOf(r.siteCheck?.result?.items)], link);
  }
  const records = {
    Inspection: await InspectionModel.collection.find({}, project(['region', 'workshopId', 'items', 'rectification.photos'])).toArray(),
    SelfCheck: await SelfCheckModel.collection.find({}, project(['region', 'ownerId', 'items'])).toArray(),
    Sample: await SampleModel.collection.find({}, project(['region', 'workshopId', 'followUp.photos'])).toArray(),
    Penalty: await PenaltyModel.collection.find({}, project(['region', 'workshopId', 'repair.photos'])).toArray(),
  };
  const workshopIds = [...new Set([...records.Inspection, ...records.Sample, ...records.Penalty].map((r) => String(r.workshopId)))].filter((id) => mongoose.isValidObjectId(id));
  const owners = new Map<string, string | null>();
  for (let i = 0; i < workshopIds.length; i += 500) {
    const ws = await WorkshopModel.collection.find({ _id: { $in: workshopIds.slice(i, i + 500).map((id) => new mongoose.Types.ObjectId(id)) } }, project(['ownerId'])).toArray();
    for (const w of ws) owners.set(String(w._id), w.ownerId ?? null);
  }
  const link = (record: FileLinkRecord, r: Raw): Link => ({ record, id: String(r._id), region: r.region, viewerId: r.ownerId ?? owners.get(String(r.workshopId)) ?? null });
  for (const r of records.Inspection) add([...photosOf(r.items), ...(r.rectification?.photos ?? [])], link('Inspection', r));
  for (const r of records.SelfCheck) add(photosOf(r.items), link('SelfCheck', r));
  for (const r of records.Sample) add(r.followUp?.photos, link('Sample', r));
  for (const r of records.Penalty) add(r.repair?.photos, link('Penalty', r));

  let n = 0;
  for (const f of legacy) {
    const links = linksOf.get(String(f._id)) ?? [];
    const r = await StoredFileModel.collection.updateOne({ _id: f._id, links: { $exists: false } }, { $set: { links } });
    if (r.modifiedCount) n++;
  }
  return n;
}
