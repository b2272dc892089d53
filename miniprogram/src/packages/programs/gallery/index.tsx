import ComingSoon from '@/components/ComingSoon';

// Placeholder so the page list is fixed before the programs pages are written in parallel.
export default function Page() {
  return <ComingSoon title='非遗美食' summary='即将开放。' features={[]} />;
}
