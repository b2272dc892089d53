import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import Field from '@/components/Field';
import Page from '@/components/Page';
import PagedList from '@/components/PagedList';
import { usePagedList } from '@/hooks/usePagedList';
import { redirectToLogin } from '@/services/navigation';
import { ApiError } from '@/services/request';
import { hasRole, useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { beijingDateTime } from '@/utils/time';
import { accountsApi, type StaffAccount, type StaffInvite } from '../lib/admin';
import RegionChips from '../lib/RegionChips';
import '../lib/staff.scss';
import './index.scss';

type StaffRole = 'inspector' | 'trainer' | 'admin';
const ROLE_OPTIONS: { code: StaffRole; name: string }[] = [
  { code: 'inspector', name: '监管人员' }, { code: 'trainer', name: '培训讲师' }, { code: 'admin', name: '下级管理员' },
];
const FILTERS: { code: StaffRole | ''; name: string }[] = [{ code: '', name: '全部' }, ...ROLE_OPTIONS.map((r) => ({ ...r, name: r.code === 'admin' ? '管理员' : r.name }))];

/**
 * 人员与账号: the staff accounts of my region (role, region, status), invitations for new staff, and for the
 * accounts I may manage: disable (their signed-in devices stop working at once), enable, move to another
 * region of mine. Every change is confirmed first and lands in 操作记录.
 */
export default function Accounts() {
  const { user } = useAppState();
  const allowed = !!user && hasRole(user, ['admin']) && !!user.region;
  const [role, setRole] = useState<StaffRole | ''>('');
  const list = usePagedList((p) => accountsApi.list(p, role ? { role } : {}), { deps: [role], pullDownRefresh: true, enabled: allowed });
  if (!allowed) {
    return (
      <Page className='accounts'>
        <EmptyState status='forbidden' description='仅限监管部门管理员管理工作人员账号。'
          actions={user ? [] : [{ text: '登录', onClick: () => redirectToLogin(), variant: 'primary' }]} />
      </Page>
    );
  }
  const replace = (a: StaffAccount) => list.setItems((rows) => rows.map((r) => (r.id === a.id ? a : r)));
  return (
    <Page className='accounts'>
      <Text className='section-title' {...a11y({ role: 'heading', level: 1 })}>人员与账号</Text>
      <Text className='muted accounts__intro'>{user.region!.name}及下辖区域的培训讲师、监管人员和管理员。</Text>
      <InviteCard root={user.region!} />
      <Text className='section-title' {...a11y({ role: 'heading', level: 2 })}>账号列表{list.state.status === 'ready' ? `（共 ${list.total} 个）` : ''}</Text>
      <View className='chips' role='radiogroup' aria-label='按角色筛选'>
        {FILTERS.map((f) => {
          const on = f.code === role;
          const pick = () => setRole(f.code);
          return <Text key={f.code || 'all'} className={cx('chip', on && 'chip--on')} onClick={pick} {...a11y({ role: 'radio', checked: on, label: f.name, onActivate: pick })}>{f.name}</Text>;
        })}
      </View>
      <PagedList list={list} empty={{ title: '暂无工作人员账号', description: '用上方的邀请码邀请工作人员加入。' }}>
        {(items) => items.map((a) => <AccountCard key={a.id} a={a} self={a.id === user.id} root={user.region!} onChanged={replace} />)}
      </PagedList>
    </Page>
  );
}

function AccountCard({ a, self, root, onChanged }: { a: StaffAccount; self: boolean; root: { code: string; name: string }; onChanged: (a: StaffAccount) => void }) {
  const [moving, setMoving] = useState(false);
  const [target, setTarget] = useState<{ code: string; name: string } | null>(null);

  const toggle = async () => {
    const disable = !a.disabled;
    const { confirm } = await Taro.showModal({
      title: disable ? '停用账号' : '恢复账号',
      content: disable
        ? `停用${a.roleLabel}“${a.name}”（${a.region.name}）？其已登录的手机和电脑会立即退出，停用期间不能登录。`
        : `恢复${a.roleLabel}“${a.name}”（${a.region.name}）？恢复后须重新登录。`,
      confirmText: disable ? '停用' : '恢复',
    });
    if (!confirm) return;
    try {
      const r = await accountsApi.setDisabled(a.id, disable);
      onChanged({ ...a, disabled: r.disabled });
      void Taro.showToast({ title: r.disabled ? '已停用' : '已恢复', icon: 'none' });
    } catch { /* the request layer showed the reason */ }
  };

  const move = async () => {
    if (!target) return;
    const { confirm } = await Taro.showModal({
      title: '调整管辖区域',
      content: `把${a.roleLabel}“${a.name}”从${a.region.name}调整到${target.name}？调整后其只能处理${target.name}的事项。`,
      confirmText: '调整',
    });
    if (!confirm) return;
    try {
      const after = await accountsApi.moveTo(a.id, target.code);
      onChanged(after);
      setMoving(false);
      setTarget(null);
      void Taro.showToast({ title: '已调整区域', icon: 'none' });
    } catch { /* the request layer showed the reason */ }
  };

  return (
    <View className='card accounts__row' data-id={a.id} data-name={a.name}>
      <View className='accounts__head'>
        <Text className='card__title'>{a.name}</Text>
        <Text className={cx('status-pill', a.disabled ? 'status-pill--rejected' : 'status-pill--approved')} data-status={a.disabled ? 'disabled' : 'active'}>{a.disabled ? '已停用' : '正常'}</Text>
      </View>
      <View className='kv'><Text className='kv__k'>角色</Text><Text className='kv__v'>{a.roleLabel}</Text></View>
      <View className='kv'><Text className='kv__k'>管辖区域</Text><Text className='kv__v' data-region={a.region.code}>{a.region.name}</Text></View>
      <View className='kv'><Text className='kv__k'>网页登录</Text><Text className='kv__v'>{a.webSignIn ? '已设置' : '未设置'}</Text></View>
      <View className='kv'><Text className='kv__k'>最近登录</Text><Text className='kv__v'>{a.lastLoginAt ? beijingDateTime(a.lastLoginAt) : '—'}</Text></View>
      {a.manageable ? (
        <View className='action-panel'>
          <ActionButton variant={a.disabled ? 'default' : 'danger'} block onClick={() => void toggle()} label={`${a.disabled ? '恢复账号' : '停用账号'}：${a.name}`}>
            {a.disabled ? '恢复账号' : '停用账号'}
          </ActionButton>
          {moving ? (
            <>
              <RegionChips root={root} value={target?.code ?? a.region.code} withoutRoot={a.role === 'admin'} label={`${a.name}的新管辖区域`}
                onChange={(code, name) => setTarget(code === a.region.code ? null : { code, name: name.replace('（本级）', '') })} />
              <ActionButton variant='primary' block disabled={!target} onClick={() => void move()}>{target ? `调整到${target.name}` : '请选择新的区域'}</ActionButton>
              <ActionButton block onClick={() => { setMoving(false); setTarget(null); }}>取消</ActionButton>
            </>
          ) : (
            <ActionButton block onClick={() => setMoving(true)} label={`调整区域：${a.name}`}>调整区域</ActionButton>
          )}
        </View>
      ) : (
        <Text className='muted text-sm'>{self ? '这是您本人的账号，不能在此停用或调整。' : '同级管理员的账号由上级管理员管理。'}</Text>
      )}
    </View>
  );
}

/** 邀请工作人员: a one-time code (7 days) the new colleague enters under 我的 → 工作人员邀请. */
function InviteCard({ root }: { root: { code: string; name: string } }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<StaffRole>('inspector');
  const [region, setRegion] = useState<{ code: string; name: string } | null>(null);
  const [problem, setProblem] = useState('');
  const [invite, setInvite] = useState<StaffInvite | null>(null);
  const [regionName, setRegionName] = useState('');

  const submit = async () => {
    const p = !name.trim() ? '请填写被邀请人的姓名' : !region ? '请选择管辖区域' : role === 'admin' && region.code === root.code ? '下级管理员须选择下辖区域' : '';
    setProblem(p);
    if (p || !region) return;
    const roleName = ROLE_OPTIONS.find((r) => r.code === role)!.name;
    const { confirm } = await Taro.showModal({ title: '生成邀请码', content: `邀请“${name.trim()}”成为${region.name}的${roleName}？邀请码 7 天内有效，只能使用一次。`, confirmText: '生成' });
    if (!confirm) return;
    try {
      setInvite(await accountsApi.invite({ name: name.trim(), role, region: region.code }));
      setRegionName(region.name);
      setName('');
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : '生成失败，请稍后再试');
    }
  };

  return (
    <View className='card accounts__invite'>
      <Text className='card__title' {...a11y({ role: 'heading', level: 2 })}>邀请工作人员</Text>
      <Field label='姓名' name='inviteName' value={name} onInput={(v) => { setName(v); setProblem(''); }} maxlength={30} required />
      <Text className='field__label'>角色</Text>
      <View className='chips' role='radiogroup' aria-label='角色'>
        {ROLE_OPTIONS.map((r) => {
          const on = r.code === role;
          const pick = () => { setRole(r.code); setProblem(''); };
          return <Text key={r.code} className={cx('chip', on && 'chip--on')} onClick={pick} {...a11y({ role: 'radio', checked: on, label: r.name, onActivate: pick })}>{r.name}</Text>;
        })}
      </View>
      <Text className='field__label'>管辖区域</Text>
      <RegionChips root={root} value={region?.code ?? ''} withoutRoot={role === 'admin'} label='管辖区域' onChange={(code, n) => { setRegion({ code, name: n.replace('（本级）', '') }); setProblem(''); }} />
      {problem ? <Text className='errors' {...a11y({ role: 'alert' })}>{problem}</Text> : null}
      <ActionButton variant='primary' block onClick={() => void submit()}>生成邀请码</ActionButton>
      {invite ? (
        <View className='notice accounts__code' {...a11y({ role: 'status' })}>
          <Text>邀请码（{invite.name}，{regionName}）：</Text>
          <Text className='accounts__code-text' selectable data-testid='invite-code'>{invite.code}</Text>
          <Text>有效期至 {beijingDateTime(invite.expiresAt)}。请对方登录后在“我的 → 工作人员邀请”输入。</Text>
        </View>
      ) : null}
    </View>
  );
}
