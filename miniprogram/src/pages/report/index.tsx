import { Text, View } from '@tarojs/components';
import { REWARD_LEVEL_CODES, REWARD_LEVELS, yuan } from '@shared/domain/tipoff';
import ActionButton from '@/components/ActionButton';
import Page from '@/components/Page';
import { ROUTES } from '@/constants/routes';
import { go } from '@/services/navigation';
import './index.scss';

const STEPS = [
  { n: '1', title: '提交线索', text: '填写作坊位置、问题描述，可上传照片；可实名也可匿名。' },
  { n: '2', title: '领取回执', text: '提交后获得回执码和查询凭证（只显示一次，本机自动保存），凭此查询办理进度。' },
  { n: '3', title: '受理核查', text: '属地市场监管所 7 个工作日内决定是否受理，15 个工作日内反馈核查结果。' },
  { n: '4', title: '兑现奖励', text: '经查证属实的，按等级给予奖励，经第二人审批后通过微信支付发放；匿名举报人登录后凭回执领取。' },
];

export default function Report() {
  return (
    <Page className='report'>
      <View className='card report__intro'>
        <Text className='card__title'>发现无证黑作坊？请告诉我们</Text>
        <Text className='report__lead'>
          无证生产、使用非食用原料、超范围生产负面清单食品等违法行为，都可以举报。
        </Text>
        <View className='report__reward'>
          <Text className='report__reward-title'>有奖举报</Text>
          <Text className='report__reward-text'>
            举报经查证属实的，可按规定获得奖励。举报人信息严格保密，不会告知被举报人，也不会对外公开。
          </Text>
        </View>
        <Text className='report__lead'>可以匿名举报，无需登录；照片上传时自动去除拍摄位置等信息。</Text>
        <ActionButton variant='primary' block onClick={() => go(ROUTES.tipoffForm)}>
          我要举报
        </ActionButton>
      </View>
      <View className='card'>
        <Text className='card__title'>查询进度</Text>
        <Text className='report__lead'>凭提交时获得的回执码和查询凭证，查看受理、核查结果和奖励发放情况。</Text>
        <ActionButton block onClick={() => go(ROUTES.tipoffTrack)}>
          输入回执码查询进度
        </ActionButton>
        <ActionButton block onClick={() => go(ROUTES.tipoff)}>
          我的举报（本机保存的回执）
        </ActionButton>
      </View>
      <Text className='section-title'>办理流程</Text>
      <View className='list'>
        {STEPS.map((s) => (
          <View key={s.n} className='report__step'>
            <Text className='report__step-n' aria-hidden='true'>
              {s.n}
            </Text>
            <View className='report__step-main'>
              <Text className='report__step-title'>{s.title}</Text>
              <Text className='report__step-text'>{s.text}</Text>
            </View>
          </View>
        ))}
      </View>
      <Text className='section-title'>奖励标准</Text>
      <View className='list'>
        {REWARD_LEVEL_CODES.map((l) => (
          <View key={l} className='report__step'>
            <View className='report__step-main'>
              <Text className='report__step-title'>
                {REWARD_LEVELS[l].label} · {yuan(REWARD_LEVELS[l].amountFen)}
              </Text>
              <Text className='report__step-text'>{REWARD_LEVELS[l].meaning}</Text>
            </View>
          </View>
        ))}
      </View>
      <Text className='notice'>情况紧急或涉及人身安全，请直接拨打 12315 或 110。</Text>
    </Page>
  );
}
