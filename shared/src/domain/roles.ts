export const ROLES = ['citizen', 'owner', 'trainer', 'inspector', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  citizen: '公众',
  owner: '作坊业主',
  trainer: '培训讲师',
  inspector: '监管人员',
  admin: '监管部门管理员',
};

/** Roles that act inside a jurisdiction (a GB/T 2260 region code prefix). */
export const REGIONAL_ROLES: readonly Role[] = ['inspector', 'admin', 'trainer'];
/** Roles that only an admin may grant. */
export const STAFF_ROLES: readonly Role[] = ['trainer', 'inspector', 'admin'];
