// Recomputes a workshop's risk grade from its records (services/risk.ts) and stores it on the file.
import { CreditEventModel } from '../../models/CreditEvent';
import { InspectionModel } from '../../models/Inspection';
import { PenaltyModel } from '../../models/Penalty';
import { SampleModel } from '../../models/Sample';
import { WorkshopModel } from '../../models/Workshop';
import { scoreRisk, windowStart, type RiskInput, type RiskOutcome } from '../../services/risk';

/** A verified tip-off as the tip-off feature records it on the credit file. */
const VERIFIED_TIPOFF = { type: 'tipoff', result: '查实' } as const;

async function riskInputFor(workshopId: string, categories: readonly string[], now = new Date()): Promise<RiskInput> {
  const from = windowStart(now);
  const [inspections, samples, penalties, tipoffs] = await Promise.all([
    InspectionModel.find({ workshopId, at: { $gte: from } }).lean(),
    SampleModel.find({ workshopId, at: { $gte: from } }).lean(),
    PenaltyModel.find({ workshopId, decidedAt: { $gte: from } }).lean(),
    CreditEventModel.find({ workshopId, ...VERIFIED_TIPOFF, at: { $gte: from } }).lean(),
  ]);
  return {
    categories,
    inspections: inspections.map((i) => ({ at: i.at, result: i.result as 'none' | 'rectify' | 'case', failedItems: i.items.filter((x) => x.result === 'fail').length })),
    samples: samples.map((s) => ({ at: s.at, result: s.result as 'pass' | 'fail' })),
    penalties: penalties.map((p) => ({ at: p.decidedAt })),
    tipoffs: tipoffs.map((t) => ({ at: t.at })),
  };
}

export async function recomputeRisk(workshopId: string, now = new Date()): Promise<RiskOutcome | null> {
  const w = await WorkshopModel.findById(workshopId).lean();
  if (!w || w.status !== 'registered') return null;
  const outcome = scoreRisk(await riskInputFor(workshopId, w.categories, now), now);
  await WorkshopModel.updateOne({ _id: w._id }, { $set: { riskGrade: outcome.grade, riskScore: outcome.score, riskReasons: outcome.reasons, riskUpdatedAt: now } });
  return outcome;
}
