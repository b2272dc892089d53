import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { DEMO_ACCOUNTS, devLogin } from '@/services/auth';
import { returnAfterLogin } from '@/services/navigation';
import { a11y } from '@/utils/a11y';
import './index.scss';

/** Demo login (server started with DEV_LOGIN=1): pick a role, get a seeded account of that role. */
export default function DevRolePicker() {
  const [busy, setBusy] = useState(false);
  const login = async (role: (typeof DEMO_ACCOUNTS)[number]) => {
    if (busy) return;
    setBusy(true);
    try {
      await devLogin({ role: role.role, region: role.region });
      void Taro.showToast({ title: '登录成功', icon: 'success', duration: 1200 });
      returnAfterLogin();
    } catch {
      // The request layer already showed the reason.
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className='dev-roles'>
      <Text className='notice dev-roles__notice'>演示环境：选择一个身份即可登录，数据为示例数据。</Text>
      <View className='list'>
        {DEMO_ACCOUNTS.map((a) => {
          const pick = () => void login(a);
          return (
            <View
              key={a.role}
              className='list-row dev-roles__item'
              data-role={a.role}
              onClick={pick}
              {...a11y({ role: 'button', onActivate: pick })}
            >
              <View className='list-row__main'>
                <Text className='dev-roles__label'>{a.label}</Text>
                <Text className='list-row__desc'>{a.hint}</Text>
              </View>
              <Text className='dev-roles__go'>登录</Text>
            </View>
          );
        })}
      </View>
    </View>
  );
}
