import type { UserView } from '@shared/schemas/auth';
import type { UserDoc } from '../models/User';

export function presentUser(u: UserDoc, regionName: (code: string) => string | null): UserView {
  return {
    id: String(u._id),
    name: u.name,
    roles: u.roles as UserView['roles'],
    region: u.region ? { code: u.region, name: regionName(u.region) ?? u.region } : null,
    phone: u.phoneMasked ?? null,
  };
}
