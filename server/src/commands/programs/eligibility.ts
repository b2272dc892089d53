// Eligibility (申报条件) on the workshop's real records: each rule of the program passes or says, in Chinese,
// what the owner can do about it ("参加 8 学时培训，目前 4 学时"). The facts are read once per check; the
// evaluation is a pure function of them.
import { categoryName } from '@shared/domain/categories';
import { RULE_ACTION_OF, RULE_KIND_LABELS, ruleSummary, type ProgramRule } from '@shared/domain/programs';
import type { RuleResult } from '@shared/schemas/programs';
import { PenaltyModel } from '../../models/Penalty';
import { SelfCheckModel } from '../../models/SelfCheck';
import type { Workshop } from '../../models/Workshop';
import { shanghaiDate } from '../../services/calendar';
import { monthsBefore, trainingHours } from '../../services/trainingHours';

const DAY_MS = 86_400_000;
type WorkshopFacts = Pick<Workshop, 'status' | 'certificate' | 'riskGrade' | 'categories'> & { createdAt?: Date | null };

export interface EligibilityFacts {
  workshop: WorkshopFacts;
  /** Decision dates of the workshop's penalties, newest first (the last 10 years at most). */
  penaltyDates: Date[];
  /** Training hours certified in the 12 months before `now`. */
  trainingHours: number;
  lastSelfCheckAt: Date | null;
}

/** Training hours of a workshop in the 12 months before `now`, as its public credit file counts them. */
export async function trainingHoursLast12Months(workshopId: string, now = new Date()): Promise<number> {
  return (await trainingHours(workshopId, 12, now)).hours;
}

export async function readFacts(workshop: WorkshopFacts & { _id: unknown }, now = new Date()): Promise<EligibilityFacts> {
  const id = String(workshop._id);
  const [penalties, trainingHours, selfCheck] = await Promise.all([
    PenaltyModel.find({ workshopId: id, decidedAt: { $gte: monthsBefore(now, 120) } }, { decidedAt: 1 }).sort({ decidedAt: -1, _id: -1 }).limit(50).lean(),
    trainingHoursLast12Months(id, now),
    SelfCheckModel.findOne({ workshopId: id }, { at: 1 }).sort({ at: -1, _id: -1 }).lean(),
  ]);
  return { workshop, penaltyDates: penalties.map((p) => p.decidedAt), trainingHours, lastSelfCheckAt: selfCheck?.at ?? null };
}

const hoursText = (h: number) => (Number.isInteger(h) ? String(h) : h.toFixed(1));

/** One rule on the facts. Pure. */
export function evaluateRule(rule: ProgramRule, f: EligibilityFacts, now: Date): RuleResult {
  const base = { kind: rule.kind, label: RULE_KIND_LABELS[rule.kind], summary: ruleSummary(rule, categoryName), action: RULE_ACTION_OF[rule.kind] };
  const ok = (current: string): RuleResult => ({ ...base, passed: true, current, todo: null });
  const fail = (current: string, todo: string): RuleResult => ({ ...base, passed: false, current, todo });
  const w = f.workshop;
  switch (rule.kind) {
    case 'registered': {
      const cert = w.certificate;
      if (w.status !== 'registered' || !cert?.number) return fail('尚未取得食品小作坊登记证', '先办理食品小作坊登记（一次不跑，手机申请）');
      if (cert.status !== 'valid' || (cert.expiresAt && cert.expiresAt <= now)) return fail(`登记证 ${cert.number} 已失效`, '办理登记证延续，保持登记证有效');
      return ok(`登记证 ${cert.number} 有效${cert.expiresAt ? `，至 ${shanghaiDate(cert.expiresAt)}` : ''}`);
    }
    case 'no_penalty': {
      const months = rule.months ?? 24;
      const since = monthsBefore(now, months);
      const recent = f.penaltyDates.filter((d) => d >= since);
      if (!recent.length) return ok(`近${months}个月无行政处罚`);
      const last = recent[0];
      const clear = new Date(last);
      clear.setUTCMonth(clear.getUTCMonth() + months);
      return fail(`近${months}个月有${recent.length}次行政处罚（最近一次 ${shanghaiDate(last)}）`, `须连续${months}个月无行政处罚，${shanghaiDate(clear)} 后可再申报`);
    }
    case 'risk_grade': {
      const grades = rule.grades ?? [];
      const g = w.riskGrade ?? null;
      if (g && grades.includes(g)) return ok(`风险等级 ${g} 级`);
      return fail(g ? `风险等级 ${g} 级` : '尚未评定风险等级', `风险等级须为 ${grades.join('/')} 级：落实自查、整改检查发现的问题，等级随检查和抽检结果重新评定`);
    }
    case 'training_hours': {
      const need = rule.hours ?? 0;
      const have = f.trainingHours;
      if (have >= need) return ok(`近12个月培训 ${hoursText(have)} 学时`);
      return fail(`近12个月培训 ${hoursText(have)} 学时`, `参加 ${hoursText(need)} 学时培训，目前 ${hoursText(have)} 学时`);
    }
    case 'category': {
      const wanted = rule.categories ?? [];
      const mine = w.categories ?? [];
      const names = (list: readonly string[]) => list.map(categoryName).join('、') || '无';
      if (mine.some((c) => wanted.includes(c))) return ok(`生产类别：${names(mine)}`);
      return fail(`生产类别：${names(mine)}`, `本项目只面向${names(wanted)}作坊`);
    }
    case 'years_in_business': {
      const years = rule.years ?? 0;
      const dates = [w.certificate?.issuedAt, w.createdAt].filter((d): d is Date => !!d).map((d) => new Date(d));
      const since = dates.length ? new Date(Math.min(...dates.map((d) => d.getTime()))) : null;
      if (!since) return fail('尚无登记记录', `登记满${years}年后可申报`);
      const enough = new Date(since);
      enough.setUTCFullYear(enough.getUTCFullYear() + years);
      const held = Math.floor(((now.getTime() - since.getTime()) / (365.25 * DAY_MS)) * 10) / 10;
      if (enough <= now) return ok(`自 ${shanghaiDate(since)} 起登记经营，约${held}年`);
      return fail(`自 ${shanghaiDate(since)} 起登记经营，约${held}年`, `登记经营满${years}年，${shanghaiDate(enough)} 后可申报`);
    }
    case 'self_check': {
      const days = rule.days ?? 30;
      const last = f.lastSelfCheckAt;
      if (last && last.getTime() >= now.getTime() - days * DAY_MS) return ok(`最近一次自查 ${shanghaiDate(last)}`);
      return fail(last ? `最近一次自查 ${shanghaiDate(last)}` : '尚无自查记录', `完成一次自查（10项检查要点），须在近${days}天内`);
    }
  }
}

export function evaluateRules(rules: readonly ProgramRule[], f: EligibilityFacts, now: Date): { eligible: boolean; rules: RuleResult[] } {
  const results = rules.map((r) => evaluateRule(r, f, now));
  return { eligible: results.every((r) => r.passed), rules: results };
}
