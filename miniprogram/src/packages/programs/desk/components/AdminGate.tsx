import type { ReactNode } from 'react';
import EmptyState from '@/components/EmptyState';
import Page from '@/components/Page';
import { redirectToLogin } from '@/services/navigation';
import { hasRole, useAppState } from '@/store/app';

/** The review desk's pages: login first, then the admin role. */
export default function AdminGate({ children }: { children: ReactNode }) {
  const { user, token } = useAppState();
  if (!token || !user) return <Page><EmptyState status='forbidden' title='请先登录' description='项目评审需要登录' actions={[{ text: '登录', variant: 'primary', onClick: () => redirectToLogin() }]} /></Page>;
  if (!hasRole(user, ['admin'])) return <Page><EmptyState status='forbidden' title='无权使用项目评审' description='仅限监管部门管理员使用' /></Page>;
  return <>{children}</>;
}
