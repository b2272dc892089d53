import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import ActionButton from '@/components/ActionButton';
import Page from '@/components/Page';
import { ROUTES } from '@/constants/routes';
import { go } from '@/services/navigation';
import './index.scss';

const COMING = ['登记证状态与有效期（扫码核验）', '日常监督检查结果', '监督抽检结果与不合格处置', '行政处罚公示与信用修复', '示范单位、非遗与品牌称号'];

export default function Search() {
  const [keyword, setKeyword] = useState('');
  const submit = () => {
    const q = keyword.trim();
    go(q ? `${ROUTES.credit}?q=${encodeURIComponent(q)}` : ROUTES.credit);
  };
  return (
    <Page className='search'>
      <View className='card'>
        <Text className='card__title'>查作坊信用</Text>
        <View className='search__bar'>
          <Input
            className='search__input'
            type='text'
            value={keyword}
            placeholder='作坊名称或登记证编号'
            confirmType='search'
            aria-label='作坊名称或登记证编号'
            onInput={(e) => setKeyword(e.detail.value)}
            onConfirm={submit}
          />
          <ActionButton variant='primary' className='search__btn' onClick={submit}>
            查询
          </ActionButton>
        </View>
        <Text className='notice search__notice'>信用查询即将开放，可按作坊名称、登记证编号或地址查询公开信息。</Text>
      </View>
      <Text className='section-title'>可查询的公开信息</Text>
      <View className='list'>
        {COMING.map((c) => (
          <View key={c} className='list-row search__item'>
            <Text>{c}</Text>
          </View>
        ))}
      </View>
    </Page>
  );
}
