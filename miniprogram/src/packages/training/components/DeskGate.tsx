import type { ReactNode } from 'react';
import EmptyState from '@/components/EmptyState';
import Page from '@/components/Page';
import { redirectToLogin } from '@/services/navigation';
import { useIsTrainer } from '../lib/trainer';

/** The trainer desk's pages: login first, then the trainer role. */
export default function DeskGate({ children }: { children: ReactNode }) {
  const { token, trainer } = useIsTrainer();
  if (!token) return <Page><EmptyState status='forbidden' title='请先登录' description='讲师工作台需要登录' actions={[{ text: '登录', variant: 'primary', onClick: () => redirectToLogin() }]} /></Page>;
  if (!trainer) return <Page><EmptyState status='forbidden' title='无权使用讲师工作台' description='讲师账号由管理员邀请开通' /></Page>;
  return <>{children}</>;
}
