import { Image, Text, View } from '@tarojs/components';
import { DECORATIVE_IMG } from '@/utils/img';
import { useDidShow, useRouter } from '@tarojs/taro';
import EmptyState from '@/components/EmptyState';
import Page from '@/components/Page';
import { notFound } from '@/hooks/pageProblem';
import { usePageData } from '@/hooks/usePageData';
import { API_BASE, api } from '@/services/request';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { beijingDate } from '@/utils/time';

/** Seeded addresses already start with the region; those typed in the form do not. */
const fullAddress = (w: { address: string; regionName: string }) => (w.address.startsWith(w.regionName) ? w.address : `${w.regionName}${w.address}`);
import type { CertificateView } from '../lib/api';
import { keepScreenOn } from '../lib/screen';
import './index.scss';

/** The certificate as shown at the shop: large, high-contrast, with the QR anyone can scan to verify it. */
export default function CertificatePage() {
  const { params } = useRouter();
  const no = params.no ?? '';
  const { state, retry } = usePageData(
    () => (no ? api.get<CertificateView>(`/certificates/${encodeURIComponent(no)}/verify`, undefined, { toast: false }) : Promise.reject(notFound())),
    { deps: [no], onShow: true },
  );
  useDidShow(keepScreenOn);

  if (state.status !== 'ready') {
    return (
      <Page className='cert'>
        {state.status === 'loading' ? <EmptyState status='loading' /> : null}
        {state.status === 'missing' ? <EmptyState problem={state} title='未找到该登记证' description='编号可能有误，或登记证已不存在。' /> : null}
        {state.status === 'forbidden' || state.status === 'error' ? <EmptyState problem={state} onRetry={retry} /> : null}
      </Page>
    );
  }
  const cert = state.data;
  return (
    <Page className='cert'>
      <View className='cert__paper'>
        <Text className='cert__title' {...a11y({ role: 'heading', level: 1 })}>食品小作坊登记证</Text>
        <Text className={cx('cert__status', cert.status !== 'valid' && 'cert__status--bad')} data-testid='cert-status'>{cert.statusLabel}</Text>
        <Text className='cert__name'>{cert.workshop.name}</Text>
        <View className='cert__kv'><Text className='cert__k'>编号</Text><Text className='cert__v' data-testid='cert-number'>{cert.number}</Text></View>
        <View className='cert__kv'><Text className='cert__k'>经营者</Text><Text className='cert__v'>{cert.ownerName ?? '—'}</Text></View>
        <View className='cert__kv'><Text className='cert__k'>地址</Text><Text className='cert__v'>{fullAddress(cert.workshop)}</Text></View>
        <View className='cert__kv'><Text className='cert__k'>类别</Text><Text className='cert__v'>{(cert.categories ?? []).join('、')}</Text></View>
        <View className='cert__kv'><Text className='cert__k'>生产品种</Text><Text className='cert__v'>{(cert.scope ?? []).join('、')}</Text></View>
        <View className='cert__kv'><Text className='cert__k'>有效期</Text><Text className='cert__v'>{beijingDate(cert.issuedAt)} 至 {beijingDate(cert.expiresAt)}</Text></View>
        <View className='cert__kv'><Text className='cert__k'>发证机关</Text><Text className='cert__v'>{cert.issuer}</Text></View>
        <Image className='cert__qr' src={`${API_BASE}/certificates/${encodeURIComponent(cert.number)}/qr.png`} {...a11y({ role: 'img', label: '核验二维码：扫码查看登记证状态' })} {...DECORATIVE_IMG} />
        <Text className='cert__hint'>扫码核验登记证真伪和当前状态</Text>
      </View>
    </Page>
  );
}
