// Demo programs (DOMAIN.md §5) for the demo province (Guangxi, 45): 示范单位, 非遗 items, inheritors and
// studios, 名特优, 老字号, 出彩小作坊, 阳光作坊, 5S作坊, 文旅作坊, 共富作坊 and a local brand; workshops of
// Liuzhou with awards granted after their notice (badges on their public files), one program with
// applications in its public notice now, and one heritage story. Applications are decided through the
// commands (as the demo admin would), at past moments passed as `now`. Idempotent: nothing is written when a
// demo program exists.
import { levelOfRegion, PROGRAM_KIND_LABELS, type ProgramKind } from '@shared/domain/programs';
import { approve, grantDueAwards, issuerOf } from '../commands/programs';
import type { AppContext } from '../http/types';
import { AwardModel } from '../models/Award';
import { ProgramModel, type ProgramDoc } from '../models/Program';
import { ProgramApplicationModel } from '../models/ProgramApplication';
import { UserModel } from '../models/User';
import { WorkshopModel } from '../models/Workshop';
import type { Services } from '../services';
import { shanghaiDate } from '../services/calendar';
import { demoOpenid } from './demo';

const DAY_MS = 86_400_000;
const actingAs = (services: Services, user: unknown) => ({ state: { user, requestId: null }, services }) as unknown as AppContext;

const MATERIALS = {
  intro: { code: 'intro', label: '作坊简介与产品介绍', required: true },
  photos: { code: 'photos', label: '生产场所照片', required: true },
  history: { code: 'history', label: '传承历史与技艺说明（族谱、老照片、地方志等）', required: true },
  apprentices: { code: 'apprentices', label: '带徒传艺情况', required: false },
};

interface Def {
  name: string; kind: ProgramKind; region: string; description: string; quota: { perYear: number; scope: 'program' | 'county' };
  rules: Record<string, unknown>[]; materials?: (typeof MATERIALS)[keyof typeof MATERIALS][]; noticeDays?: number; validityYears?: number;
  subsidy?: { fenPerYear: number; requiredHours: number }; badge?: string;
}

const DEFS: Def[] = [
  {
    name: '广西食品小作坊示范单位', kind: 'model_unit', region: '45', quota: { perYear: 3, scope: 'county' },
    description: '开展食品小作坊示范单位创建，每个县（市、区）约10家、每年不少于3家，以点带面引领和推动小作坊规范发展。',
    rules: [{ kind: 'registered' }, { kind: 'no_penalty', months: 24 }, { kind: 'risk_grade', grades: ['A', 'B'] }, { kind: 'training_hours', hours: 8 }, { kind: 'self_check', days: 90 }],
    materials: [MATERIALS.intro, MATERIALS.photos],
  },
  {
    name: '广西非物质文化遗产代表性项目（传统食品技艺）', kind: 'heritage_item', region: '45', quota: { perYear: 10, scope: 'program' },
    description: '鼓励传统食品小作坊申报非物质文化遗产代表性项目，保护传统食品技艺，传承地方特色饮食文化。',
    rules: [{ kind: 'registered' }, { kind: 'no_penalty', months: 24 }, { kind: 'years_in_business', years: 1 }], materials: [MATERIALS.intro, MATERIALS.history], noticeDays: 7,
  },
  {
    name: '广西非遗代表性传承人（传统食品技艺）', kind: 'heritage_inheritor', region: '45', quota: { perYear: 20, scope: 'program' },
    description: '认定传统食品技艺代表性传承人；传承人每年传艺授徒，按授徒学时给予补贴。',
    rules: [{ kind: 'registered' }, { kind: 'no_penalty', months: 24 }], materials: [MATERIALS.history, MATERIALS.apprentices], noticeDays: 7,
    subsidy: { fenPerYear: 1_000_000, requiredHours: 40 },
  },
  {
    name: '柳州市非遗传承人工作室', kind: 'heritage_studio', region: '4502', quota: { perYear: 5, scope: 'program' },
    description: '支持代表性传承人设立工作室，开展技艺展示、带徒传艺和非遗宣传展示活动。',
    rules: [{ kind: 'registered' }, { kind: 'no_penalty', months: 24 }, { kind: 'self_check', days: 180 }], materials: [MATERIALS.history, MATERIALS.photos],
    subsidy: { fenPerYear: 500_000, requiredHours: 24 },
  },
  {
    name: '柳州市名特优食品作坊', kind: 'famous_specialty', region: '4502', quota: { perYear: 10, scope: 'program' },
    description: '培育市场有需求、产品质量优、文化特色浓、品牌信誉高的名特优食品作坊。',
    rules: [{ kind: 'registered' }, { kind: 'no_penalty', months: 12 }, { kind: 'risk_grade', grades: ['A', 'B'] }], materials: [MATERIALS.intro],
  },
  {
    name: '柳州老字号', kind: 'time_honored', region: '4502', quota: { perYear: 5, scope: 'program' },
    description: '与商务部门联合开展老字号评选，传承历史悠久、技艺独特的老品牌。',
    rules: [{ kind: 'registered' }, { kind: 'years_in_business', years: 20 }, { kind: 'no_penalty', months: 36 }], materials: [MATERIALS.history],
  },
  {
    name: '鱼峰区出彩小作坊', kind: 'outstanding', region: '450203', quota: { perYear: 5, scope: 'program' },
    description: '与妇联联合开展出彩小作坊评选，授牌表彰，形成争先树优的氛围。',
    rules: [{ kind: 'registered' }, { kind: 'risk_grade', grades: ['A', 'B', 'C'] }],
  },
  {
    name: '鱼峰区阳光作坊', kind: 'sunshine', region: '450203', quota: { perYear: 20, scope: 'program' },
    description: '生产过程透明可视（明厨亮灶、视频公开），让消费者看得见、放得心。',
    rules: [{ kind: 'registered' }], materials: [MATERIALS.photos],
  },
  {
    name: '柳南区5S作坊', kind: 'five_s', region: '450204', quota: { perYear: 10, scope: 'program' },
    description: '推行整理、整顿、清扫、清洁、素养的5S现场管理。',
    rules: [{ kind: 'registered' }, { kind: 'self_check', days: 30 }],
  },
  {
    name: '柳州文旅作坊', kind: 'culture_tourism', region: '4502', quota: { perYear: 10, scope: 'program' },
    description: '培育蕴含传统特有技法、具有鲜明地域特征的食品作坊，进入景区特产专柜、参与文旅推介。',
    rules: [{ kind: 'registered' }, { kind: 'risk_grade', grades: ['A', 'B'] }, { kind: 'training_hours', hours: 4 }],
  },
  {
    name: '桂林共富作坊', kind: 'common_prosperity', region: '4503', quota: { perYear: 5, scope: 'program' },
    description: '以乡村振兴为主题，带动周边农户增收的特色食品作坊。',
    rules: [{ kind: 'registered' }],
  },
  {
    name: '柳州螺蛳粉（米粉）地方特色品牌', kind: 'local_brand', region: '4502', quota: { perYear: 10, scope: 'program' }, badge: '柳州米粉特色品牌',
    description: '培育米粉、年糕、熏肉、腊肉等富有地方特色的食品小作坊品牌。',
    rules: [{ kind: 'registered' }, { kind: 'category', categories: ['rice_flour'] }, { kind: 'no_penalty', months: 24 }],
  },
];

const STORY = {
  technique: '螺蛳粉汤底以本地石螺与猪筒骨文火熬制八小时，加入八角、沙姜、紫苏等十余味香料；米粉选用陈年籼米，浸泡、磨浆、蒸制、压条、晾晒五道工序全凭手工掌握火候与干湿。',
  inheritor: '韦德明，第三代传承人，十六岁随父学艺，从业四十余年，已带徒二十余人。',
  history: '作坊始于上世纪八十年代的柳州夜市米粉摊，三代人坚持手工制粉与古法熬汤，见证了柳州螺蛳粉从街头小吃成为全国知名的地方特色美食。',
  photos: [] as string[],
};

export async function seedDemoPrograms(services: Services, opts: { now?: Date } = {}): Promise<{ programs: number; awards: number; inNotice: number }> {
  if (await ProgramModel.exists({ demo: true })) return { programs: 0, awards: 0, inNotice: 0 };
  const admin = await UserModel.findOne({ openid: demoOpenid('admin', '4502') });
  const demoOwner = await UserModel.findOne({ openid: demoOpenid('owner', null) });
  if (!admin) return { programs: 0, awards: 0, inNotice: 0 };
  const now = opts.now ?? new Date();
  const at = (days: number) => new Date(now.getTime() + days * DAY_MS);
  const year = Number(shanghaiDate(now).slice(0, 4));

  const programs = new Map<ProgramKind, ProgramDoc>();
  for (const d of DEFS) {
    const p = await ProgramModel.create({
      name: d.name, kind: d.kind, description: d.description, badge: d.badge ?? PROGRAM_KIND_LABELS[d.kind], region: d.region, level: levelOfRegion(d.region),
      issuer: issuerOf(services, d.region), quota: d.quota, applyFrom: `${year}-01-01`, applyUntil: `${year}-12-31`, materials: d.materials ?? [], rules: d.rules,
      reviewSteps: ['材料审查', '现场评审', '集体审议'], minScores: 1, noticeDays: d.noticeDays ?? 5, validityYears: d.validityYears ?? 3,
      subsidy: d.subsidy ?? null, revokeOn: { penaltyMinFineFen: 0, failedSampleItems: [] }, active: true, createdBy: String(admin._id), demo: true,
    });
    programs.set(d.kind, p);
  }

  // Candidates: registered workshops of Liuzhou with a good grade, not the demo owner's (it applies itself).
  const pool = (await WorkshopModel.find({ status: 'registered', region: /^4502/ }).limit(400).lean())
    .filter((w) => (w.riskGrade === 'A' || w.riskGrade === 'B') && w.certificate?.status === 'valid' && w.ownerId !== (demoOwner ? String(demoOwner._id) : null))
    // Registered well before the application (the awards were decided 80 days ago).
    .filter((w) => !!w.certificate?.issuedAt && w.certificate.issuedAt < at(-120));
  const desk = actingAs(services, admin);
  let next = 0;
  const application = async (kind: ProgramKind, submittedAt: Date, scoreValue = 86) => {
    const w = pool[next++];
    const p = programs.get(kind)!;
    if (!w) return null;
    return ProgramApplicationModel.create({
      key: `${String(p._id)}:${String(w._id)}:${year}`, programId: String(p._id), workshopId: String(w._id), workshopName: w.name, ownerId: w.ownerId ?? null,
      region: w.region, year, status: 'under_review', statement: `${w.name}：${w.products.join('、')}，手工传统工艺，原料本地采购，产品质量稳定。`,
      materials: [], submittedAt, demo: true,
      scores: [{ reviewerId: String(admin._id), reviewerName: admin.name ?? '评审人员', score: scoreValue, comment: '生产规范，特色鲜明', at: submittedAt }],
      timeline: [{ at: submittedAt, title: '提交申报', by: null }],
    });
  };

  // Granted last spring: approved 80 days ago, notice over, the award granted 70 days ago.
  const decided = at(-80);
  const granted: string[] = [];
  let heritage: string | null = null;
  // A place of the quota may be gone (two model units of one county): the application stays under review.
  const decide = async (a: Awaited<ReturnType<typeof application>>, note: string, when: Date) => {
    if (!a) return false;
    try {
      await approve(desk, a, note, when);
      return true;
    } catch {
      return false;
    }
  };
  for (const kind of ['model_unit', 'model_unit', 'heritage_item', 'heritage_inheritor', 'famous_specialty', 'local_brand', 'sunshine'] as ProgramKind[]) {
    const a = await application(kind, at(-90));
    if (!(await decide(a, '评审通过', decided))) continue;
    granted.push(String(a!._id));
    if (kind === 'heritage_item') heritage = String(a!._id);
  }
  const awards = await grantDueAwards(services, at(-70));
  await AwardModel.updateMany({ applicationId: { $in: granted } }, { $set: { demo: true } });
  // The heritage item's story page.
  if (heritage) await AwardModel.updateOne({ applicationId: heritage }, { $set: { story: STORY } });

  // The model-unit program in its public notice now: two applications approved today.
  let inNotice = 0;
  for (let i = 0; i < 2; i++) {
    if (await decide(await application('model_unit', at(-20), 90 - i * 3), '评审通过，进入公示', now)) inNotice++;
  }
  // And one still under review.
  await application('famous_specialty', at(-5), 78);
  return { programs: DEFS.length, awards, inNotice };
}
