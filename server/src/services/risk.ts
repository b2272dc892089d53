// Risk grading (风险分级), a pure function so it can be tested on fixed cases and explained to an owner.
//
// Score = category risk + history over the last 24 months, each part with a cap so one kind of record
// cannot dominate:
//   category        the riskiest category the workshop makes: CATEGORIES[].risk (1–4) × 5     (5–20)
//   failed samples  15 each, at most 30
//   penalties       20 each, at most 40 (a credit repair does not erase the supervision history)
//   tip-offs        10 per verified tip-off (CreditEvent 'tipoff' with result 查实), at most 20
//   inspections     立案调查 20, 责令整改 10, plus 2 per 不符合 item, at most 30
// Grade: < 25 A, < 45 B, < 65 C, otherwise D. A failed sample or a penalty in the window rules out A
// (A means "近两年无不合格抽检和处罚", RISK_GRADE_INFO). Inspection frequency per year follows the grade.
import { CATEGORIES } from '@shared/domain/categories';
import { RISK_GRADE_INFO, type RiskGrade } from '@shared/domain/risk';

const RISK_WINDOW_MONTHS = 24;
const RISK_WEIGHTS = {
  categoryPerLevel: 5,
  failedSample: 15, failedSampleCap: 30,
  penalty: 20, penaltyCap: 40,
  tipoff: 10, tipoffCap: 20,
  inspectionCase: 20, inspectionRectify: 10, failedItem: 2, inspectionCap: 30,
} as const;
const GRADE_THRESHOLDS: [RiskGrade, number][] = [['A', 25], ['B', 45], ['C', 65]];

export interface RiskInput {
  categories: readonly string[];
  inspections: { at: Date; result: 'none' | 'rectify' | 'case'; failedItems: number }[];
  samples: { at: Date; result: 'pass' | 'fail' }[];
  penalties: { at: Date }[];
  tipoffs: { at: Date }[];
}
export interface RiskOutcome {
  grade: RiskGrade;
  score: number;
  reasons: string[];
  inspectionsPerYear: [number, number];
}

const LEVEL = ['', '低', '较低', '较高', '高'];

export function windowStart(now: Date): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - RISK_WINDOW_MONTHS);
  return d;
}

export function scoreRisk(input: RiskInput, now = new Date()): RiskOutcome {
  const W = RISK_WEIGHTS;
  const from = windowStart(now);
  const inWindow = <T extends { at: Date }>(list: T[]) => list.filter((x) => x.at >= from && x.at <= now);
  const reasons: string[] = [];
  let score = 0;

  const cats = CATEGORIES.filter((c) => input.categories.includes(c.code));
  const top = cats.length ? cats.reduce((a, b) => (b.risk > a.risk ? b : a)) : null;
  const catLevel = top?.risk ?? 2;
  score += catLevel * W.categoryPerLevel;
  reasons.push(`产品类别风险${LEVEL[catLevel]}（${top?.name ?? '未填写类别'}）：+${catLevel * W.categoryPerLevel}`);

  const failed = inWindow(input.samples).filter((s) => s.result === 'fail').length;
  if (failed) {
    const p = Math.min(failed * W.failedSample, W.failedSampleCap);
    score += p;
    reasons.push(`近24个月抽检不合格${failed}次：+${p}`);
  }
  const penalties = inWindow(input.penalties).length;
  if (penalties) {
    const p = Math.min(penalties * W.penalty, W.penaltyCap);
    score += p;
    reasons.push(`近24个月受到行政处罚${penalties}次：+${p}`);
  }
  const tipoffs = inWindow(input.tipoffs).length;
  if (tipoffs) {
    const p = Math.min(tipoffs * W.tipoff, W.tipoffCap);
    score += p;
    reasons.push(`近24个月举报查实${tipoffs}次：+${p}`);
  }
  const inspections = inWindow(input.inspections);
  if (inspections.length) {
    const cases = inspections.filter((i) => i.result === 'case').length;
    const rectify = inspections.filter((i) => i.result === 'rectify').length;
    const items = inspections.reduce((s, i) => s + i.failedItems, 0);
    const raw = cases * W.inspectionCase + rectify * W.inspectionRectify + items * W.failedItem;
    const p = Math.min(raw, W.inspectionCap);
    if (p) {
      const parts = [cases && `立案调查${cases}次`, rectify && `责令整改${rectify}次`, items && `不符合项${items}项`].filter(Boolean).join('、');
      score += p;
      reasons.push(`近24个月检查发现问题（${parts}）：+${p}`);
    } else {
      reasons.push(`近24个月检查${inspections.length}次，均未发现问题`);
    }
  } else {
    reasons.push('近24个月暂无日常检查记录');
  }
  if (!failed && !penalties && !tipoffs) reasons.push('近24个月无不合格抽检、行政处罚和查实举报');

  let grade: RiskGrade = GRADE_THRESHOLDS.find(([, max]) => score < max)?.[0] ?? 'D';
  if (grade === 'A' && (failed || penalties)) {
    grade = 'B';
    reasons.push('存在不合格抽检或行政处罚，不能评为A级');
  }
  reasons.push(`风险分值${score}，评定为${RISK_GRADE_INFO[grade].label}`);
  return { grade, score, reasons, inspectionsPerYear: RISK_GRADE_INFO[grade].inspectionsPerYear };
}
