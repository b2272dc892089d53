// Rewards (有奖举报): proposed by the handler, approved by a second person (an admin of the region), paid by
// WeChat Pay merchant transfer to the reporter's openid: a batch transfer (paid at once) or a transfer bill,
// which waits (confirming, 待确认收款) until the reporter confirms it in the mini-program. Every status change
// is one conditional update on the reward's version (bumped by each change), so two approvals or two payouts
// at once have one winner, and a new payout attempt starts only after the previous one is known to have failed.
//   proposed → approved → paying ⇄ confirming → paid | failed (→ paying again by retry); proposed → rejected
import { REWARD_LEVELS, REWARD_STATUS_LABELS, type RewardLevel, type RewardStatus } from '@shared/domain/tipoff';
import { isDuplicateKey } from '../../db/sequence';
import { conflict, notFound, unprocessable } from '../../errors';
import type { AppContext } from '../../http/types';
import { TipoffModel, type TipoffDoc } from '../../models/Tipoff';
import type { TipoffCaseDoc } from '../../models/TipoffCase';
import { TipoffReporterModel } from '../../models/TipoffReporter';
import { TipoffRewardModel, type TipoffRewardDoc } from '../../models/TipoffReward';
import { authorize } from '../../policies';
import type { Services } from '../../services';
import { audit } from '../../services/audit';
import { billState, type BillNotice, type PayoutState, type TransferApi } from '../../services/wechatpay';
import { notifyUser } from '../../services/notify';
import { keyed, systemCtx } from './common';
import { TipoffCaseModel } from '../../models/TipoffCase';

type Ctx = AppContext;

export async function loadReward(id: string): Promise<TipoffRewardDoc> {
  const r = await TipoffRewardModel.findById(id);
  if (!r) throw notFound('resource.not_found', '未找到该奖励');
  return r;
}

const stateConflict = (r: { status: string }) => conflict('tipoff.reward_state', `奖励当前状态为“${REWARD_STATUS_LABELS[r.status as RewardStatus]}”，不能进行此操作`);

/** Moves the reward from the version read to the next; null when someone else moved it first. */
const moveVersion = (r: TipoffRewardDoc, set: Record<string, unknown>, from: RewardStatus[] = [r.status as RewardStatus]) =>
  TipoffRewardModel.findOneAndUpdate({ _id: r._id, version: r.version, status: { $in: from } }, { $set: { ...set, version: r.version + 1 } }, { returnDocument: 'after' });

/** One status change from `from`. Loser: 409. */
async function step(r: TipoffRewardDoc, from: RewardStatus[], set: Record<string, unknown>): Promise<TipoffRewardDoc> {
  if (!from.includes(r.status as RewardStatus)) throw stateConflict(r);
  const updated = await moveVersion(r, set, from);
  if (!updated) throw stateConflict(await loadReward(String(r._id)));
  return updated;
}

export async function propose(ctx: Ctx, c: TipoffCaseDoc, input: { reportId: string; level: RewardLevel; reason: string }) {
  authorize(ctx.state.user, 'tipoff.handle', c);
  if (c.status !== 'closed' || !c.outcome || c.outcome.result === 'unfounded') throw unprocessable('tipoff.reward_not_allowed');
  const report = await TipoffModel.findOne({ _id: input.reportId, caseId: String(c._id) }).lean();
  if (!report) throw notFound('resource.not_found', '该案件中没有这件举报');
  try {
    const r = await TipoffRewardModel.create({
      caseId: String(c._id), region: c.region, tipoffId: input.reportId, level: input.level, amountFen: REWARD_LEVELS[input.level].amountFen,
      reason: input.reason, status: 'proposed', proposerId: String(ctx.state.user!._id),
    });
    await audit(ctx, { action: 'tipoff.reward_proposed', subjectType: 'TipoffReward', subjectId: String(r._id), after: { level: input.level, amountFen: r.amountFen }, reason: input.reason });
    return r;
  } catch (e) {
    if (isDuplicateKey(e)) throw conflict('tipoff.reward_exists');
    throw e;
  }
}

async function caseOf(r: TipoffRewardDoc) {
  const c = await TipoffCaseModel.findById(r.caseId);
  if (!c) throw notFound();
  return c;
}


/**
 * Tells the reporter of a reward's report what to do next, when they reported signed in and by name (an
 * anonymous reporter follows the case with the receipt code and token only). The link opens the tracking
 * page of that receipt, where the reward is claimed and receipt is confirmed.
 */
async function tellPayee(services: Services, r: TipoffRewardDoc, title: string, body: string, key: string) {
  const t = await TipoffModel.findById(r.tipoffId, { receiptCode: 1, anonymous: 1 }).lean();
  if (!t || t.anonymous) return;
  const who = await TipoffReporterModel.findOne({ tipoffId: r.tipoffId }, { userIdEnc: 1 }).lean();
  if (!who?.userIdEnc) return;
  await notifyUser(services, services.cipher.decrypt(who.userIdEnc), {
    title, body, page: `packages/tipoff/track/index?code=${encodeURIComponent(t.receiptCode)}`, key,
  });
}

export async function approve(ctx: Ctx, r: TipoffRewardDoc) {
  const c = await caseOf(r);
  authorize(ctx.state.user, 'tipoff.decideReward', { region: c.region, proposerId: r.proposerId });
  const updated = await step(r, ['proposed'], { status: 'approved', approverId: String(ctx.state.user!._id) });
  await audit(ctx, { action: 'tipoff.reward_approved', subjectType: 'TipoffReward', subjectId: String(r._id), before: { status: 'proposed' }, after: { status: 'approved' } });
  await tellPayee(ctx.services, updated, '举报奖励已批准', `奖励${(updated.amountFen / 100).toFixed(2)}元已批准，请在举报进度中领取并确认收款`, `TipoffReward:${String(r._id)}:approved`);
  return (await startPayout(ctx.services, updated, ctx)) ?? updated;
}

export async function reject(ctx: Ctx, r: TipoffRewardDoc, reason: string) {
  const c = await caseOf(r);
  authorize(ctx.state.user, 'tipoff.decideReward', { region: c.region, proposerId: r.proposerId });
  const updated = await step(r, ['proposed'], { status: 'rejected', approverId: String(ctx.state.user!._id), rejectReason: reason });
  await audit(ctx, { action: 'tipoff.reward_rejected', subjectType: 'TipoffReward', subjectId: String(r._id), before: { status: 'proposed' }, after: { status: 'rejected' }, reason });
  return updated;
}

/** A failed payout tried again (new attempt, new out_batch_no); only after the last one is known failed. */
export async function retry(ctx: Ctx, r: TipoffRewardDoc) {
  authorize(ctx.state.user, 'tipoff.handle', await caseOf(r));
  if (r.status !== 'failed') throw stateConflict(r);
  const updated = await startPayout(ctx.services, r, ctx);
  if (!updated) throw stateConflict(await loadReward(String(r._id)));
  return updated;
}

/**
 * The reporter binds the reward to their WeChat account with receipt code + token, after logging in. The
 * handler never learns who: the openid is stored encrypted apart from the case, keyed by the report.
 */
export async function claimReward(ctx: Ctx, t: TipoffDoc) {
  const user = ctx.state.user!;
  const tipoffId = String(t._id);
  const payeeKey = keyed(ctx.services, 'tipoff-payee', String(user._id));
  // The payee is bound once: an upsert on the unique tipoffId that only fills an unbound record. A bound
  // record (a named report, or an earlier claim) fails the filter, the insert then hits the unique key.
  let bound = false;
  try {
    const r = await TipoffReporterModel.updateOne(
      { tipoffId, payeeKey: null },
      { $set: { payeeOpenidEnc: ctx.services.cipher.encrypt(user.openid), payeeKey }, $setOnInsert: { tipoffId } },
      { upsert: true },
    );
    bound = r.modifiedCount > 0 || !!r.upsertedId;
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
  }
  if (bound) {
    await audit(systemCtx(ctx), { action: 'tipoff.reward_claimed', subjectType: 'Tipoff', subjectId: tipoffId });
  } else {
    const existing = await TipoffReporterModel.findOne({ tipoffId }).lean();
    if (existing?.payeeKey !== payeeKey) throw conflict('tipoff.reward_claimed');
  }
  const r = await TipoffRewardModel.findOne({ tipoffId });
  if (r && r.status === 'approved') await startPayout(ctx.services, r, null);
}

/** Attempts as plain objects (spreading mongoose subdocuments copies their internals, not their fields). */
const attemptsOf = (r: TipoffRewardDoc) => r.toObject().attempts.map((a) => ({ ...a }));

const outNo = (prefix: 'TR' | 'TD', id: string, n: number) => `${prefix}${id}A${n}`;

/**
 * Starts the next payout attempt when the reward is approved (or its last attempt is known failed) and a
 * payee is bound. Returns the updated reward, or null when nothing was started.
 */
async function startPayout(services: Services, r: TipoffRewardDoc, ctx: Ctx | null): Promise<TipoffRewardDoc | null> {
  if (!['approved', 'failed'].includes(r.status)) return null;
  if (r.status === 'failed' && r.attempts.at(-1)?.status !== 'failed') return null;
  const payee = await TipoffReporterModel.findOne({ tipoffId: r.tipoffId }).lean();
  if (!payee?.payeeOpenidEnc || !services.pay) return null; // waiting for the reporter's claim, or pay not configured
  const id = String(r._id);
  const n = r.attempts.length + 1;
  const attempt = { n, api: services.pay.transferApi, outBatchNo: outNo('TR', id, n), outDetailNo: outNo('TD', id, n), status: 'pending', reason: null, batchId: null, packageInfo: null, at: new Date() };
  const paying = await moveVersion(r, { status: 'paying', currentBatchNo: attempt.outBatchNo, attempts: [...attemptsOf(r), attempt] });
  if (!paying) return null; // someone else moved it
  await audit(ctx, { action: 'tipoff.payout_started', subjectType: 'TipoffReward', subjectId: id, before: { status: r.status }, after: { status: 'paying', outBatchNo: attempt.outBatchNo } });
  return (await sendTransfer(services, paying)) ?? paying;
}

const apiOf = (a: { api?: string | null } | undefined): TransferApi => (a?.api === 'bills' ? 'bills' : 'batches');

/** Sends (or re-sends: same out number, same content) the current attempt's batch transfer or transfer bill. */
async function sendTransfer(services: Services, r: TipoffRewardDoc): Promise<TipoffRewardDoc | null> {
  const a = r.attempts.at(-1)!;
  const payee = await TipoffReporterModel.findOne({ tipoffId: r.tipoffId }).lean();
  const openid = services.cipher.decrypt(payee!.payeeOpenidEnc!);
  if (apiOf(a) === 'bills') {
    const res = await services.pay!.createBill({ outBillNo: a.outBatchNo!, openid, amountFen: r.amountFen, remark: '有奖举报奖励' });
    if (res.outcome === 'rejected') return settle(services, a.outBatchNo!, 'failed', `${res.code} ${res.message}`.trim());
    if (res.outcome === 'accepted') return applyState(services, a.outBatchNo!, res.state, res.billNo || null);
    services.log.warn({ reward: String(r._id), message: res.message }, 'transfer bill outcome unknown; the reconcile job will ask WeChat Pay');
    return TipoffRewardModel.findById(r._id);
  }
  const res = await services.pay!.transfer({ outBatchNo: a.outBatchNo!, outDetailNo: a.outDetailNo!, openid, amountFen: r.amountFen, remark: '有奖举报奖励' });
  if (res.outcome === 'rejected') return settle(services, a.outBatchNo!, 'failed', `${res.code} ${res.message}`.trim());
  if (res.outcome === 'accepted') {
    // Only a note: the result comes by notification or query, which may already have settled it.
    await TipoffRewardModel.updateOne({ _id: r._id, version: r.version }, { $set: { attempts: attemptsOf(r).map((x) => (x.n === a.n ? { ...x, status: 'accepted', batchId: res.batchId } : x)) } });
  } else services.log.warn({ reward: String(r._id), message: res.message }, 'payout outcome unknown; the reconcile job will ask WeChat Pay');
  return TipoffRewardModel.findById(r._id);
}

/** What WeChat Pay says of the attempt `outNo` (answer, query or notification), recorded once. */
async function applyState(services: Services, outNo: string, s: PayoutState, wechatNo: string | null = null): Promise<TipoffRewardDoc | null> {
  if (s.state === 'paid') return settle(services, outNo, 'paid', null);
  if (s.state === 'failed') return settle(services, outNo, 'failed', s.reason);
  if (s.state === 'waiting_user') return awaitConfirmation(services, outNo, s.packageInfo, wechatNo);
  return TipoffRewardModel.findOne({ currentBatchNo: outNo });
}

/**
 * A transfer bill waits for the payee (WAIT_USER_CONFIRM): paying → confirming, with its package_info for
 * wx.requestMerchantTransfer. Again with the same package: nothing changes; a settled reward is left alone.
 */
async function awaitConfirmation(services: Services, outNo: string, packageInfo: string | null, billNo: string | null): Promise<TipoffRewardDoc | null> {
  const r = await TipoffRewardModel.findOne({ currentBatchNo: outNo });
  if (!r || !['paying', 'confirming'].includes(r.status)) return r;
  const a = r.attempts.find((x) => x.outBatchNo === outNo);
  const pkg = packageInfo ?? a?.packageInfo ?? null;
  if (r.status === 'confirming' && (a?.packageInfo ?? null) === pkg) return r;
  const attempts = attemptsOf(r).map((x) => (x.outBatchNo === outNo ? { ...x, status: 'waiting', packageInfo: pkg, batchId: billNo ?? x.batchId } : x));
  const updated = await moveVersion(r, { status: 'confirming', attempts }, ['paying', 'confirming']);
  if (!updated) return TipoffRewardModel.findById(r._id); // moved (or settled) by someone else first
  if (r.status === 'paying') {
    await audit(null, { action: 'tipoff.payout_awaiting_confirmation', subjectType: 'TipoffReward', subjectId: String(r._id), before: { status: 'paying' }, after: { status: 'confirming', outBatchNo: outNo } });
    await tellPayee(services, updated, '举报奖励待确认收款', `奖励${(updated.amountFen / 100).toFixed(2)}元已发出，请在举报进度中确认收款`, `TipoffReward:${String(r._id)}:confirm:${outNo}`);
  }
  return updated;
}

/** Records the known result of an attempt, once, whoever learns it first (notification, query, refusal). */
export async function settle(services: Services, outBatchNo: string, result: 'paid' | 'failed', reason: string | null): Promise<TipoffRewardDoc | null> {
  const r = await TipoffRewardModel.findOne({ currentBatchNo: outBatchNo });
  if (!r || !['paying', 'confirming'].includes(r.status)) return r;
  const now = new Date();
  const attempts = attemptsOf(r).map((x) => (x.outBatchNo === outBatchNo ? { ...x, status: result, reason, packageInfo: null } : x));
  const updated = await moveVersion(r, { status: result, attempts, ...(result === 'paid' ? { paidAt: now } : {}) }, ['paying', 'confirming']);
  if (!updated) return TipoffRewardModel.findById(r._id); // settled by whoever learnt it first
  await audit(null, { action: result === 'paid' ? 'tipoff.payout_paid' : 'tipoff.payout_failed', subjectType: 'TipoffReward', subjectId: String(r._id), before: { status: r.status }, after: { status: result, outBatchNo }, reason: reason ?? undefined });
  if (result === 'failed') services.log.warn({ reward: String(r._id), outBatchNo, reason }, 'reward payout failed');
  return updated;
}

/**
 * For payouts still paying or confirming after a while: ask WeChat Pay and record its answer; re-send a
 * request it never received (or a bill whose package_info we lack: the same request gives it again); cancel
 * a bill the payee has not confirmed within the confirmation timeout (WeChat Pay closes it after 24 h).
 */
export async function reconcilePayouts(services: Services, olderThanMs = 60_000): Promise<number> {
  if (!services.pay) return 0;
  const stale = await TipoffRewardModel.find({ status: { $in: ['paying', 'confirming'] }, updatedAt: { $lt: new Date(Date.now() - olderThanMs) } }).limit(100);
  let n = 0;
  for (const r of stale) {
    const no = r.currentBatchNo!;
    const a = r.attempts.find((x) => x.outBatchNo === no);
    const s = await services.pay.queryPayout(apiOf(a), no);
    if (s.state === 'paid' || s.state === 'failed') {
      const done = await applyState(services, no, s);
      if (done && ['paid', 'failed'].includes(done.status)) n++;
    } else if (s.state === 'not_found') await sendTransfer(services, r);
    else if (s.state === 'waiting_user') {
      const waited = Date.now() - new Date(a?.at ?? r.updatedAt ?? 0).getTime();
      if (waited > services.pay.config.bill.confirmTimeoutMs) {
        const c = await services.pay.cancelBill(no);
        services.log.info({ reward: String(r._id), outBillNo: no, ok: c.ok, message: c.message }, 'unconfirmed transfer bill cancelled');
      } else if (!a?.packageInfo) await sendTransfer(services, r);
      else await awaitConfirmation(services, no, null, null);
    }
  }
  return n;
}

/**
 * What the payee's mini-program passes to wx.requestMerchantTransfer for a bill waiting for them: only for
 * the account the reward is bound to (the same one WeChat Pay checks the openid against).
 */
export async function confirmationFor(ctx: Ctx, t: TipoffDoc): Promise<{ mchId: string; appId: string; package: string }> {
  const pay = ctx.services.pay;
  const r = await TipoffRewardModel.findOne({ tipoffId: String(t._id) });
  if (!r) throw notFound('resource.not_found', '该举报没有奖励');
  const payee = await TipoffReporterModel.findOne({ tipoffId: String(t._id) }).lean();
  if (!payee?.payeeKey || payee.payeeKey !== keyed(ctx.services, 'tipoff-payee', String(ctx.state.user!._id))) throw conflict('tipoff.reward_claimed', '奖励已绑定其他微信账号，或尚未领取');
  if (r.status !== 'confirming' || !pay) throw stateConflict(r);
  let pkg = r.attempts.find((x) => x.outBatchNo === r.currentBatchNo)?.packageInfo ?? null;
  if (!pkg) {
    const again = await sendTransfer(ctx.services, r); // the same request again gives the package again
    pkg = again?.attempts.find((x) => x.outBatchNo === r.currentBatchNo)?.packageInfo ?? null;
    if (!pkg || again?.status !== 'confirming') throw conflict('tipoff.reward_state', '暂时无法发起确认收款，请稍后再试');
  }
  return { mchId: pay.mchid, appId: pay.appId, package: pkg };
}

/** A verified transfer notification (MCHTRANSFER.BATCH.FINISHED / CLOSED). */
export async function onTransferNotice(services: Services, notice: { out_batch_no: string; batch_status: string; success_num?: number; close_reason?: string }) {
  if (notice.batch_status === 'FINISHED') {
    // One detail per batch: success_num says whether it arrived. Confirm by query when unclear.
    if ((notice.success_num ?? 0) > 0) return settle(services, notice.out_batch_no, 'paid', null);
    const q = await services.pay!.queryBatch(notice.out_batch_no);
    return settle(services, notice.out_batch_no, q.state === 'paid' ? 'paid' : 'failed', q.state === 'failed' ? q.reason : 'FAIL');
  }
  if (notice.batch_status === 'CLOSED') return settle(services, notice.out_batch_no, 'failed', notice.close_reason ?? 'CLOSED');
  return null;
}

/**
 * A verified MCHTRANSFER.BILL.FINISHED (SUCCESS / FAIL / CANCELLED). A notice whose amount is not the
 * reward's is not believed: the reconcile job asks WeChat Pay instead.
 */
export async function onBillNotice(services: Services, notice: BillNotice) {
  const r = await TipoffRewardModel.findOne({ currentBatchNo: notice.out_bill_no });
  if (!r) return null;
  if (notice.transfer_amount != null && Number(notice.transfer_amount) !== r.amountFen) {
    services.log.warn({ reward: String(r._id), outBillNo: notice.out_bill_no }, 'transfer bill notice with another amount ignored');
    return r;
  }
  return applyState(services, notice.out_bill_no, billState(String(notice.state), notice.fail_reason));
}
