// 操作记录: the audit trail of my region for admins, newest first, each event in words (who, what, when to the
// second, on what, what changed). Raw before/after values never leave the server: they may hold personal data
// (a reporter's identity, a phone number); the presenter names what changed instead.
import type { QueryFilter } from 'mongoose';
import { AuditList, AuditQuery, type AuditEventView } from '@shared/schemas/admin';
import { AUDIT_KINDS, auditActionText, auditKindOf } from '@shared/domain/audit';
import { ROLE_LABELS, type Role } from '@shared/domain/roles';
import type { ApiRouter } from '../../http/api';
import type { AppContext } from '../../http/types';
import { AuditEventModel, type AuditEvent } from '../../models/AuditEvent';
import { UserModel } from '../../models/User';
import type { Lean } from '../../models/lean';
import { authorize } from '../../policies';
import { regionScope } from '../../policies/jurisdiction';

const SUBJECTS: Record<string, string> = {
  Registration: '登记申请', Workshop: '作坊', Inspection: '检查记录', Sample: '抽检记录', Penalty: '处罚记录', SelfCheck: '自查记录',
  Tipoff: '举报案件', TipoffReward: '举报奖励', DrawTask: '双随机抽查任务', Course: '培训课程', TrainingSession: '培训场次',
  Booking: '培训报名', Program: '申报项目', ProgramApplication: '项目申报', Award: '项目奖项', StaffInvite: '邀请码',
};

const isObjectId = (s: string | null | undefined): s is string => !!s && /^[0-9a-f]{24}$/.test(s);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const itemNames = (v: unknown): Map<string, string> =>
  new Map((Array.isArray(v) ? v : []).map((i) => obj(i)).filter((i) => typeof i.item === 'string').map((i) => [i.item as string, JSON.stringify(i)]));
const joinOr = (xs: string[], none = '') => (xs.length ? xs.join('、') : none);

function roleText(roles: string | null): string {
  if (!roles || roles === 'system') return '系统';
  const rs = roles.split(',') as Role[];
  const top = (['admin', 'inspector', 'trainer', 'owner', 'citizen'] as Role[]).find((r) => rs.includes(r));
  return top ? ROLE_LABELS[top] : roles;
}

type Ev = Lean<AuditEvent>;

/** What changed, in words, for the actions an admin looks for; null when the action says it all. */
function detailsOf(e: Ev, regionName: (c: string) => string): string | null {
  const before = obj(e.before);
  const after = obj(e.after);
  switch (e.action) {
    case 'negative_list.updated': {
      const was = itemNames(e.before);
      const now = itemNames(e.after);
      const added = [...now.keys()].filter((k) => !was.has(k));
      const removed = [...was.keys()].filter((k) => !now.has(k));
      const changed = [...now.keys()].filter((k) => was.has(k) && was.get(k) !== now.get(k));
      const parts = [added.length ? `新增：${joinOr(added)}` : '', changed.length ? `修改：${joinOr(changed)}` : '', removed.length ? `删除：${joinOr(removed)}` : ''].filter(Boolean);
      return `${parts.join('；') || '内容未变'}（共 ${now.size} 项）`;
    }
    case 'staff.account_disabled': return '该账号已登录的设备随即失效';
    case 'staff.region_changed':
      return `${regionName(String(before.region ?? ''))} → ${regionName(String(after.region ?? ''))}`;
    case 'staff.invite_created':
    case 'staff.invite_redeemed': {
      const role = (after.role ?? list(after.roles).find((r) => r !== 'citizen' && r !== 'owner')) as Role | undefined;
      return [role && ROLE_LABELS[role] ? ROLE_LABELS[role] : '', after.region ? regionName(String(after.region)) : ''].filter(Boolean).join('，') || null;
    }
    case 'calendar.year_saved': {
      const h0 = new Set(list(before.holidays));
      const h1 = list(after.holidays);
      const w0 = new Set(list(before.workdays));
      const w1 = list(after.workdays);
      const parts = [
        `放假 ${h1.length} 天、调休上班 ${w1.length} 天`,
        h1.filter((d) => !h0.has(d)).length ? `新增放假 ${joinOr(h1.filter((d) => !h0.has(d)))}` : '',
        [...h0].filter((d) => !h1.includes(d)).length ? `取消放假 ${joinOr([...h0].filter((d) => !h1.includes(d)))}` : '',
        w1.filter((d) => !w0.has(d)).length ? `新增调休上班 ${joinOr(w1.filter((d) => !w0.has(d)))}` : '',
        [...w0].filter((d) => !w1.includes(d)).length ? `取消调休上班 ${joinOr([...w0].filter((d) => !w1.includes(d)))}` : '',
      ];
      return parts.filter(Boolean).join('；');
    }
    case 'auth.staff_locked': {
      const until = typeof after.lockedUntil === 'string' ? Date.parse(after.lockedUntil) : NaN;
      return Number.isNaN(until) ? null : `锁定至北京时间 ${new Date(until + 8 * 3600_000).toISOString().slice(11, 19)}`;
    }
    default: return e.reason ?? null;
  }
}

function targetOf(e: Ev, names: Map<string, string>, regionName: (c: string) => string): string {
  switch (e.subjectType) {
    case 'User': return isObjectId(e.subjectId) ? `工作人员 ${names.get(e.subjectId) ?? '（已删除的账号）'}` : `登录账号 ${String(e.subjectId).replace(/^account:/, '')}`;
    case 'NegativeList': return `${e.subjectId ? regionName(e.subjectId) : '全国'}禁止生产食品目录`;
    case 'CalendarYear': return `${e.subjectId} 年节假日安排`;
    default: return `${SUBJECTS[e.subjectType] ?? e.subjectType}（编号尾号 ${e.subjectId.slice(-6)}）`;
  }
}

export function auditRoutes(api: ApiRouter) {
  api.route('get', '/audit-events', {
    summary: '操作记录（管理员；本辖区，最新在前，可按类别和日期筛选）', tags: ['系统管理'], auth: ['admin'], query: AuditQuery, response: AuditList,
    description: '每条记录说明谁（姓名、角色）、何时（精确到秒）、做了什么、对象和变化。日期按北京时间，from、to 均含当天。'
      + '只列出所涉区域在本人管辖区域内的记录。',
  }, async (ctx) => {
    authorize(ctx.state.user, 'audit.read', null);
    const q = ctx.input.query;
    const scope = regionScope(ctx.state.user!);
    const filter: QueryFilter<AuditEvent> = { region: scope.filter };
    if (q.kind) filter.kind = q.kind;
    // Always bounded in time (up to now by default), so the list and its count both walk the index on `at`.
    filter.at = {
      ...(q.from ? { $gte: new Date(`${q.from}T00:00:00+08:00`) } : {}),
      ...(q.to ? { $lt: new Date(Date.parse(`${q.to}T00:00:00+08:00`) + 86_400_000) } : { $lte: new Date() }),
    };
    const [rows, total] = await Promise.all([
      AuditEventModel.find(filter).sort({ at: -1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean(),
      AuditEventModel.countDocuments(filter),
    ]);
    // Names of the actors and of the staff accounts acted on: one $in query.
    const ids = [...new Set(rows.flatMap((e) => [e.actorId, e.subjectType === 'User' ? e.subjectId : null]).filter(isObjectId))];
    const users = ids.length ? await UserModel.find({ _id: { $in: ids } }, { name: 1 }).lean() : [];
    const names = new Map(users.map((u) => [String(u._id), u.name]));
    const regionName = (c: string) => (c ? ctx.services.regions.name(c) ?? c : '全国');
    const data: AuditEventView[] = rows.map((e) => {
      const kind = auditKindOf(e.action);
      return {
        id: String(e._id),
        at: (e.at ?? new Date(0)).toISOString(),
        kind,
        kindLabel: AUDIT_KINDS[kind],
        action: e.action,
        actor: { id: e.actorId ?? null, name: e.actorId ? names.get(e.actorId) ?? '（未知用户）' : '系统', role: roleText(e.actorRole ?? null) },
        what: auditActionText(e.action),
        target: targetOf(e, names, regionName),
        details: detailsOf(e, regionName),
        region: e.region ? { code: e.region, name: regionName(e.region) } : null,
      };
    });
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data, page: q.page, pageSize: q.pageSize, total };
  });
}
