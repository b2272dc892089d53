// Helpers shared by the tip-off tests.
import type { TestApp } from '../../support/app';
import type { LoggedIn } from '../../support/factories';

export const PLACE = { lat: 24.3105, lng: 109.4312 }; // 鱼峰区
/** About 60 m north-east of PLACE: inside the 100 m grouping radius. */
export const NEAR = { lat: 24.3109, lng: 109.4316 };
/** About 1.1 km away. */
export const FAR = { lat: 24.3205, lng: 109.4312 };

export function report(over: Record<string, unknown> = {}) {
  return {
    kind: 'unlicensed',
    region: '450203001',
    location: PLACE,
    address: '柳州市鱼峰区柳石路某巷12号后院',
    description: '后院每天凌晨生产米粉，没有挂证，污水直接排到路边。',
    media: [],
    anonymous: true,
    consent: true,
    ...over,
  };
}

let device = 0;
/** Submits a tip-off; each call a new device unless one is given. */
export async function submit(t: TestApp, body: Record<string, unknown>, auth?: LoggedIn, deviceId = `device-${process.pid}-${++device}`) {
  const req = t.http.post('/api/v1/tipoffs').set('X-Device-Id', deviceId);
  if (auth) req.set(auth.auth);
  return req.send(body);
}

export async function submitted(t: TestApp, body: Record<string, unknown> = {}, auth?: LoggedIn) {
  const res = await submit(t, report(body), auth);
  if (res.status !== 201) throw new Error(`submit failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { receiptCode: string; token: string; duplicate: boolean; acceptDue: string };
}

export async function track(t: TestApp, r: { receiptCode: string; token: string }) {
  return t.http.get('/api/v1/tipoffs/track').query({ code: r.receiptCode, token: r.token });
}

/** The case id of a receipt, as staff see it in their inbox. */
export async function caseOf(r: { receiptCode: string }): Promise<string> {
  const { TipoffModel } = await import('../../../server/src/models/Tipoff');
  const t = await TipoffModel.findOne({ receiptCode: r.receiptCode }).lean();
  return t!.caseId;
}

export async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}
