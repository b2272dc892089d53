// Training test helpers: a trainer approved by an admin (the staff invite), courses and sessions through the
// API, and owners with workshops made in bulk (for the concurrency test) with real session tokens.
import mongoose from 'mongoose';
import type { TestApp } from '../../support/app';
import { buildWorkshop, loginAs, type LoggedIn } from '../../support/factories';
import { UserModel } from '../../../server/src/models/User';
import { WorkshopModel } from '../../../server/src/models/Workshop';
import { issueToken } from '../../../server/src/services/session';

/** A trainer account as production makes one: an admin of the region invites, the person redeems. */
export async function approvedTrainer(t: TestApp, admin: LoggedIn, name: string, region = '450203'): Promise<LoggedIn> {
  const invite = await t.http.post('/api/v1/staff/invites').set(admin.auth).send({ role: 'trainer', region, name });
  if (invite.status !== 201) throw new Error(`invite failed: ${invite.status} ${JSON.stringify(invite.body)}`);
  const person = await loginAs(t, 'citizen', { name });
  const redeemed = await t.http.post('/api/v1/auth/redeem-invite').set(person.auth).send({ code: invite.body.code });
  if (redeemed.status !== 200) throw new Error(`redeem failed: ${redeemed.status} ${JSON.stringify(redeemed.body)}`);
  return person;
}

export interface Owner extends LoggedIn { workshopId: string }

/** An owner (dev login) with a registered workshop of their own. */
export async function ownerWithWorkshop(t: TestApp, name: string): Promise<Owner> {
  const owner = await loginAs(t, 'owner', { name });
  const w = await buildWorkshop(t, { ownerId: owner.userId, name: `${name}的米粉作坊` });
  return { ...owner, workshopId: String(w._id) };
}

let batch = 0;
/** `n` owners with a workshop each, written in two inserts; tokens signed as the login route signs them. */
export async function manyOwners(t: TestApp, n: number): Promise<Owner[]> {
  batch += 1;
  const users = Array.from({ length: n }, (_, i) => ({
    _id: new mongoose.Types.ObjectId(), openid: `test:owner:${batch}:${i}`, name: `业主${batch}-${i}`, roles: ['citizen', 'owner'],
  }));
  await UserModel.insertMany(users);
  const workshops = users.map((u, i) => ({
    _id: new mongoose.Types.ObjectId(), name: `并发${batch}-${i}号作坊`, namePinyin: `bingfa${batch}x${i}`, nameInitials: `bf${batch}x${i}`, ownerId: String(u._id),
    region: '450203001', regionName: '柳州市鱼峰区', address: `柳石路${batch}-${i}号`, categories: ['rice_flour'], status: 'registered',
  }));
  await WorkshopModel.insertMany(workshops);
  return users.map((u, i) => {
    const { token } = issueToken(t.config, String(u._id));
    return { token, userId: String(u._id), auth: { Authorization: `Bearer ${token}` }, workshopId: String(workshops[i]._id) };
  });
}

const inHours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

export const courseBody = (over: Record<string, unknown> = {}) => ({
  title: '食品小作坊生产加工操作规范', category: 'practice', description: '原料验收、生产过程控制、清洁消毒与留样。', hours: 4, targetCategories: ['rice_flour'], ...over,
});

export const sessionBody = (courseId: string, over: Record<string, unknown> = {}) => ({
  courseId, startsAt: inHours(72), endsAt: inHours(76), place: { address: '柳州市鱼峰区市场监管局三楼会议室', point: { lat: 24.31, lng: 109.43 } },
  capacity: 30, feeFen: 0, signupDeadline: inHours(48), cancelDeadline: inHours(24), refundRule: 'full', publish: true, ...over,
});

export async function createCourse(t: TestApp, trainer: LoggedIn, over: Record<string, unknown> = {}): Promise<string> {
  const res = await t.http.post('/api/v1/courses').set(trainer.auth).send(courseBody(over));
  if (res.status !== 201) throw new Error(`course failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data.id;
}

export async function createSession(t: TestApp, trainer: LoggedIn, courseId: string, over: Record<string, unknown> = {}): Promise<string> {
  const res = await t.http.post('/api/v1/sessions').set(trainer.auth).send(sessionBody(courseId, over));
  if (res.status !== 201) throw new Error(`session failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data.id;
}

let phone = 0;
export const attendee = (name = '李秀英') => ({ name, phone: `139${String(10_000_000 + ++phone).slice(-8)}` });

export async function bookFor(t: TestApp, owner: Owner, sessionId: string, who = attendee()) {
  return t.http.post(`/api/v1/sessions/${sessionId}/bookings`).set(owner.auth).send({ workshopId: owner.workshopId, attendee: who });
}
