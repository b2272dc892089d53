// Demo tip-offs (举报) in every state across the demo counties: waiting, overdue and escalated, accepted,
// extended, declined, closed (查实 / 部分查实 / 未查实) and rewards proposed, approved (awaiting claim),
// failed and paid. Written straight to the models; the first one can be tracked with DEMO_TIPOFF below.
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { REWARD_LEVELS, type TipoffResult } from '@shared/domain/tipoff';
import { putCreditEvent } from '../services/publicFile';
import { TipoffModel } from '../models/Tipoff';
import { TipoffCaseModel } from '../models/TipoffCase';
import { TipoffReporterModel } from '../models/TipoffReporter';
import { TipoffRewardModel } from '../models/TipoffReward';
import type { Workshop } from '../models/Workshop';
import { CalendarService } from '../services/calendar';
import type { DataCipher } from '../services/crypto';
import type { RegionService } from '../services/regions';
import { endOfShanghaiDay } from '../commands/registration/deadline';

/** Receipt code and token of the first demo tip-off (a confirmed case with a paid reward). */
export const DEMO_TIPOFF = { receiptCode: 'DEMO2026A1', token: 'DEMOTOKEN2026TRACKME' };

type Scenario = {
  status: 'submitted' | 'accepted' | 'declined' | 'closed';
  result?: TipoffResult;
  overdue?: boolean;
  extended?: boolean;
  reward?: 'proposed' | 'approved' | 'failed' | 'paid';
  named?: boolean;
  reports?: number;
};
const SCENARIOS: Scenario[] = [
  { status: 'closed', result: 'confirmed', reward: 'paid', reports: 3 },
  { status: 'submitted' },
  { status: 'submitted', overdue: true },
  { status: 'accepted', named: true },
  { status: 'accepted', extended: true },
  { status: 'declined' },
  { status: 'closed', result: 'partly', reward: 'proposed', named: true },
  { status: 'closed', result: 'confirmed', reward: 'approved' },
  { status: 'closed', result: 'confirmed', reward: 'failed', named: true },
  { status: 'closed', result: 'unfounded' },
];
const TEXTS = [
  '居民楼一楼每天夜里加工米粉，门口堆放原料，没有看到任何证照。',
  '该作坊生产腊肠时工人未戴口罩手套，生肉直接放在地上。',
  '出租屋内有人制作豆腐，污水直排下水道，气味很大。',
  '作坊门口售卖散装米酒，瓶子没有任何标签。',
  '糕点作坊使用的油颜色发黑，疑似反复使用的废油。',
];

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

export async function seedDemoTipoffs(regions: RegionService, workshops: (Workshop & { _id: unknown })[], opts: { cipher?: Pick<DataCipher, 'encrypt'>; counties: string[] }) {
  if (await TipoffCaseModel.exists({})) return 0;
  const calendar = new CalendarService();
  const now = Date.now();
  let seq = 0;
  for (const [ci, county] of opts.counties.entries()) {
    const inCounty = workshops.filter((w) => w.region.startsWith(county) && w.status === 'registered');
    for (const [si, s] of SCENARIOS.entries()) {
      seq += 1;
      const w = si % 3 === 1 ? inCounty[si] : null; // some about a registered workshop, most about unlicensed sites
      const region = w?.region ?? (regions.list(county)?.[si % Math.max(1, regions.list(county)?.length ?? 1)]?.code ?? county);
      const location = w?.location?.lat != null ? { lat: w.location.lat, lng: w.location.lng! } : { lat: 24.3 + ci * 0.05 + si * 0.004, lng: 109.4 + si * 0.004 };
      const submittedAt = new Date(now - (s.overdue ? 20 : s.status === 'submitted' ? 1 : 12 + si) * 86400_000);
      const accept = await calendar.addWorkingDays(submittedAt, 7);
      const acceptedAt = s.status === 'submitted' || s.status === 'declined' ? null : new Date(submittedAt.getTime() + 2 * 86400_000);
      const close = acceptedAt ? await calendar.addWorkingDays(acceptedAt, s.extended ? 30 : 15) : null;
      const closedAt = s.status === 'closed' ? new Date(now - 86400_000) : null;
      const caseId = new Types.ObjectId();
      // A confirmed unlicensed site is one of the demo's black workshops (the workshop count stays as seeded).
      const black = s.status === 'closed' && s.result !== 'unfounded' && !w
        ? (workshops.find((x) => x.status === 'unlicensed' && x.region.startsWith(county)) ?? workshops.find((x) => x.status === 'unlicensed') ?? null)
        : null;
      const blackId = black ? String(black._id) : null;
      const workshopId = w ? String(w._id) : blackId ? String(blackId) : null;
      const timeline: { at: Date; title: string; note: string | null; by: string }[] = [{ at: submittedAt, title: '收到举报', note: null, by: '系统' }];
      if (acceptedAt) timeline.push({ at: acceptedAt, title: '受理', note: `将于${close!.date}前核查办结`, by: '市场监督管理局' });
      if (s.extended) timeline.push({ at: new Date(now - 2 * 86400_000), title: '延长办理期限', note: '需送检样品，等待检验报告', by: '市场监督管理局' });
      if (s.status === 'declined') timeline.push({ at: new Date(submittedAt.getTime() + 86400_000), title: '不予受理', note: '所反映问题不属于食品小作坊监管范围，已告知向城管部门反映', by: '市场监督管理局' });
      if (closedAt) timeline.push({ at: closedAt, title: `办结：${{ confirmed: '查实', partly: '部分查实', unfounded: '未查实' }[s.result!]}`, note: '经现场核查，已依法处理', by: '市场监督管理局' });
      if (s.overdue) timeline.push({ at: new Date(now - 86400_000), title: '超过受理期限，已报县级监管部门督办', note: null, by: '系统' });
      const reports = s.reports ?? 1;
      // The case's own dates (not the seeding moment): the dashboard measures handling times from them.
      await new TipoffCaseModel({
        _id: caseId, kind: w ? 'violation' : 'unlicensed', status: s.status, region, county, address: w?.address ?? `${regions.fullName(region) ?? ''}某巷${si + 3}号`,
        location, workshopId, reportCount: reports,
        groupKey: s.status === 'submitted' || s.status === 'accepted' ? (w ? `w:${String(w._id)}` : `demo:${String(caseId)}`) : `closed:${String(caseId)}`,
        acceptDeadline: { due: s.overdue ? '2026-01-05' : accept.date, dueAt: s.overdue ? endOfShanghaiDay('2026-01-05') : endOfShanghaiDay(accept.date), estimated: accept.estimated },
        closeDeadline: close ? { due: close.date, dueAt: endOfShanghaiDay(close.date), estimated: close.estimated } : null,
        dueAt: s.status === 'submitted' ? (s.overdue ? endOfShanghaiDay('2026-01-05') : endOfShanghaiDay(accept.date)) : s.status === 'accepted' ? endOfShanghaiDay(close!.date) : null,
        extended: !!s.extended, extensionReason: s.extended ? '需送检样品，等待检验报告' : null,
        escalated: { accept: !!s.overdue, close: false }, acceptedAt, decidedAt: acceptedAt ?? (s.status === 'declined' ? timeline[1].at : null),
        declineReason: s.status === 'declined' ? timeline[1].note : null,
        outcome: closedAt ? { result: s.result, publicReason: s.result === 'unfounded' ? '现场核查未发现生产行为' : '经现场核查，举报问题属实，已依法查处', note: null, closedAt, by: 'demo' } : null,
        timeline, demo: true, createdAt: submittedAt, updatedAt: new Date(now),
      }).save({ timestamps: false });
      if (workshopId && closedAt) {
        await putCreditEvent(`TipoffCase:${String(caseId)}`, { workshopId, type: 'tipoff', at: closedAt, title: blackId ? '举报查实：无证生产' : '举报查实', detail: '经现场核查，举报问题属实，已依法查处', result: s.result === 'partly' ? '部分查实' : '查实', source: '市场监督管理局' }, { once: true });
      }
      let firstReport: string | null = null;
      for (let k = 0; k < reports; k++) {
        const first = ci === 0 && si === 0 && k === 0;
        const code = first ? DEMO_TIPOFF.receiptCode : `D${String(seq).padStart(3, '0')}${k}${'ABCDEFGH'[ci]}XYZ`.slice(0, 10);
        const token = first ? DEMO_TIPOFF.token : `DEMOTOKEN${code}`;
        const named = !!s.named && k === 0 && !!opts.cipher;
        const t = await TipoffModel.create({
          caseId: String(caseId), groupKey: `closed:${String(caseId)}`, receiptCode: code, tokenHashes: [sha(token)], kind: w ? 'violation' : 'unlicensed', workshopId: w ? String(w._id) : null,
          region, county, address: null, location, description: TEXTS[(si + k) % TEXTS.length], media: [], anonymous: !named, mineKey: null,
          contentKey: `demo-${seq}-${k}`, senderKey: 'demo', dedupeKey: `demo-${seq}-${k}`, consentAt: submittedAt, demo: true,
          // Sent when the case says: the first opens it, others follow within hours (before it is handled).
          createdAt: new Date(submittedAt.getTime() + k * 3600_000),
        });
        if (named && opts.cipher) {
          await TipoffReporterModel.create({ tipoffId: String(t._id), nameEnc: opts.cipher.encrypt('韦秀兰'), phoneEnc: opts.cipher.encrypt('13877120000'), userIdEnc: null, payeeOpenidEnc: opts.cipher.encrypt('demo-openid-reporter') });
        }
        firstReport ??= String(t._id);
      }
      if (s.reward && firstReport) {
        const level = s.result === 'partly' ? 4 : 2;
        const id = new Types.ObjectId();
        const attempts = s.reward === 'paid' || s.reward === 'failed'
          ? [{ n: 1, outBatchNo: `TR${String(id)}A1`, outDetailNo: `TD${String(id)}A1`, status: s.reward, reason: s.reward === 'failed' ? 'ACCOUNT_FROZEN' : null, batchId: null, at: new Date(now - 3600_000) }]
          : [];
        await TipoffRewardModel.create({
          _id: id, caseId: String(caseId), tipoffId: firstReport, level, amountFen: REWARD_LEVELS[level as 2 | 4].amountFen, reason: '线索准确，协助查处',
          status: s.reward, version: attempts.length ? 3 : s.reward === 'approved' ? 1 : 0, proposerId: 'demo', approverId: s.reward === 'proposed' ? null : 'demo',
          attempts, currentBatchNo: attempts[0]?.outBatchNo ?? null, paidAt: s.reward === 'paid' ? new Date(now - 3000_000) : null, demo: true,
        });
      }
    }
  }
  return seq;
}
