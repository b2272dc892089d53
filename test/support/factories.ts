import type { Role } from '@shared/domain/roles';
import type { TestApp } from './app';

export interface LoggedIn {
  token: string;
  userId: string;
  auth: { Authorization: string };
}

const DEFAULT_REGION: Partial<Record<Role, string>> = { inspector: '450203', admin: '4502' };

/** Signs in through the demo login route, creating the user on first use. */
export async function loginAs(t: TestApp, role: Role, opts: { region?: string; name?: string } = {}): Promise<LoggedIn> {
  const region = opts.region ?? DEFAULT_REGION[role];
  const res = await t.http.post('/api/v1/auth/dev').send({ role, ...(region ? { region } : {}), ...(opts.name ? { name: opts.name } : {}) });
  if (res.status !== 200) throw new Error(`dev login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { token: res.body.token, userId: res.body.user.id, auth: { Authorization: `Bearer ${res.body.token}` } };
}
