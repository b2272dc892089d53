import ComingSoon from '@/components/ComingSoon';

// Placeholder so the page list is fixed before the programs pages are written in parallel.
export default function Page() {
  return <ComingSoon title='我的申报' summary='即将开放。' features={[]} />;
}
