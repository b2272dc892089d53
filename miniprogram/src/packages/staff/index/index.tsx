import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { STAFF_ROLES, type Role } from '@shared/domain/roles';
import ActionButton from '@/components/ActionButton';
import ListRow from '@/components/ListRow';
import Page from '@/components/Page';
import { redirectToLogin } from '@/services/navigation';
import { hasRole, useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import './index.scss';

interface Entry {
  key: string;
  title: string;
  desc: string;
  /** Null while the feature is being built: shown as 即将开放. */
  url: string | null;
  roles: readonly Role[];
}

// The workbench hub: each staff feature adds one entry here.
export const STAFF_ENTRIES: Entry[] = [
  { key: 'registrations', title: '登记审查', desc: '受理、补正、现场核查、准予或不予登记（按期限排序）', url: '/packages/staff/registrations/index', roles: ['inspector', 'admin'] },
  { key: 'inspections', title: '今日任务与日常检查', desc: '双随机任务、十项清单检查、整改复查、抽检与处罚录入（弱网可离线）', url: '/packages/staff/tasks/index', roles: ['inspector'] },
  { key: 'dashboard', title: '区域监管指标', desc: '登记率、检查与抽检覆盖率、逾期事项，下钻与导出 Excel', url: '/packages/staff/dashboard/index', roles: ['admin'] },
  { key: 'tipoffs', title: '举报处理', desc: '举报案件受理、核查、办结（按期限排序）', url: '/packages/staff/tipoffs/index', roles: ['inspector', 'admin'] },
  { key: 'tipoff-rewards', title: '举报奖励审批', desc: '批准或不批准奖励，重新发放失败的奖励', url: '/packages/staff/tipoff-rewards/index', roles: ['admin'] },
  { key: 'draws', title: '双随机抽查', desc: '发布抽查任务（先公示种子哈希）、执行抽取、查看抽中作坊与执法人员', url: '/packages/staff/draws/index', roles: ['admin'] },
  { key: 'repairs', title: '信用修复审核', desc: '公示期满后业主的信用修复申请：准予或不予修复', url: '/packages/staff/repairs/index', roles: ['admin'] },
  { key: 'self-checks', title: '业主自查记录', desc: '查看辖区作坊业主按十项清单的自查结果', url: '/packages/staff/self-checks/index', roles: ['inspector', 'admin'] },
  { key: 'programs', title: '非遗与品牌评审', desc: '示范单位、名特优、非遗等项目：发布项目、评审申报、公示异议、称号复核', url: '/packages/programs/desk/index', roles: ['admin'] },
  { key: 'training', title: '培训管理', desc: '发布课程、管理报名、签到发证', url: '/packages/training/desk/index', roles: ['trainer', 'admin'] },
  // Admin screens (issue 15 point 4).
  { key: 'negative-list', title: '禁止生产食品目录', desc: '维护本区域的负面清单：新增、修改、删除目录项', url: '/packages/staff/negative-list/index', roles: ['admin'] },
  { key: 'accounts', title: '人员与账号', desc: '邀请工作人员，停用、恢复账号，调整管辖区域', url: '/packages/staff/accounts/index', roles: ['admin'] },
  { key: 'calendar', title: '节假日日历', desc: '法定节假日与调休上班日，办理时限按此计算（省级管理员维护）', url: '/packages/staff/calendar/index', roles: ['admin'] },
  { key: 'audit', title: '操作记录', desc: '本辖区谁在何时做了什么，可按类别和日期查看', url: '/packages/staff/audit/index', roles: ['admin'] },
];

export default function StaffIndex() {
  const { user } = useAppState();
  if (!user || !hasRole(user, STAFF_ROLES)) {
    return (
      <Page className='staff-hub'>
        <View className='card'>
          <Text className='card__title' {...a11y({ role: 'heading', level: 1 })}>监管工作台</Text>
          <Text className='muted staff-hub__note'>仅限监管人员、培训讲师和管理员使用，需由管理员授权。</Text>
          {!user ? <ActionButton variant='primary' block onClick={() => redirectToLogin()}>登录</ActionButton> : null}
        </View>
      </Page>
    );
  }
  const entries = STAFF_ENTRIES.filter((e) => hasRole(user, e.roles));
  return (
    <Page className='staff-hub'>
      <Text className='section-title' {...a11y({ role: 'heading', level: 1 })}>监管工作台</Text>
      <View className='list'>
        {entries.map((e) => {
          const open = () => e.url && void Taro.navigateTo({ url: e.url });
          return (
            <ListRow key={e.key} onOpen={e.url ? open : undefined} data-entry={e.key} aside={e.url ? undefined : <Text className='staff-hub__soon'>即将开放</Text>}>
              <Text>{e.title}</Text>
              <Text className='list-row__desc'>{e.desc}</Text>
            </ListRow>
          );
        })}
      </View>
    </Page>
  );
}
