// The fake's batch transfers API (商家转账到零钱, POST /v3/transfer/batches): paid at once (after the
// fake's delay), MCHTRANSFER.BATCH.* notifications, query by out_batch_no. A merchant on the upgraded
// 商家转账 (opened after 2025-01-15) is refused.
import type { FakeApiContext, FakeReply } from './wechatpay';

export interface FakeBatch {
  mchid: string;
  appid: string;
  out_batch_no: string;
  batch_id: string;
  batch_name: string;
  batch_remark: string;
  total_amount: number;
  total_num: number;
  notify_url: string | null;
  create_time: string;
  update_time: string;
  batch_status: 'ACCEPTED' | 'PROCESSING' | 'FINISHED' | 'CLOSED';
  details: { out_detail_no: string; detail_id: string; openid: string; transfer_amount: number; detail_status: 'PROCESSING' | 'SUCCESS' | 'FAIL'; fail_reason?: string }[];
  /** The request body as sent, to tell a repeat from a different batch with the same out_batch_no. */
  content: string;
}

export function batchTransfersApi(ctx: FakeApiContext, opts: { batchesClosed?: boolean }) {
  const { mchid, appid, now } = ctx;
  const batches = new Map<string, FakeBatch>();

  const notifyBatch = (b: FakeBatch) => {
    const d = b.details[0];
    return ctx.deliver(b.notify_url, b.out_batch_no, {
      mchid: b.mchid, out_batch_no: b.out_batch_no, batch_id: b.batch_id, batch_status: b.batch_status,
      total_num: b.total_num, total_amount: b.total_amount,
      success_amount: d.detail_status === 'SUCCESS' ? d.transfer_amount : 0, success_num: d.detail_status === 'SUCCESS' ? 1 : 0,
      fail_amount: d.detail_status === 'FAIL' ? d.transfer_amount : 0, fail_num: d.detail_status === 'FAIL' ? 1 : 0,
      update_time: b.update_time,
    });
  };

  const processBatch = (b: FakeBatch) => {
    setTimeout(() => {
      const fault = ctx.takeFault();
      for (const d of b.details) {
        d.detail_status = fault ? 'FAIL' : 'SUCCESS';
        if (fault) d.fail_reason = fault;
      }
      b.batch_status = 'FINISHED';
      b.update_time = now();
      void notifyBatch(b);
    }, ctx.delay);
  };

  /** Answers a signed request to the batch transfers API; false when the path is not one of its. */
  const handle = (method: string, url: URL, raw: string, reply: FakeReply): boolean => {
    if (method === 'POST' && url.pathname === '/v3/transfer/batches') {
      if (opts.batchesClosed) return reply(403, { code: 'NO_AUTH', message: '当前商户号接入升级版本功能，暂不支持使用升级前功能，请在产品中心-商家转账-前往功能查看接口文档' });
      let body: Record<string, any>;
      try { body = JSON.parse(raw); } catch { return reply(400, { code: 'PARAM_ERROR', message: '请求体不是合法的JSON' }); }
      const details = Array.isArray(body.transfer_detail_list) ? body.transfer_detail_list : [];
      const problem =
        body.appid !== appid ? 'appid与商户号不匹配'
          : !/^[A-Za-z0-9]{5,32}$/.test(body.out_batch_no ?? '') ? 'out_batch_no格式错误'
            : !body.batch_name || !body.batch_remark ? '批次名称或备注不能为空'
              : !details.length || details.length !== body.total_num ? 'total_num与明细笔数不一致'
                : details.reduce((s: number, d: { transfer_amount: number }) => s + d.transfer_amount, 0) !== body.total_amount ? 'total_amount与明细金额之和不一致'
                  : details.some((d: Record<string, unknown>) => !d.openid || !/^[A-Za-z0-9]{5,32}$/.test(String(d.out_detail_no ?? '')) || !Number.isInteger(d.transfer_amount) || (d.transfer_amount as number) < 10)
                    ? '转账明细不合法' : null;
      if (problem) return reply(400, { code: 'PARAM_ERROR', message: problem });
      const existing = batches.get(body.out_batch_no);
      if (existing) {
        // The same out_batch_no: a repeat of the same request gets the same answer; other content is refused.
        if (existing.content !== raw) return reply(400, { code: 'INVALID_REQUEST', message: '商家批次单号已存在，但请求内容不一致' });
        return reply(200, { out_batch_no: existing.out_batch_no, batch_id: existing.batch_id, create_time: existing.create_time, batch_status: existing.batch_status });
      }
      const seq = ctx.nextSeq();
      const b: FakeBatch = {
        mchid, appid, out_batch_no: body.out_batch_no, batch_id: `131000${Date.now()}${seq}`, batch_name: body.batch_name, batch_remark: body.batch_remark,
        total_amount: body.total_amount, total_num: body.total_num, notify_url: body.notify_url ?? null, create_time: now(), update_time: now(),
        batch_status: 'ACCEPTED', content: raw,
        details: details.map((d: Record<string, any>, i: number) => ({ out_detail_no: d.out_detail_no, detail_id: `${seq}${i}`, openid: d.openid, transfer_amount: d.transfer_amount, detail_status: 'PROCESSING' })),
      };
      batches.set(b.out_batch_no, b);
      processBatch(b);
      return reply(200, { out_batch_no: b.out_batch_no, batch_id: b.batch_id, create_time: b.create_time, batch_status: 'ACCEPTED' });
    }

    const q = /^\/v3\/transfer\/batches\/out-batch-no\/([^/]+)$/.exec(url.pathname);
    if (method === 'GET' && q) {
      const b = batches.get(decodeURIComponent(q[1]));
      if (!b) return reply(404, { code: 'NOT_FOUND', message: '记录不存在' });
      const ok = b.details.filter((d) => d.detail_status === 'SUCCESS');
      const bad = b.details.filter((d) => d.detail_status === 'FAIL');
      const withDetail = url.searchParams.get('need_query_detail') === 'true' && b.batch_status === 'FINISHED';
      return reply(200, {
        limit: 20, offset: 0,
        transfer_batch: {
          mchid, out_batch_no: b.out_batch_no, batch_id: b.batch_id, appid, batch_status: b.batch_status, batch_type: 'API',
          batch_name: b.batch_name, batch_remark: b.batch_remark, total_amount: b.total_amount, total_num: b.total_num,
          success_amount: ok.reduce((s, d) => s + d.transfer_amount, 0), success_num: ok.length,
          fail_amount: bad.reduce((s, d) => s + d.transfer_amount, 0), fail_num: bad.length,
          create_time: b.create_time, update_time: b.update_time,
        },
        transfer_detail_list: withDetail ? b.details.map((d) => ({ detail_id: d.detail_id, out_detail_no: d.out_detail_no, detail_status: d.detail_status, ...(d.fail_reason ? { fail_reason: d.fail_reason } : {}) })) : [],
      });
    }
    return false;
  };

  return { batches, handle };
}
