import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import Page from '@/components/Page';
import ServiceGrid, { type ServiceEntry } from '@/components/ServiceGrid';
import { ROUTES } from '@/constants/routes';
import { go } from '@/services/navigation';
import { setLargeText, useAppState } from '@/store/app';
import { cx } from '@/utils/cx';
import { a11y } from '@/utils/a11y';
import './index.scss';

export const HOME_ENTRIES: ServiceEntry[] = [
  { key: 'registration', title: '登记申请', desc: '一次不跑，证照联办', glyph: '登', url: ROUTES.registration, tone: 'blue' },
  { key: 'training', title: '培训报名', desc: '食品安全知识培训', glyph: '培', url: ROUTES.training, tone: 'teal' },
  { key: 'programs', title: '非遗与品牌', desc: '非遗传承、示范创建', glyph: '遗', url: ROUTES.programs, tone: 'violet' },
  { key: 'tipoff', title: '举报黑作坊', desc: '有奖举报，可匿名', glyph: '举', url: ROUTES.tipoff, tone: 'red' },
  { key: 'credit', title: '信用查询', desc: '登记、检查、抽检公示', glyph: '信', url: ROUTES.search, tone: 'amber' },
  { key: 'staff', title: '监管工作台', desc: '监管人员与培训讲师', glyph: '监', url: ROUTES.staff, tone: 'slate' },
];

/** Where to ask: a call is one tap (WeChat's dialog in the mini-program, tel: in a phone browser). */
export const HELP_LINES = [
  { title: '食品安全投诉举报', phone: '12315', desc: '市场监管部门投诉举报热线，24小时' },
  { title: '政务服务便民热线', phone: '12345', desc: '办事咨询、意见建议' },
];
const call = (phone: string) => void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined);

const GUIDES = [
  { title: '登记办理时限', text: '材料齐全的，5 个工作日内作出受理决定，受理后 2 个工作日内现场核查。' },
  { title: '举报处理时限', text: '7 个工作日内决定是否受理，15 个工作日内反馈核查结果；举报人信息严格保密。' },
  { title: '登记证有效期', text: '登记证有效期 3 年，到期前 30 日可在线延续，扫码即可核验真伪和状态。' },
];

export default function Home() {
  const { user, largeText } = useAppState();
  const openSearch = () => go(ROUTES.search);
  const toggleLarge = () => setLargeText(!largeText);
  return (
    <Page className='home'>
      <View className='home__hero'>
        <Text className='home__hero-title' {...a11y({ role: 'heading', level: 1 })}>
          食品小作坊服务平台
        </Text>
        <Text className='home__hero-sub'>登记一次不跑 · 培训报名 · 有奖举报 · 信用公开</Text>
        <View className='home__search' onClick={openSearch} {...a11y({ role: 'link', onActivate: openSearch })}>
          <Text className='home__search-text'>输入作坊名称或登记证编号，查询信用</Text>
        </View>
        {user ? <Text className='home__hello'>您好，{user.name}</Text> : null}
        <Text className={cx('home__elder', largeText && 'home__elder--on')} onClick={toggleLarge} {...a11y({ role: 'switch', checked: largeText, onActivate: toggleLarge })}>
          长辈版（大字）
        </Text>
      </View>

      <Text className='section-title'>办事服务</Text>
      <ServiceGrid entries={HOME_ENTRIES} />

      <Text className='section-title'>办事指南</Text>
      <View className='list'>
        {GUIDES.map((g) => (
          <View key={g.title} className='home__guide'>
            <Text className='home__guide-title'>{g.title}</Text>
            <Text className='home__guide-text'>{g.text}</Text>
          </View>
        ))}
      </View>
      <Text className='section-title'>帮助与咨询</Text>
      <View className='list'>
        {HELP_LINES.map((h) => (
          <View key={h.phone} className='list-row home__help' data-phone={h.phone} onClick={() => call(h.phone)} {...a11y({ role: 'button', onActivate: () => call(h.phone) })}>
            <View className='list-row__main'>
              <Text>{h.title} {h.phone}</Text>
              <Text className='list-row__desc'>{h.desc}</Text>
            </View>
            <Text className='home__help-call'>拨打</Text>
          </View>
        ))}
      </View>
    </Page>
  );
}
