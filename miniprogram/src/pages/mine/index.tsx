import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { ROLE_LABELS, STAFF_ROLES, type Role } from '@shared/domain/roles';
import ActionButton from '@/components/ActionButton';
import LargeTextSwitch from '@/components/LargeTextSwitch';
import ListRow from '@/components/ListRow';
import Page from '@/components/Page';
import { ROUTES } from '@/constants/routes';
import { logout, refreshMe } from '@/services/auth';
import { refreshUnread } from '@/services/messages';
import { go, redirectToLogin } from '@/services/navigation';
import { hasRole, useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import './index.scss';

interface LinkItem {
  key: string;
  title: string;
  desc: string;
  url: string;
  /** Shown only to users holding one of these roles. */
  roles?: readonly Role[];
}

export const MINE_LINKS: LinkItem[] = [
  { key: 'registration', title: '我的作坊', desc: '登记申请、变更、延续与注销', url: ROUTES.registration },
  { key: 'supervision', title: '检查与整改', desc: '监督检查结果、上传整改材料、自查、信用修复', url: '/packages/credit/mine/index', roles: ['owner'] },
  { key: 'training', title: '我的培训', desc: '已报名的课程、签到码与培训证书', url: ROUTES.trainingMine },
  { key: 'programs', title: '非遗与品牌申报', desc: '适合我的项目、申报进度、评审提问与获得的称号', url: ROUTES.programsMine, roles: ['owner'] },
  { key: 'tipoff', title: '我的举报', desc: '举报回执与办理进度', url: ROUTES.tipoff },
  { key: 'staff', title: '监管工作台', desc: '审核、检查、举报处理、课程管理', url: ROUTES.staff, roles: STAFF_ROLES },
  { key: 'phone', title: '绑定手机号', desc: '绑定后可在网页上用手机号验证码登录同一账号', url: '/packages/registration/phone/index' },
  { key: 'invite', title: '工作人员邀请', desc: '输入管理员发给您的邀请码', url: '/packages/staff/invite/index' },
  { key: 'webSignIn', title: '网页登录', desc: '电脑上登录门户的账号、密码与动态验证码', url: '/packages/staff/web-signin/index', roles: STAFF_ROLES },
];

export default function Mine() {
  const { user, token } = useAppState();
  const [unread, setUnread] = useState(0);

  useDidShow(() => {
    // Roles or region may have changed on the server (e.g. an admin granted a role).
    if (token) void refreshMe();
    // The 消息 row's count here, the 我的 tab's badge in the mini-program.
    if (token) void refreshUnread().then(setUnread);
  });
  const openMessages = () => go(ROUTES.messages);

  return (
    <Page className='mine'>
      {user ? (
        <View className='card mine__profile'>
          <View className='mine__avatar' {...a11y({ hidden: true })}>
            <Text>{user.name.slice(0, 1)}</Text>
          </View>
          <View className='mine__who'>
            <Text className='mine__name'>{user.name}</Text>
            <Text className='mine__phone'>{user.phone ?? '未绑定手机号'}</Text>
            <View className='mine__roles'>
              {user.roles.map((r) => (
                <Text key={r} className='tag mine__role'>
                  {ROLE_LABELS[r]}
                </Text>
              ))}
            </View>
            {user.region ? <Text className='mine__region'>所属区域：{user.region.name}</Text> : null}
          </View>
        </View>
      ) : (
        <View className='card mine__guest'>
          <Text className='card__title'>您还未登录</Text>
          <Text className='muted mine__guest-text'>登录后可办理作坊登记、报名培训、查看举报进度。浏览公开信息和匿名举报无需登录。</Text>
          <ActionButton variant='primary' block onClick={() => redirectToLogin(ROUTES.mine)}>
            登录
          </ActionButton>
        </View>
      )}

      {user ? (
        <View className='list'>
          <ListRow key='messages' data-link='messages' onOpen={openMessages}
            aside={unread ? <Text className='mine__unread' {...a11y({ label: `${unread}条未读` })}>{unread > 99 ? '99+' : unread}</Text> : undefined}>
            <Text>消息</Text>
            <Text className='list-row__desc'>{unread ? `${unread} 条未读：补正、整改等需要您处理的事项` : '补正、整改、抽检后处理、延续提醒、举报进展'}</Text>
          </ListRow>
          {MINE_LINKS.filter((l) => !l.roles || hasRole(user, l.roles)).map((l) => {
            const open = () => go(l.url);
            return (
              <ListRow key={l.key} onOpen={open}>
                <Text>{l.title}</Text>
                <Text className='list-row__desc'>{l.desc}</Text>
              </ListRow>
            );
          })}
        </View>
      ) : null}

      <Text className='section-title'>显示设置</Text>
      <View className='list'>
        <LargeTextSwitch />
      </View>

      {user ? (
        <ActionButton variant='danger' block className='mine__logout' onClick={logout}>
          退出登录
        </ActionButton>
      ) : null}
    </Page>
  );
}
