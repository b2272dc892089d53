import { Text, View } from '@tarojs/components';
import Page from '@/components/Page';
import LoginPanel from './LoginPanel';
import './index.scss';

export default function Login() {
  return (
    <Page className='login'>
      <View className='login__head'>
        <Text className='login__title'>登录食品小作坊服务平台</Text>
        <Text className='login__sub'>办理登记、报名培训、查看举报进度需要登录</Text>
      </View>
      <LoginPanel />
    </Page>
  );
}
