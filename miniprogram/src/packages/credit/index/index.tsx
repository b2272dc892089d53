import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { CreditSearchQuery } from '@shared/schemas/credit';
import ComingSoon from '@/components/ComingSoon';

// Placeholder until the credit feature lands; replace this page, keep the route (credit subpackage).
// It already checks the keyword with the shared schema the server will use, so the form and API agree.
export default function CreditIndex() {
  const raw = useRouter().params.q;
  const parsed = raw === undefined ? null : CreditSearchQuery.safeParse({ q: safeDecode(raw) });
  return (
    <ComingSoon
      title='信用查询'
      summary='作坊信用查询即将开放：扫码核验登记证，查看检查、抽检与处罚公示。'
      features={[
        '按作坊名称、登记证编号或地址查询',
        '扫描登记证二维码核验真伪与当前状态',
        '日常监督检查与监督抽检结果公示',
        '行政处罚公示与信用修复信息',
        '示范单位、非遗与品牌称号展示',
      ]}
    >
      {parsed ? (
        <View className='card'>
          {parsed.success ? (
            <Text>您要查询的是「{parsed.data.q}」，查询服务开放后将直接显示结果。</Text>
          ) : (
            <Text className='notice'>{parsed.error.issues[0]?.message}</Text>
          )}
        </View>
      ) : null}
    </ComingSoon>
  );
}

// WeChat passes query values still encoded, H5 already decoded; decoding twice must not throw.
function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}
