// Start-up migration of a database written by an earlier version. Every step is idempotent and cheap
// when there is nothing to do, so it runs at every start, before the indexes are created.
import mongoose from 'mongoose';
import { CertificateModel } from '../models/Certificate';
import { NotificationModel } from '../models/Notification';
import { PublicFileModel } from '../models/PublicFile';
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
}

async function hasIndex(model: mongoose.Model<any>, name: string): Promise<boolean> {
  const list = await model.collection.indexes().catch(() => []);
  return list.some((i) => i.name === name);
}

export async function migrate(): Promise<MigrationReport> {
  const report: MigrationReport = { certificates: 0, notifications: 0, tipoffCases: 0, rewardRegions: 0, publicFiles: 0 };

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
